// Add / Sub / Multiply / RealDiv of a tensor and a per-channel vector on the active backend (wasm: on
// wide rows with the vector tiled) against stock cpu: bit-for-bit, in both operand orders.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { wasmInternals } from "../../lib/kernels/wasm-internals";
import { activeKernel, assertMatchesCpu, backendLabel, cpuReference, normal } from "./reference";

const KERNELS = ["Add", "Sub", "Multiply", "RealDiv"];

/** The shapes of the outputs the wasm backend allocates during fn (none on other backends). */
function allocations(fn: () => void): number[][] {
  const shapes: number[][] = [];
  if (tf.getBackend() !== "wasm") {
    fn();
    return shapes;
  }
  const backend = wasmInternals(tf.backend());
  const makeOutput = backend.makeOutput;
  backend.makeOutput = (shape, dtype, memoryOffset) => {
    shapes.push(shape);
    return makeOutput.call(backend, shape, dtype, memoryOffset);
  };
  try {
    fn();
  } finally {
    backend.makeOutput = makeOutput;
  }
  return shapes;
}

describe(`kernels: per-channel broadcasts vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("match bit for bit, the vector on either side, widened where the row count allows it", () => {
    const rng = new Rng(71);
    // [rows, C] pairs: a CNN bias add, the vector as [1, 1, 1, C], a 3-D tensor, and a prime row count
    // (no widening: the stock kernel) — all large enough for the wasm fix to consider them. `wide`: the
    // rows the wasm fix hands the stock kernel, k·C values with k the largest divisor of the row count
    // that keeps k·C ≤ 1024.
    const cases: { full: number[]; vector: number[]; wide: number[] | null }[] = [
      { full: [128, 13, 13, 32], vector: [32], wide: [676, 1024] },
      { full: [16, 9, 9, 24], vector: [1, 1, 1, 24], wide: [36, 864] },
      { full: [64, 40, 10], vector: [10], wide: [32, 800] },
      { full: [4099, 7], vector: [7], wide: null },
    ];
    for (const c of cases) {
      const full = normal(rng, c.full);
      const vector = normal(rng, c.vector);
      for (const kernelName of KERNELS) {
        for (const [a, b] of [
          [full, vector],
          [vector, full],
        ]) {
          const what = `${backendLabel()} ${kernelName} [${a.shape}] and [${b.shape}]`;
          let actual: ReturnType<typeof activeKernel> | undefined;
          const allocated = allocations(() => (actual = activeKernel(kernelName, { a, b }, {})));
          const expected = cpuReference(kernelName, { a, b }, {});
          assert.deepEqual(actual?.shape, expected.shape, `${what}: shape`);
          assert.deepEqual(Array.from(actual?.values ?? []), Array.from(expected.values), `${what}: values`);
          if (backendLabel().startsWith("wasm")) {
            const widened = allocated.some((shape) => shape.length === 2 && shape[1] > c.vector[c.vector.length - 1]);
            assert.equal(widened, c.wide !== null, `${what}: widened`);
            if (c.wide !== null)
              assert.ok(
                allocated.some((shape) => shape.join() === c.wide?.join()),
                `${what}: rows [${c.wide}] in ${JSON.stringify(allocated)}`,
              );
          }
          assertMatchesCpu(kernelName, { a, b }, {}, what);
        }
      }
    }
  });
});
