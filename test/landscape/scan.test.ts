// Loss landscapes: grid layout, the centre against a direct evaluation (clean loss and a converged
// attack run at θ), 1-D scans of the logistic model against the T1 closed forms at every point, chunked
// evaluation, convergence flags, rows a heatmap can draw, restored weights (also on error), no leaks,
// bad inputs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Attack, closedFormLinear, convergedPgd } from "../../lib/attacks";
import { meanAdversarialLoss, meanCleanLoss } from "../../lib/losses";
import { Classifier, paramCount } from "../../lib/models";
import { lossLandscape, lossLandscape1d, lossLandscape2d } from "../../lib/landscape";
import { heatmap } from "../../lib/viz";
import { assertClose, assertNoLeak } from "../helpers";
import { assertParameters, batch, logisticWith, parameters, rows64, tinyMlp } from "../smoothness/support";

function meanCrossEntropy(model: Classifier, inputs: tf.Tensor, y: tf.Tensor1D): number {
  const t = tf.tidy(() => {
    const z = model.logits(inputs);
    return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, tf.oneHot(y, model.numClasses).toFloat()), 1)));
  });
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

describe("landscape: 1-D and 2-D scans with the attack re-run at every point", function () {
  this.timeout(120000);
  let model: Classifier;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  before(() => {
    model = tinyMlp(3, 6, [8], 3);
    ({ x, y } = batch(4, 12, 6, 3));
  });
  after(() => {
    model.dispose();
    tf.dispose([x, y]);
  });

  it("2-D: a points × points grid whose centre is θ's clean and adversarial loss", () => {
    const attack = { norm: "linf" as const, eps: 0.1, steps: 40 };
    const original = parameters(model);
    const r = lossLandscape2d(model, x, y, { points: 5, range: [-0.5, 0.5], attack, seed: 7 });
    assertParameters(model, original, "lossLandscape2d");
    assert.equal(r.rows.length, 25);
    assert.deepEqual(r.a, [-0.5, -0.25, 0, 0.25, 0.5]);
    assert.deepEqual(r.b, r.a);
    assert.equal(r.directionKind, "filter-normalized");
    const centre = r.center!;
    assert.deepEqual([centre.a, centre.b], [0, 0]);
    assertClose([centre.cleanLoss], [meanCrossEntropy(model, x, y)], 1e-6, "clean loss at θ");
    const direct = convergedPgd(model, x, y, { ...attack, seed: 7 });
    assertClose([centre.adversarialLoss!], [meanCrossEntropy(model, direct.xAdv, y)], 1e-6, "adversarial loss at θ");
    tf.dispose([direct.xAdv, direct.loss, direct.gap]);
    r.rows.forEach((row) => {
      assert.ok(row.adversarialLoss! >= row.cleanLoss - 1e-6, `(${row.a}, ${row.b}): adversarial ${row.adversarialLoss} < clean ${row.cleanLoss}`);
      assert.equal(row.loss, row.adversarialLoss);
      assert.ok(row.adversarialAccuracy! <= row.cleanAccuracy + 1e-9);
    });
    // Every grid point re-attacks: 25 attacks of 40 steps.
    assert.equal(r.cost.gradientEvaluations, 25 * 40);
    assert.equal(r.flaggedCount, 0);
    // The rows draw as a heatmap.
    const spec = heatmap({ data: r.rows, title: "landscape", caption: "test", x: { field: "a" }, y: { field: "b" }, value: { field: "loss" } }) as {
      data: { values: unknown[] };
    };
    assert.equal(spec.data.values.length, 25);
  });

  it("1-D along a given direction of the logistic model: every point matches the T1 closed forms", () => {
    const logistic = logisticWith([0.5, -0.8, 0.3, 0.1]);
    const data = batch(5, 20, 4, 2, true);
    const U = tf.tensor1d([0.2, 0.4, -0.3, 0.5]);
    const { X, labels } = rows64(data.x, data.y);
    const w = parameters(logistic);
    const u = U.dataSync();
    for (const norm of ["l2", "linf"] as const) {
      const r = lossLandscape1d(logistic, data.x, data.y, { directions: [U], points: 9, range: [-2, 2], attack: closedFormLinear({ norm, eps: 0.3 }) });
      assert.equal(r.rows.length, 9);
      assert.equal(r.dimensions, 1);
      r.rows.forEach((row) => {
        const moved = Float64Array.from(w, (wi, i) => wi + row.a * u[i]);
        assertClose([row.adversarialLoss!], [meanAdversarialLoss(moved, X, labels, 0.3, norm)], 1e-5, `${norm} adversarial loss at a = ${row.a}`);
        assertClose([row.cleanLoss], [meanCleanLoss(moved, X, labels)], 1e-5, `clean loss at a = ${row.a}`);
        assert.equal(row.b, 0);
        assert.equal(row.gap, null);
      });
    }
    logistic.dispose();
    tf.dispose([data.x, data.y, U]);
  });

  it("chunked evaluation gives the same losses", () => {
    const logistic = logisticWith([0.5, -0.8, 0.3, 0.1]);
    const data = batch(5, 20, 4, 2, true);
    const attack = closedFormLinear({ norm: "linf", eps: 0.2 });
    const whole = lossLandscape(logistic, data.x, data.y, { points: 3, attack, seed: 2 });
    const chunked = lossLandscape(logistic, data.x, data.y, { points: 3, attack, seed: 2, batchSize: 6 });
    assertClose(
      chunked.rows.map((r) => r.loss),
      whole.rows.map((r) => r.loss),
      1e-6,
      "chunked loss",
    );
    assertClose(
      chunked.rows.map((r) => r.cleanAccuracy),
      whole.rows.map((r) => r.cleanAccuracy),
      1e-9,
      "chunked accuracy",
      1,
    );
    logistic.dispose();
    tf.dispose([data.x, data.y]);
  });

  it("flags points where the attack had not converged; without an attack, only the clean loss", () => {
    const unconverged = { norm: "linf" as const, eps: 0.1, steps: 10, stepSize: 0.001, stepSchedule: "constant" as const };
    const r = lossLandscape1d(model, x, y, { points: 3, attack: unconverged, gapTolerance: 1e-5 });
    assert.equal(r.flaggedCount, 3);
    assert.ok(r.rows.every((row) => row.flagged && row.gap! > 1e-5));
    const clean = lossLandscape1d(model, x, y, { points: 3 });
    assert.ok(clean.rows.every((row) => row.adversarialLoss === null && row.loss === row.cleanLoss && !row.flagged));
    assert.equal(clean.cost.gradientEvaluations, 0);
    assert.equal(clean.attack, null);
  });

  it("restores the weights on error, leaks nothing, rejects bad input", () => {
    const original = parameters(model);
    let calls = 0;
    const failing = Object.assign(
      (_m: Classifier, input: tf.Tensor) => {
        calls += 1;
        if (calls === 4) throw new Error("attack failed on purpose");
        return input.clone();
      },
      { description: "fails on its fourth call", cost: { gradientEvaluations: 1, forwardPasses: 0 } },
    ) as unknown as Attack;
    const tensors = tf.memory().numTensors;
    assert.throws(() => lossLandscape2d(model, x, y, { points: 3, attack: failing }), /on purpose/);
    assertParameters(model, original, "after a failing attack");
    assert.equal(tf.memory().numTensors, tensors);
    assertNoLeak(() => void lossLandscape2d(model, x, y, { points: 2, attack: { norm: "l2", eps: 0.3, steps: 5 }, batchSize: 5 }), "lossLandscape2d");
    const m = paramCount(model);
    const zero = tf.zeros([m]) as tf.Tensor1D;
    const long = tf.ones([m + 2]) as tf.Tensor1D;
    const one = tf.ones([m]) as tf.Tensor1D;
    assert.throws(() => lossLandscape(model, x, y, { points: 1 }), /points must be an integer ≥ 2, got 1/);
    assert.throws(() => lossLandscape(model, x, y, { range: [1, -1] }), /low < high/);
    assert.throws(() => lossLandscape(model, x, y, { range: [0, NaN] }), /range\[1\] must be a finite number/);
    assert.throws(() => lossLandscape(model, x, y, { directions: [zero] }), /directions\[0\] must not be zero/);
    assert.throws(() => lossLandscape(model, x, y, { directions: [long] }), new RegExp(`directions\\[0\\] must be a Tensor1D of length ${m}`));
    assert.throws(() => lossLandscape2d(model, x, y, { directions: [one] }), /two Tensor1D \(U and V\) for a 2-D scan, got 1/);
    assert.throws(() => lossLandscape(model, x, y, { dimensions: 3 as 2 }), /dimensions must be 1 or 2, got 3/);
    assert.throws(() => lossLandscape(model, x, y, { batchSize: 0 }), /batchSize must be an integer ≥ 1/);
    assert.throws(() => lossLandscape(model, x, y, { grid: 3 } as object), /unknown lossLandscape option\(s\): grid/);
    const labels = tf.zeros([11], "int32") as tf.Tensor1D;
    assert.throws(() => lossLandscape(model, x, labels), /y must have shape \[12\]/);
    tf.dispose([zero, long, one, labels]);
    assertParameters(model, original, "after the bad inputs");
  });
});
