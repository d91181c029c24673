// Sign on the active backend (wasm+native: the addon's) against stock cpu, special values included.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, cpuReference, normal } from "./reference";

describe(`kernels: Sign vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches on normal values (a PGD step's gradient)", () => {
    assertMatchesCpu("Sign", { x: normal(new Rng(71), [128, 28, 28, 1]) }, {}, `${backendLabel()} Sign`);
  });

  it("gives -1, 0, 1 exactly as cpu for tiny values, subnormals, zeros, infinities and NaN", () => {
    // The stock wasm kernel returned 0 for |x| < ~1e-7: PGD left pixels with small gradients in place.
    const values = Float32Array.of(-Infinity, -2, -1e-8, -1e-30, -1e-40, -0, 0, 1e-40, 1e-30, 1e-8, 3, Infinity, NaN);
    const x = { shape: [values.length], dtype: "float32" as const, values };
    const expected = Array.from(cpuReference("Sign", { x }, {}).values);
    const t = tf.tensor(values);
    const actual = Array.from(tf.sign(t).dataSync());
    t.dispose();
    assert.deepEqual(
      actual.map((v) => v + 0),
      expected.map((v) => v + 0),
    );
  });
});
