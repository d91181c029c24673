// Add / Sub / Multiply / RealDiv of a tensor and a per-channel vector on the active backend (wasm: on
// wide rows with the vector tiled) against stock cpu: bit-for-bit, in both operand orders.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { activeKernel, assertMatchesCpu, backendLabel, cpuReference, normal } from "./reference";

const KERNELS = ["Add", "Sub", "Multiply", "RealDiv"];

/** How many times the wasm Tile kernel runs during fn (the widened path tiles the vector once). */
function tiles(fn: () => void): number {
  const tile = tf.getKernel("Tile", "wasm");
  if (tile === undefined || tf.getBackend() !== "wasm") {
    fn();
    return 0;
  }
  const original = tile.kernelFunc;
  let calls = 0;
  (tile as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
    calls++;
    return original(args);
  };
  try {
    fn();
  } finally {
    (tile as { kernelFunc: tf.KernelFunc }).kernelFunc = original;
  }
  return calls;
}

describe(`kernels: per-channel broadcasts vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("match bit for bit, the vector on either side, widened where the row count allows it", () => {
    const rng = new Rng(71);
    // [rows, C] pairs: a CNN bias add, the vector as [1, 1, 1, C], a 3-D tensor, and a prime row count
    // (no widening: the stock kernel) — all large enough for the wasm fix to consider them.
    const cases: { full: number[]; vector: number[]; widened: boolean }[] = [
      { full: [128, 13, 13, 32], vector: [32], widened: true },
      { full: [16, 9, 9, 24], vector: [1, 1, 1, 24], widened: true },
      { full: [64, 40, 10], vector: [10], widened: true },
      { full: [4099, 7], vector: [7], widened: false },
    ];
    for (const c of cases) {
      const full = normal(rng, c.full);
      const vector = normal(rng, c.vector);
      for (const kernelName of KERNELS) {
        for (const [a, b] of [[full, vector], [vector, full]]) {
          const what = `${backendLabel()} ${kernelName} [${a.shape}] and [${b.shape}]`;
          let actual: ReturnType<typeof activeKernel> | undefined;
          const tiled = tiles(() => (actual = activeKernel(kernelName, { a, b }, {})));
          const expected = cpuReference(kernelName, { a, b }, {});
          assert.deepEqual(actual?.shape, expected.shape, `${what}: shape`);
          assert.deepEqual(Array.from(actual?.values ?? []), Array.from(expected.values), `${what}: values`);
          if (backendLabel().startsWith("wasm")) assert.equal(tiled, c.widened ? 1 : 0, `${what}: widened`);
          assertMatchesCpu(kernelName, { a, b }, {}, what);
        }
      }
    }
  });
});
