// S5 with the data box: hand-made positions, and a converged L∞ PGD on the logistic model of T1 against
// its exact optimum in the box (each coordinate at the end of its interval that −ỹ·sign(wᵢ) points to).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { convergedPgd } from "../../lib/attacks";
import { Rng } from "../../lib/core/rng";
import { boxPositions, saturation } from "../../lib/smoothness";
import { assertNoLeak } from "../helpers";
import { logisticWith } from "./support";

describe("smoothness: positions in the feasible box (S5 with the data range)", function () {
  this.timeout(60000);

  it("classifies hand-made coordinates: at ±ε, at a data bound, inside", () => {
    const x = tf.tensor2d([
      [0, 0.5, 1, 0.95, 0.5],
      [0.2, 0.2, 0.2, 0.2, 0.2],
    ]);
    const xAdv = tf.tensor2d([
      [0, 0.6, 0.9, 1, 0.55],
      [0.1, 0.3, 0.1, 0.3, 0.25],
    ]);
    const p = boxPositions(x, xAdv, 0.1);
    assert.deepEqual(p.atEps, [2 / 5, 4 / 5]);
    assert.deepEqual(p.atDataBound, [2 / 5, 0]);
    assert.deepEqual(p.inside, [1 / 5, 1 / 5]);
    saturation(tf.sub(xAdv, x), 0.1).forEach((v, i) => assert.ok(Math.abs(v - p.atEps[i]) < 1e-7, "atEps is S5's saturation"));
    assertNoLeak(() => void boxPositions(x, xAdv, 0.1), "boxPositions");
    assert.throws(() => boxPositions(x, tf.zeros([2, 4]), 0.1), /xAdv must have the shape of x/);
    assert.throws(() => boxPositions(x, xAdv, 0.1, [1, 0]), /bounds must be \[low, high\]/);
    tf.dispose([x, xAdv]);
  });

  it("a converged L∞ attack on the logistic model sits where the exact optimum in the box does", () => {
    const rng = new Rng(11);
    const d = 40;
    const n = 16;
    const eps = 0.2;
    const w = Array.from({ length: d }, () => rng.normal());
    // A third of the pixels exactly 0, a few exactly 1, the rest uniform: many intervals are cut by the box.
    const xs = Array.from({ length: n * d }, () => {
      const u = rng.uniform();
      return u < 0.33 ? 0 : u > 0.95 ? 1 : rng.uniform();
    });
    const labels = Array.from({ length: n }, () => rng.int(2));
    const model = logisticWith(w);
    const x = tf.tensor2d(xs, [n, d]);
    const y = tf.tensor1d(labels, "int32");
    // ∂ℓ/∂δᵢ = −ỹ σ(·) wᵢ: the optimum takes the upper end of [max(−ε, −xᵢ), min(ε, 1 − xᵢ)] where −ỹwᵢ > 0.
    const exact = xs.map((xi, k) => {
      const up = -(2 * labels[Math.floor(k / d)] - 1) * w[k % d] > 0;
      return xi + (up ? Math.min(eps, 1 - xi) : Math.max(-eps, -xi));
    });
    const optimum = tf.tensor2d(exact, [n, d]);
    const attacked = convergedPgd(model, x, y, { norm: "linf", eps, seed: 2 });
    const ours = boxPositions(x, attacked.xAdv, eps, [0, 1], 1e-5);
    const oracle = boxPositions(x, optimum, eps, [0, 1], 1e-5);
    assert.deepEqual(ours, oracle);
    assert.deepEqual(ours.inside, new Array(n).fill(0), "no coordinate inside its interval");
    assert.ok(Math.min(...ours.atDataBound) > 0.1, "the box cuts a share of every example's intervals");
    model.dispose();
    tf.dispose([x, y, optimum, attacked.xAdv, attacked.gap, attacked.loss]);
  });
});
