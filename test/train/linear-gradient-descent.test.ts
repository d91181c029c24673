// Oracles for fixed-step GD on T1's closed form: a one-dimensional case solved by hand, the descent
// lemma on a smooth loss, and the oscillation T1(b) predicts under L∞ around a zeroed coordinate.
import { strict as assert } from "assert";
import { meanAdversarialLoss, sigmoid } from "../../lib/losses/adversarial-linear";
import { linearGradientDescent, oscillation, signChanges } from "../../lib/train/linear-gradient-descent";

describe("train/linear-gradient-descent (fixed-step GD on T1's closed form, float64)", () => {
  it("signChanges counts changes of sign, skipping values within the tolerance", () => {
    assert.equal(signChanges([1, -1, 1, -1]), 3);
    assert.equal(signChanges([1, 0, 2, -3, 0, -1, 4]), 2);
    assert.equal(signChanges([1e-15, -1e-15, 1, 2], 1e-12), 0);
    assert.equal(signChanges([]), 0);
  });

  it("one example, d = 1: each step is w ← w + η σ(−w·x + ε|w|)(x − ε sign w), by hand", () => {
    const X = { data: Float64Array.of(2), d: 1 };
    const y = [1];
    const eps = 0.5;
    const run = linearGradientDescent({ X, y, eps, norm: "linf", start: Float64Array.of(0.3), stepSize: 0.7, steps: 4 });
    let w = 0.3;
    for (let t = 1; t <= 4; t++) {
      w = w + 0.7 * sigmoid(-2 * w + eps * Math.abs(w)) * (2 - eps * Math.sign(w));
      assert.ok(Math.abs(run.weights[t][0] - w) < 1e-15, `step ${t}: ${run.weights[t][0]} vs ${w}`);
      assert.ok(Math.abs(run.losses[t] - Math.log1p(Math.exp(-2 * w + eps * Math.abs(w)))) < 1e-15);
    }
    assert.equal(run.weights.length, 5);
    assert.equal(run.losses.length, 5);
  });

  // Two features: x₁ carries the label, x₂ a weak one (mean y·x₂ = 0.09 < ε), one point of each class on
  // the wrong side, so the loss has a finite minimiser (the notebook's blobs in miniature).
  const X = { data: Float64Array.of(1.2, 0.3, 0.8, -0.2, 1.5, 0.4, -0.6, 0.1, -1.1, -0.1, -0.9, 0.2, -1.4, -0.3, 0.7, -0.1), d: 2 };
  const y = Float64Array.of(1, 1, 1, 1, -1, -1, -1, -1);

  it("L2 with η below 1/β (β ≤ ¼(R + ε)² + 2ε/‖w‖ on the path): the loss never goes up (descent lemma)", () => {
    const run = linearGradientDescent({ X, y, eps: 0.3, norm: "l2", start: Float64Array.of(0.5, 1.5), stepSize: 0.5, steps: 200 });
    const o = oscillation(run);
    assert.equal(o.lossIncreases, 0);
    assert.equal(o.decreaseSignChanges, 0);
    assert.deepEqual(o.weightSignChanges, [0, 0]);
    for (let t = 1; t < run.losses.length; t++) assert.ok(run.losses[t] <= run.losses[t - 1] + 1e-15);
    assert.equal(run.losses[0], meanAdversarialLoss(Float64Array.of(0.5, 1.5), X, y, 0.3, "l2"));
  });

  it("L∞ with the same η: w₂ is pulled to 0 and then crosses it back and forth, and the loss goes up and down", () => {
    const run = linearGradientDescent({ X, y, eps: 0.3, norm: "linf", start: Float64Array.of(0.5, 1.5), stepSize: 0.5, steps: 200 });
    const o = oscillation(run, 50);
    assert.equal(o.steps, 150);
    assert.equal(o.weightSignChanges[0], 0, "the strong feature keeps its sign");
    assert.ok(o.weightSignChanges[1] > 50, `w₂ sign changes ${o.weightSignChanges[1]}`);
    assert.ok(o.lossIncreases > 30 && o.decreaseSignChanges > 50, JSON.stringify(o));
    // Near 0, each step moves w₂ by at most η·max|∂₂L| ≤ η(max|x₂| + ε).
    for (const w of run.weights.slice(50)) assert.ok(Math.abs(w[1]) <= 0.5 * (0.4 + 0.3), `|w₂| = ${Math.abs(w[1])}`);
  });

  it("rejects bad arguments", () => {
    assert.throws(() => linearGradientDescent({ X, y, eps: 0.3, norm: "l2", start: Float64Array.of(1, 1), stepSize: 0, steps: 3 }), /stepSize/);
    assert.throws(() => linearGradientDescent({ X, y, eps: 0.3, norm: "l2", start: Float64Array.of(1, 1), stepSize: 1, steps: 1.5 }), /steps/);
    const run = linearGradientDescent({ X, y, eps: 0.3, norm: "l2", start: Float64Array.of(1, 1), stepSize: 1, steps: 3 });
    assert.throws(() => oscillation(run, 3), /from must be below the last step 3, got 3/);
  });
});
