// AvgPoolGrad on the active backend (wasm+native: the addon's) against stock cpu over the pooling
// geometries of the max-pool tests, and through tf.grad (the path the models take) against its closed
// form: under 2x2 windows that tile the input, each pixel's gradient is its window's weight / 4.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, cpuReference, normal } from "./reference";
import { label, NON_OVERLAPPING, OVERLAPPING, PoolCase, poolAttrs } from "./pool-cases";

// The pooling after the first convolution of E3's small CNN, at batch 128.
const E3_CNN_FIRST_POOL: PoolCase = { x: [128, 26, 26, 16], filterSize: 2, strides: 2, pad: "valid" };

describe(`kernels: AvgPoolGrad vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches cpu for non-overlapping and overlapping windows (shared pixels add up), padded or not", () => {
    const rng = new Rng(61);
    for (const c of [...NON_OVERLAPPING, ...OVERLAPPING, E3_CNN_FIRST_POOL]) {
      const input = normal(rng, c.x);
      const output = cpuReference("AvgPool", { x: input }, poolAttrs(c));
      assertMatchesCpu("AvgPoolGrad", { dy: normal(rng, output.shape), input }, poolAttrs(c), `${backendLabel()} AvgPoolGrad ${label(c)}`);
    }
  });

  it("gives the closed-form gradient of a weighted sum of 2x2 means through tf.grad", () => {
    const rng = new Rng(62);
    const [n, h, w, c] = [3, 6, 8, 5];
    const x = tf.tensor4d(normal(rng, [n, h, w, c]).values, [n, h, w, c]);
    const weights = tf.tensor4d(normal(rng, [n, h / 2, w / 2, c]).values, [n, h / 2, w / 2, c]);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(a as tf.Tensor4D, 2, 2, "valid"), weights)))(x);
    const g = dx.arraySync() as number[][][][];
    const v = weights.arraySync() as number[][][][];
    let worst = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) worst = Math.max(worst, Math.abs(g[b][i][j][k] - v[b][i >> 1][j >> 1][k] / 4));
    tf.dispose([x, weights, dx]);
    assert.ok(worst < 1e-7, `${backendLabel()}: largest difference ${worst}`);
  });
});
