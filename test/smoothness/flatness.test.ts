// S4: input-gradient norms and input-Hessian eigenvalues at the adversarial point, against the T1 closed
// forms of the logistic model (‖∇_x ℓ‖ = σ(u)‖w‖, ∇²_xx ℓ = σ'(u) wwᵀ), exact against finite-difference
// input Hessians on an MLP, memory and bad inputs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { closedFormLinear } from "../../lib/attacks";
import { smallCnn } from "../../lib/models";
import { inputFlatness } from "../../lib/smoothness";
import { assertClose, assertNoLeak } from "../helpers";
import { assertParameters, batch, logisticWith, parameters, rows64, tinyMlp } from "./support";

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

describe("smoothness: input flatness (S4)", function () {
  this.timeout(120000);

  for (const norm of ["l2", "linf"] as const) {
    it(`logistic model, closed-form ${norm} attack: ‖∇_x ℓ‖₂ = σ(u)‖w‖₂, ‖·‖₁ = σ(u)‖w‖₁, λ_max = σ'(u)‖w‖²`, () => {
      const w = [0.6, -0.4, 0.9, 0.2, -0.7];
      const model = logisticWith(w);
      const { x, y } = batch(21, 16, 5, 2, true);
      const eps = 0.3;
      const { X, labels } = rows64(x, y);
      const w1 = w.reduce((s, v) => s + Math.abs(v), 0);
      const w2 = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
      const wf = parameters(model);
      const margins = labels.map((yn, n) => -yn * wf.reduce((s, wi, i) => s + wi * X.data[n * 5 + i], 0) + eps * (norm === "l2" ? w2 : w1));
      for (const hvp of ["finite-difference", "exact"] as const) {
        const r = inputFlatness(model, x, y, { attack: closedFormLinear({ norm, eps }), hessian: true, hvp });
        assertClose(
          r.l2,
          margins.map((u) => sigmoid(u) * w2),
          1e-5,
          "‖∇_x ℓ‖₂",
        );
        assertClose(
          r.l1,
          margins.map((u) => sigmoid(u) * w1),
          1e-5,
          "‖∇_x ℓ‖₁",
        );
        assertClose(
          r.loss,
          margins.map((u) => Math.log1p(Math.exp(u))),
          1e-5,
          "ℓ(x + δ*)",
        );
        assertClose(
          r.hessian!.values,
          margins.map((u) => sigmoid(u) * (1 - sigmoid(u)) * w2 * w2),
          1e-3,
          `${hvp} λ_max`,
        );
        assert.ok(r.hessian!.converged.every(Boolean));
        assert.equal(r.gap, null);
        assertClose([r.mean.l2], [r.l2.reduce((a, b) => a + b, 0) / 16], 1e-9, "mean");
      }
      model.dispose();
      tf.dispose([x, y]);
    });
  }

  it("an MLP: finite-difference and exact input Hessians agree; the converged attack's gap is reported", () => {
    const model = tinyMlp(7, 6, [8], 3);
    const { x, y } = batch(8, 10, 6, 3);
    const original = parameters(model);
    const attack = { norm: "l2" as const, eps: 0.5 };
    const fd = inputFlatness(model, x, y, { attack, hessian: true, seed: 2, tolerance: 1e-5, maxIterations: 200 });
    const exact = inputFlatness(model, x, y, { attack, hessian: true, hvp: "exact", seed: 2, tolerance: 1e-5, maxIterations: 200 });
    assertClose(fd.hessian!.values, exact.hessian!.values, 2e-3, "input λ_max", 1e-4);
    assert.deepEqual(fd.l2, exact.l2);
    assert.equal(fd.gap!.length, 10);
    assert.equal(fd.cost.attackGradientEvaluations, 200);
    assert.ok(fd.cost.inputGradientEvaluations >= 3);
    assertParameters(model, original, "inputFlatness");
    // Without an attack: the clean input gradient, larger loss at the adversarial point.
    const clean = inputFlatness(model, x, y);
    fd.loss.forEach((l, n) => assert.ok(l >= clean.loss[n] - 1e-6, `example ${n}: adversarial loss ${l} < clean ${clean.loss[n]}`));
    assert.equal(clean.attack, null);
    model.dispose();
    tf.dispose([x, y]);
  });

  it("leaks nothing and rejects bad input", () => {
    const model = tinyMlp(7, 6, [8], 3);
    const { x, y } = batch(8, 10, 6, 3);
    assertNoLeak(() => void inputFlatness(model, x, y, { attack: { norm: "linf", eps: 0.1, steps: 5 }, hessian: true, maxIterations: 3 }), "inputFlatness");
    assertNoLeak(() => void inputFlatness(model, x, y, { hessian: true, hvp: "exact", maxIterations: 3 }), "inputFlatness exact");
    assert.throws(() => inputFlatness(model, x, y, { hessian: "yes" as unknown as boolean }), /hessian must be true or false, got "yes"/);
    assert.throws(() => inputFlatness(model, x, y, { radius: 0 }), /radius must be > 0/);
    assert.throws(() => inputFlatness(model, x, y, { maxIterations: 1.5 }), /maxIterations must be an integer/);
    assert.throws(() => inputFlatness(model, x, y, { norm: "l2" } as object), /unknown inputFlatness option\(s\): norm/);
    const wrong = tf.zeros([10, 5]);
    assert.throws(() => inputFlatness(model, wrong, y), /x must have shape \[batch, 6\]/);
    const cnn = smallCnn({ inputShape: [6, 6, 1], channels: [2], hidden: [4], numClasses: 2, seed: 1 });
    const images = tf.zeros([2, 6, 6, 1]);
    const labels = tf.zeros([2], "int32") as tf.Tensor1D;
    assert.throws(() => inputFlatness(cnn, images, labels, { hessian: true, hvp: "exact" }), /use hvp "finite-difference"/);
    // The finite-difference input Hessian works on a CNN.
    const r = inputFlatness(cnn, images, labels, { hessian: true, maxIterations: 3 });
    assert.equal(r.hessian!.values.length, 2);
    cnn.dispose();
    model.dispose();
    tf.dispose([x, y, wrong, images, labels]);
  });
});
