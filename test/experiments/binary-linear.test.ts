// Notebook 03's runner: the measured shares and accuracies are what the weights and an independent
// tensor evaluation say; the record is stamped.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { closedFormLinearAttack } from "../../lib/attacks/closed-form-linear";
import {
  binaryLinearBlobs,
  closedFormAccuracy,
  linearSparsity,
  smallWeightShare,
  SMALL_WEIGHT,
  SPARSITY_THREATS,
  WEIGHT_THRESHOLDS,
} from "../../lib/experiments/binary-linear";
import { signedExamples } from "../../lib/losses/signed-examples";
import { linear } from "../../lib/models/linear";
import { validateStamp } from "../../lib/results/records";

describe("experiments/binary-linear (notebook 03)", () => {
  it("smallWeightShare counts |wᵢ| strictly below the threshold", () => {
    assert.equal(smallWeightShare([0, 1e-4, -5e-4, 1e-3, -0.2], 1e-3), 3 / 5);
    assert.equal(smallWeightShare(Float64Array.of(2, -3), 1), 0);
    assert.throws(() => smallWeightShare([], 1e-3), /at least one/);
    assert.throws(() => smallWeightShare([1], 0), /threshold/);
  });

  it("closedFormAccuracy equals the model's accuracy on the closed-form adversarial inputs (tensor path)", () => {
    const x = tf.randomNormal([40, 3], 0, 1, "float32", 9) as tf.Tensor2D;
    const labels = tf.tensor1d(
      Array.from({ length: 40 }, (_, i) => (i * 5) % 2),
      "int32",
    );
    const model = linear({ inputShape: [3], numClasses: 2, bias: false, seed: 2 });
    const w = Float64Array.from(model.params[0].dataSync());
    const data = signedExamples(x, labels);
    for (const [norm, eps] of [
      ["linf", 0.2],
      ["l2", 0.5],
      ["l2", 0],
    ] as const) {
      const tensorAccuracy = tf.tidy(() => {
        const xAdv = closedFormLinearAttack(model, x, labels, { norm, eps });
        return tf.mean(tf.cast(tf.equal(tf.argMax(model.logits(xAdv), 1), labels), "float32")).dataSync()[0];
      });
      assert.ok(Math.abs(closedFormAccuracy(w, data, eps, norm) - tensorAccuracy) < 1e-6, `${norm} ${eps}`);
    }
    tf.dispose([x, labels]);
    model.dispose();
  });

  it("the blobs are the documented set, labels ±1", () => {
    const blobs = binaryLinearBlobs();
    assert.equal(blobs.y.length, 200);
    assert.equal(blobs.X.d, 2);
    assert.ok(blobs.y.every((v) => v === 1 || v === -1));
    assert.match(blobs.description, /n = 200/);
  });

  it("the quick run: one row per threat, its numbers reproduced from its recorded weights, stamped", async function () {
    this.timeout(120000);
    const record = await linearSparsity({ scale: "quick" });
    validateStamp(record.stamp);
    const { models, distribution, weights } = record.results;
    assert.deepEqual(
      models.map((m) => m.training),
      SPARSITY_THREATS.map((t) => t.label),
    );
    assert.equal(distribution.length, SPARSITY_THREATS.length * WEIGHT_THRESHOLDS.length);
    for (const m of models) {
      const w = weights[m.training];
      assert.equal(w.length, 784);
      assert.ok(Math.abs(smallWeightShare(w, SMALL_WEIGHT) - m.smallShare) <= 2 / 784, m.training);
      assert.ok(Math.abs(w.reduce((s, v) => s + Math.abs(v), 0) - m.l1) < 1e-4 * m.l1);
      assert.ok(m.robustAccuracy <= m.cleanAccuracy);
      assert.ok(m.cleanAccuracy > 0.95, `${m.training} learns 0-vs-1: ${m.cleanAccuracy}`);
    }
  });
});
