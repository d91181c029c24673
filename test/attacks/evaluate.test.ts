// Evaluation: batched results equal per-example bookkeeping done by hand, do not depend on the batch
// size, and on the logistic model reproduce the exact robust accuracy of T1.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { accuracyVsEps, cleanAccuracy, closedFormLinear, fgsmAttack, pgdAttack, robustAccuracy } from "../../lib/attacks";
import { Rng } from "../../lib/core/rng";
import { dualNorm } from "../../lib/losses";
import { Classifier } from "../../lib/models";
import { logistic, lossesAt, mean, misclassified, randomBatch, smallMlp } from "./support";

describe("attacks/evaluate", () => {
  let model: Classifier;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  before(() => {
    model = smallMlp(41, 10, 3, "softplus", 2);
    ({ x, y } = randomBatch(42, 23, 10, 3));
  });
  after(() => {
    model.dispose();
    tf.dispose([x, y]);
  });

  it("robustAccuracy: per-example outcomes equal a direct computation, for any batch size", () => {
    const attack = pgdAttack({ norm: "l2", eps: 0.4, steps: 5, randomStart: false });
    const xAdv = attack(model, x, y);
    const wrongClean = misclassified(model, x, y);
    const wrongAdv = misclassified(model, xAdv, y);
    const losses = lossesAt(model, xAdv, y);
    xAdv.dispose();
    for (const batchSize of [1, 4, 23, 100]) {
      const r = robustAccuracy(model, x, y, attack, { batchSize });
      assert.deepEqual(
        Array.from(r.correct),
        wrongClean.map((w) => 1 - w),
        `batch ${batchSize}: correct`,
      );
      assert.deepEqual(Array.from(r.success), wrongAdv, `batch ${batchSize}: success`);
      assert.deepEqual(
        Array.from(r.robust),
        wrongClean.map((w, i) => (w === 0 && wrongAdv[i] === 0 ? 1 : 0)),
        `batch ${batchSize}: robust`,
      );
      assert.equal(r.robustAccuracy, mean(Array.from(r.robust)));
      assert.equal(r.cleanAccuracy, 1 - mean(wrongClean));
      assert.equal(r.successRate, mean(wrongAdv));
      assert.ok(Math.abs(r.meanAdversarialLoss - mean(losses)) < 1e-5 * Math.max(1, mean(losses)));
      assert.equal(r.count, 23);
      assert.equal(r.attack, attack.description);
    }
  });

  it("robustAccuracy with a seed attacks batch b with the b-th seed of Rng(seed), and reports progress", () => {
    const attack = pgdAttack({ norm: "linf", eps: 0.1, steps: 3 });
    const progress: [number, number][] = [];
    const r = robustAccuracy(model, x, y, attack, { batchSize: 10, seed: 77, onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(progress, [
      [10, 23],
      [20, 23],
      [23, 23],
    ]);
    const rng = new Rng(77);
    const expected: number[] = [];
    for (let start = 0; start < 23; start += 10) {
      const size = Math.min(10, 23 - start);
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const xAdv = attack(model, xb, yb, rng.seed());
      expected.push(...misclassified(model, xAdv, yb));
      tf.dispose([xb, yb, xAdv]);
    }
    assert.deepEqual(Array.from(r.success), expected);
  });

  it("cleanAccuracy equals the share of correct predictions", () => {
    const r = cleanAccuracy(model, x, y, { batchSize: 7 });
    const wrong = misclassified(model, x, y);
    assert.equal(r.accuracy, 1 - mean(wrong));
    assert.deepEqual(
      Array.from(r.correct),
      wrong.map((w) => 1 - w),
    );
    assert.ok(Math.abs(r.meanLoss - mean(lossesAt(model, x, y))) < 1e-6);
  });

  it("accuracyVsEps on the logistic model with the exact attack: the survivors of T1 at every ε, non-increasing in ε", () => {
    const d = 6;
    const lin = logistic(43, d, true);
    const xs = tf.randomNormal([40, d], 0, 1, "float32", 44) as tf.Tensor2D;
    const ys = tf.tensor1d(
      Array.from({ length: 40 }, (_, i) => i % 2),
      "int32",
    );
    const epsList = [0, 0.05, 0.1, 0.2, 0.4];
    const rows = accuracyVsEps(lin, xs, ys, (eps) => closedFormLinear({ norm: "linf", eps }), epsList, { batchSize: 16 });
    const w = Float64Array.from(lin.params[0].dataSync());
    const b = lin.params[1].dataSync()[0];
    const xv = xs.dataSync();
    const yv = ys.dataSync();
    const margins = Array.from(yv, (label, i) => {
      let s = b;
      for (let j = 0; j < d; j++) s += w[j] * xv[i * d + j];
      return (2 * label - 1) * s;
    });
    rows.forEach((row, k) => {
      const eps = epsList[k];
      assert.equal(row.eps, eps);
      const exact = mean(margins.map((m) => (m > eps * dualNorm(w, "linf") ? 1 : 0)));
      assert.equal(row.accuracy, exact, `ε = ${eps}`);
      assert.equal(row.cleanAccuracy, rows[0].accuracy);
      if (k > 0) assert.ok(row.accuracy <= rows[k - 1].accuracy);
    });
    assert.equal(rows[0].attack, "none");
    lin.dispose();
    tf.dispose([xs, ys]);
  });

  it("accuracyVsEps rows for FGSM carry the attack's description", () => {
    const rows = accuracyVsEps(model, x, y, (eps) => fgsmAttack({ norm: "linf", eps }), [0.05, 0.1]);
    assert.deepEqual(
      rows.map((r) => r.attack),
      ["FGSM linf eps=0.05 (ce)", "FGSM linf eps=0.1 (ce)"],
    );
    rows.forEach((r) => assert.ok(r.accuracy <= r.cleanAccuracy));
  });
});
