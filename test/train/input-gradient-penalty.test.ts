// Oracles for the input-gradient penalty: its value against ‖∇ₓCE‖² computed directly, its
// finite-difference parameter gradient against exact double backpropagation (softplus MLP, where
// lib/smoothness makes nested gradients exact), the oracle adding it and pricing it, the budget that
// prices it in advance, and training with it making the model flatter in input space.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { pgdAttack, type PgdOptions } from "../../lib/attacks";
import { crossEntropyFromOneHot, oneHotLabels } from "../../lib/losses";
import { mlp, type Classifier } from "../../lib/models";
import { withSecondOrderGradients } from "../../lib/smoothness";
import { fit, inputGradientPenalty, trainingOracle, PENALTY_GRADIENT_EVALUATIONS, type TrainingData } from "../../lib/train";
import { assertNoLeak } from "../helpers";
import { countingModel, disposeData, mnistSubset } from "./support";

const softplusMlp = (seed: number): Classifier => mlp({ inputShape: [28, 28, 1], hidden: [16], numClasses: 10, activation: "softplus", seed });

/** ‖a − b‖ / ‖b‖ over all parameters. */
function relativeDistance(a: Float32Array[], b: Float32Array[]): number {
  let diff = 0;
  let ref = 0;
  a.forEach((ai, i) => ai.forEach((v, j) => ((diff += (v - b[i][j]) ** 2), (ref += b[i][j] ** 2))));
  return Math.sqrt(diff / ref);
}

const read = (grads: tf.Tensor[]): Float32Array[] => {
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return out;
};

/** mean ‖∇ₓCE_n‖² and λ·its exact parameter gradient by double backpropagation. */
function exactPenalty(model: Classifier, x: tf.Tensor, oneHot: tf.Tensor2D, lambda: number): { value: number; grads: Float32Array[] } {
  return withSecondOrderGradients(() => {
    const { value, grads } = tf.variableGrads(() => {
      const g = tf.grad((input: tf.Tensor) => tf.sum(crossEntropyFromOneHot(model.logits(input), oneHot)) as tf.Scalar)(x);
      return tf.mul(tf.mean(tf.sum(tf.square(g.reshape([x.shape[0], -1])), 1)), lambda) as tf.Scalar;
    }, model.params);
    const out = { value: value.dataSync()[0] / lambda, grads: read(model.params.map((p) => grads[p.name])) };
    value.dispose();
    return out;
  });
}

describe("train/input-gradient-penalty", () => {
  let data: TrainingData;
  let oneHot: tf.Tensor2D;
  let model: Classifier;
  before(() => {
    data = mnistSubset(64);
    oneHot = oneHotLabels(data.y, 10);
    model = softplusMlp(1);
  });
  after(() => {
    disposeData(data);
    oneHot.dispose();
    model.dispose();
  });

  it("its value is mean ‖∇ₓCE‖² and its gradient matches exact double backpropagation (central difference, O(r²))", () => {
    const lambda = 0.7;
    const exact = exactPenalty(model, data.x, oneHot, lambda);
    const penalty = inputGradientPenalty(model, data.x, oneHot, lambda);
    assert.ok(Math.abs(penalty.value - exact.value) < 1e-5 * exact.value, `value ${penalty.value} vs ${exact.value}`);
    const error = relativeDistance(read(penalty.grads), exact.grads);
    assert.ok(error < 5e-3, `relative gradient error ${error}`);
    // A coarser difference is worse: the O(r²) truncation shows, so the comparison above is not vacuous.
    const coarse = inputGradientPenalty(model, data.x, oneHot, lambda, 2);
    assert.ok(relativeDistance(read(coarse.grads), exact.grads) > 10 * error);
  });

  it("an example with a zero input gradient contributes nothing (no NaN), and no tensor is left behind", () => {
    const zeroModel = softplusMlp(2);
    try {
      zeroModel.params.forEach((p) => p.assign(tf.zerosLike(p)));
      const penalty = inputGradientPenalty(zeroModel, data.x, oneHot, 1);
      assert.equal(penalty.value, 0);
      read(penalty.grads).forEach((g) => assert.ok(g.every((v) => v === 0)));
    } finally {
      zeroModel.dispose();
    }
    assertNoLeak(() => inputGradientPenalty(model, data.x, oneHot, 1).grads, "inputGradientPenalty");
    assert.throws(() => inputGradientPenalty(model, data.x, oneHot, -1), /lambda must be .*-1/);
  });

  it("the oracle adds λ·∇_θ penalty to the gradient at x + δ, keeps the data loss, and counts 3 gradient evaluations per example", () => {
    const attack = pgdAttack({ norm: "l2", eps: 1, steps: 3, randomStart: false });
    const plain = trainingOracle(model, data, { batchSize: 64, seed: 5, attack });
    const penalised = trainingOracle(model, data, { batchSize: 64, seed: 5, attack, inputGradientPenalty: 0.5 });
    try {
      const a = plain({ freshBatch: true });
      const b = penalised({ freshBatch: true });
      assert.equal(b.loss, a.loss);
      // The same minibatch (same seed: whole set, same order) attacked the same way (deterministic start).
      const xAdv = attack(model, data.x, data.y);
      const order = plain.sampler.state();
      assert.deepEqual(order, penalised.sampler.state());
      const expected = inputGradientPenalty(model, xAdv, oneHot, 0.5);
      xAdv.dispose();
      const [ga, gb, gp] = [read(a.grads), read(b.grads), read(expected.grads)];
      // The minibatch is the set reshuffled; the penalty is a mean, so it does not depend on the order.
      const sum = ga.map((g, i) => g.map((v, j) => v + gp[i][j]));
      assert.ok(relativeDistance(gb, sum) < 1e-3, `oracle gradient vs CE + penalty: ${relativeDistance(gb, sum)}`);
      assert.equal(penalised.counts.gradientEvaluations - plain.counts.gradientEvaluations, PENALTY_GRADIENT_EVALUATIONS * 64);
    } finally {
      plain.dispose();
      penalised.dispose();
    }
    assert.throws(() => trainingOracle(model, data, { batchSize: 8, inputGradientPenalty: -0.1 }), /inputGradientPenalty must be .*-0\.1/);
  });

  it("fit prices the penalty: a budget stops before the step that would exceed it, and the examples through the model tally", async () => {
    // PGD-2 on batches of 32 of 64 examples: (2 + 1 + 3)·32 = 192 per step; 1000 allows 5 steps (960).
    const ATTACK: PgdOptions = { norm: "l2", eps: 1, steps: 2 };
    const { model: counted, rows } = countingModel(softplusMlp(3));
    try {
      const result = await fit(
        counted,
        { train: data },
        {
          epochs: 4,
          batchSize: 32,
          attack: ATTACK,
          optimizer: { kind: "sgd", lr: 0.01 },
          inputGradientPenalty: 1,
          maxGradientEvaluations: 1000,
          progress: false,
        },
      );
      assert.equal(result.stoppedBy, "budget");
      assert.equal(result.budget.gradientEvaluations, 960);
      assert.equal(result.steps, 5);
      assert.equal(result.config.inputGradientPenalty, 1);
      // Per step: 2 attack passes, 1 gradient pass, 1 input-gradient pass and 2 shifted copies; plus the attack's one-off check (32 rows).
      assert.equal(rows(), 5 * 6 * 32 + 32);
    } finally {
      counted.dispose();
    }
    const plain = softplusMlp(3);
    try {
      const result = await fit(plain, { train: data }, { epochs: 1, batchSize: 32, optimizer: { kind: "sgd", lr: 0.01 }, progress: false });
      assert.ok(!("inputGradientPenalty" in result.config), "a run without the penalty keeps its old configuration (and checkpoints)");
    } finally {
      plain.dispose();
    }
  });

  it("training with the penalty makes the loss flatter in input space than training without it (a sign error would not)", async () => {
    const flatness = async (lambda: number): Promise<number> => {
      const net = softplusMlp(4);
      try {
        await fit(
          net,
          { train: data },
          { epochs: 8, batchSize: 16, optimizer: { kind: "sgd", lr: 0.05, momentum: 0.9 }, inputGradientPenalty: lambda, progress: false },
        );
        const g = inputGradientPenalty(net, data.x, oneHot, 1);
        tf.dispose(g.grads);
        return g.value;
      } finally {
        net.dispose();
      }
    };
    const [without, withPenalty] = [await flatness(0), await flatness(3)];
    assert.ok(withPenalty < 0.5 * without, `mean ‖∇ₓCE‖²: ${withPenalty} with λ = 3 against ${without} without`);
  });
});
