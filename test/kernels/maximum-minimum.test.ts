// Maximum and Minimum on the active backend (wasm+native: the addon's) against stock cpu: same shapes,
// a scalar on either side, broadcasts left to wasm, and cpu's NaN and signed-zero rules where replaced.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, cpuReference, normal } from "./reference";

describe(`kernels: Maximum / Minimum vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("match for same shapes, scalars and broadcasts", () => {
    const rng = new Rng(111);
    const shapes: [number[], number[]][] = [
      [
        [128, 784],
        [128, 784],
      ],
      [[5, 7], []],
      [[], [5, 7]],
      [[1], [3, 4]],
      [[3, 4], [4]],
      [
        [3, 1],
        [1, 4],
      ],
    ];
    for (const kernel of ["Maximum", "Minimum"]) {
      for (const [sa, sb] of shapes) {
        assertMatchesCpu(kernel, { a: normal(rng, sa), b: normal(rng, sb) }, {}, `${backendLabel()} ${kernel} [${sa}] [${sb}]`);
      }
    }
  });

  it("follow Math.max / Math.min for NaN, infinities and signed zeros with the native kernels", function () {
    // The stock wasm kernels return the first operand when only the second is NaN.
    if (backendLabel() !== "wasm+native") this.skip();
    const a = Float32Array.of(NaN, 1, -0, 0, -Infinity, 2, 3);
    const b = Float32Array.of(1, NaN, 0, -0, 5, Infinity, 3);
    for (const [kernel, op] of [
      ["Maximum", tf.maximum],
      ["Minimum", tf.minimum],
    ] as const) {
      const expected = cpuReference(kernel, { a: { shape: [7], dtype: "float32", values: a }, b: { shape: [7], dtype: "float32", values: b } }, {}).values;
      const ta = tf.tensor(a);
      const tb = tf.tensor(b);
      const actual = op(ta, tb).dataSync();
      tf.dispose([ta, tb]);
      assert.deepEqual(
        Array.from(actual).map((v) => (Object.is(v, -0) ? "-0" : v)),
        Array.from(expected).map((v) => (Object.is(v, -0) ? "-0" : v)),
        kernel,
      );
    }
  });
});
