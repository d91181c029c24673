import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { cleanAccuracy, fgsmAttack, pgd, robustAccuracy, pgdAttack, type PgdOptions } from "../../lib/attacks";
import { meanCrossEntropy } from "../../lib/losses";
import { stepDecay } from "../../lib/optim";
import { EPOCH_LOG_FIELDS, TrainingDiverged, attackOptionsAt, fit, warmupEps, type EpochLogEntry, type TrainingData } from "../../lib/train";
import { assertClose } from "../helpers";
import { disposeData, mnistSubset, smallMlp } from "./support";

const N = 100;
const BATCH = 32;

describe("train/trainer", () => {
  let train: TrainingData;
  let test: TrainingData;
  before(() => {
    train = mnistSubset(N);
    test = mnistSubset(40, "test");
  });
  after(() => disposeData(train, test));

  it("the per-epoch log has every field, with consistent values (SGD, EntropySGD, SAM)", async () => {
    const attack: PgdOptions = { norm: "linf", eps: 0.1, steps: 2 };
    const optimizers = [
      { kind: "sgd" as const, lr: stepDecay(0.05, 0.1, 3), momentum: 0.9 },
      { kind: "entropy-sgd" as const, L: 2, gamma0: 0.03, gamma1: 0.01 },
      { kind: "sam" as const, lr: 0.05, rho: 0.05 },
    ];
    for (const optimizer of optimizers) {
      const model = smallMlp(5);
      try {
        const result = await fit(model, { train, test }, { epochs: 3, batchSize: BATCH, attack, optimizer, progress: false });
        assert.equal(result.log.length, 3, optimizer.kind);
        let sum = 0;
        result.log.forEach((entry, i) => {
          assert.deepEqual(Object.keys(entry).sort(), [...EPOCH_LOG_FIELDS].sort(), `${optimizer.kind}: the fields of entry ${i}`);
          for (const key of EPOCH_LOG_FIELDS) {
            const value = entry[key];
            if (key === "diagnostics")
              assert.deepEqual(Object.keys(value as object), optimizer.kind === "entropy-sgd" ? ["gamma"] : [], `${optimizer.kind}: ${key}`);
            else assert.ok(typeof value === "number" && Number.isFinite(value), `${optimizer.kind}: ${key} = ${String(value)}`);
          }
          assert.equal(entry.epoch, i + 1);
          assert.equal(entry.progress, i + 1, "one pass over the data per epoch");
          assert.ok(entry.trainAccuracy >= 0 && entry.trainAccuracy <= 1);
          assert.ok((entry.robustAccuracy as number) <= (entry.cleanAccuracy as number), "robust ≤ clean");
          assert.equal(entry.evaluated, 40);
          assert.equal(entry.eps, 0.1);
          sum += entry.epochGradientEvaluations;
          assert.equal(entry.gradientEvaluations, sum);
          assert.ok(entry.wallTimeSeconds >= entry.trainSeconds && entry.elapsedSeconds >= entry.wallTimeSeconds);
        });
        const totalSteps = result.log.map((e) => e.totalSteps);
        assert.equal(totalSteps[2], result.steps);
        if (optimizer.kind === "sgd") {
          // The last step of epoch 3 starts at progress 3 − 1/4: past both decays (1.5 and 2.25).
          assert.ok(Math.abs(result.log[2].learningRate - 0.05 * 0.01) < 1e-12);
          assert.ok(Math.abs(result.log[0].learningRate - 0.05) < 1e-12);
        }
        if (optimizer.kind === "entropy-sgd") {
          // γ of the last outer step: γ0(1+γ1)^(steps before it).
          result.log.forEach((e) => assert.ok(Math.abs(e.diagnostics.gamma - 0.03 * Math.pow(1.01, e.totalSteps - 1)) < 1e-12, `γ at epoch ${e.epoch}`));
        }
      } finally {
        model.dispose();
      }
    }
  });

  it("at learning rate 0 the epoch's training loss and accuracy are the data's: clean, and at the attack's inputs", async () => {
    // With the weights fixed, each epoch sees every example once, so the size-weighted mean of the
    // minibatch losses is the mean loss over the training set.
    const frozen = { kind: "sgd" as const, lr: 0 };
    const model = smallMlp(6);
    try {
      const clean = await fit(model, { train }, { epochs: 2, batchSize: BATCH, optimizer: frozen, progress: false });
      const expectedLoss = tf.tidy(() => meanCrossEntropy(model.logits(train.x), train.y).dataSync()[0]);
      const expectedAccuracy = cleanAccuracy(model, train.x, train.y).accuracy;
      for (const entry of clean.log) {
        assert.ok(Math.abs(entry.trainLoss - expectedLoss) < 1e-5 * expectedLoss, `clean loss ${entry.trainLoss} vs ${expectedLoss}`);
        assert.equal(entry.trainAccuracy, expectedAccuracy);
      }
      // A deterministic attack (start at δ = 0) attacks each example the same way in any minibatch.
      const attack: PgdOptions = { norm: "linf", eps: 0.1, steps: 3, randomStart: false };
      const adversarial = await fit(model, { train }, { epochs: 1, batchSize: BATCH, optimizer: frozen, attack, progress: false });
      const xAdv = pgd(model, train.x, train.y, attack);
      const adversarialLoss = tf.tidy(() => meanCrossEntropy(model.logits(xAdv), train.y).dataSync()[0]);
      const adversarialAccuracy = cleanAccuracy(model, xAdv, train.y).accuracy;
      xAdv.dispose();
      assert.ok(
        Math.abs(adversarial.log[0].trainLoss - adversarialLoss) < 1e-5 * adversarialLoss,
        `adversarial loss ${adversarial.log[0].trainLoss} vs ${adversarialLoss}`,
      );
      assert.equal(adversarial.log[0].trainAccuracy, adversarialAccuracy);
      assert.ok(adversarialLoss > expectedLoss, "the attack raises the loss");
    } finally {
      model.dispose();
    }
  });

  it("evaluates like robustAccuracy on the held-out split, with the same seed every epoch", async () => {
    const model = smallMlp(7);
    const evaluation = { attack: { norm: "linf" as const, eps: 0.1, steps: 5 }, batchSize: 16, seed: 3 };
    try {
      const result = await fit(model, { train, test }, { epochs: 1, batchSize: BATCH, optimizer: { kind: "sgd", lr: 0.05 }, evaluation, progress: false });
      const independent = robustAccuracy(model, test.x, test.y, pgdAttack(evaluation.attack), { batchSize: 16, seed: 3 });
      assert.equal(result.log[0].robustAccuracy, independent.robustAccuracy);
      assert.equal(result.log[0].cleanAccuracy, independent.cleanAccuracy);
      assert.equal(result.log[0].robustLoss, independent.meanAdversarialLoss);
      assert.equal(result.log[0].eps, null, "standard training has no training ε");
    } finally {
      model.dispose();
    }
  });

  it("ε warm-up: ε_t = ε·min(1, t/warmup), α scales with it, and the first step (ε = 0) runs no attack", async () => {
    assert.equal(warmupEps(0.3, 2, 0), 0);
    assert.ok(Math.abs(warmupEps(0.3, 2, 0.5) - 0.075) < 1e-15);
    assert.equal(warmupEps(0.3, 2, 2), 0.3);
    assert.equal(warmupEps(0.3, 2, 5), 0.3);
    assert.equal(warmupEps(0.3, 0, 0), 0.3, "no warm-up");
    assert.deepEqual(attackOptionsAt({ norm: "l2", eps: 2, steps: 10, stepSize: 0.5 }, 1), { norm: "l2", eps: 1, steps: 10, stepSize: 0.25 });
    assert.deepEqual(attackOptionsAt({ norm: "linf", eps: 0.2, steps: 10 }, 0.1), { norm: "linf", eps: 0.1, steps: 10 }, "the default α = 2.5ε/K follows ε");

    const attack: PgdOptions = { norm: "linf", eps: 0.1, steps: 4 };
    const model = smallMlp(8);
    try {
      // 4 minibatches per epoch: steps start at t = 0, 0.25, 0.5, 0.75 | 1, 1.25, ...
      const result = await fit(model, { train }, { epochs: 2, batchSize: BATCH, attack, epsWarmup: 1, optimizer: { kind: "sgd", lr: 0.05 }, progress: false });
      assert.ok(Math.abs((result.log[0].eps as number) - 0.075) < 1e-12, `ε at the last step of epoch 1: ${result.log[0].eps}`);
      assert.equal(result.log[1].eps, 0.1);
      // Without warm-up: (4 + 1)·100 per epoch. With it, the first minibatch (32) is not attacked.
      assert.equal(result.budget.gradientEvaluations, 2 * 5 * N - 4 * BATCH);
      assert.equal(result.budget.attacks, 7);
    } finally {
      model.dispose();
    }
  });

  it("trains with any bound Attack: FGSM costs 1 + 1 gradient evaluations per example, is the attack the model is trained at, and is recorded by its description", async () => {
    const attack = fgsmAttack({ norm: "linf", eps: 0.1 });
    const seenByHand = smallMlp(9);
    const model = smallMlp(9);
    try {
      const lr = 0.05;
      const result = await fit(model, { train }, { epochs: 1, batchSize: N, attack, optimizer: { kind: "sgd", lr }, evaluation: null, progress: false });
      assert.equal(result.budget.gradientEvaluations, 2 * N);
      assert.deepEqual(result.config.attack, { description: attack.description });
      assert.equal(result.attacks.training, attack.description);
      // One full-batch step by hand at the FGSM inputs: the same weights.
      const xAdv = attack(seenByHand, train.x, train.y);
      const { grads } = tf.variableGrads(() => meanCrossEntropy(seenByHand.logits(xAdv), train.y), seenByHand.params);
      seenByHand.params.forEach((p) => p.assign(tf.sub(p, tf.mul(grads[p.name], lr))));
      tf.dispose([xAdv, ...Object.values(grads)]);
      // (The sampler shuffles the batch: summation order changes float32 rounding, not the step.)
      model.params.forEach((p, i) => assertClose(p.dataSync(), seenByHand.params[i].dataSync(), 1e-4, p.name, 1e-2));
    } finally {
      model.dispose();
      seenByHand.dispose();
    }
  });

  it("no tensor growth across epochs, and none left after fit (SGD, SAM, EntropySGD, with evaluation and warm-up)", async () => {
    const attack: PgdOptions = { norm: "l2", eps: 1, steps: 2 };
    const optimizers = [
      { kind: "sgd" as const, lr: 0.05, momentum: 0.9 },
      { kind: "sam" as const, lr: 0.05, momentum: 0.9 },
      { kind: "entropy-sgd" as const, L: 2, innerMomentum: 0.5, outerMomentum: 0.5 },
    ];
    for (const optimizer of optimizers) {
      const model = smallMlp(9);
      const before = tf.memory().numTensors;
      const perEpoch: number[] = [];
      const onEpochEnd = (_entry: EpochLogEntry) => void perEpoch.push(tf.memory().numTensors);
      await fit(
        model,
        { train, test },
        {
          epochs: 4,
          batchSize: BATCH,
          attack,
          epsWarmup: 1.5,
          optimizer,
          onEpochEnd,
          progress: false,
          evaluation: { final: { "pgd-3": { norm: "l2", eps: 1, steps: 3 } } },
        },
      );
      assert.equal(new Set(perEpoch).size, 1, `${optimizer.kind}: tensors after each epoch ${perEpoch.join(", ")}`);
      assert.equal(tf.memory().numTensors, before, `${optimizer.kind}: tensors left after fit`);
      model.dispose();
    }
  });

  it("the same seed gives the same run; another seed another run", async () => {
    const run = async (seed: number) => {
      const model = smallMlp(10);
      try {
        const result = await fit(model, { train }, { epochs: 1, batchSize: BATCH, seed, attack: { norm: "linf", eps: 0.1, steps: 2 }, progress: false });
        return { loss: result.log[0].trainLoss, weights: Array.from(model.params[0].dataSync().slice(0, 50)) };
      } finally {
        model.dispose();
      }
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.weights, c.weights);
  });

  it("a diverging run stops with a clear error", async () => {
    const model = smallMlp(11);
    try {
      await assert.rejects(fit(model, { train }, { epochs: 2, batchSize: BATCH, optimizer: { kind: "sgd", lr: 1e30 }, progress: false }), (error: unknown) => {
        assert.ok(error instanceof TrainingDiverged, String(error));
        assert.match(error.message, /training diverged: the loss is (NaN|Infinity) at epoch 1, step \d+ \(learning rate 1e\+30\)/);
        const { loss, epoch, step, learningRate } = error.divergence;
        assert.ok(["NaN", "Infinity"].includes(loss) && epoch === 1 && step >= 1 && learningRate === 1e30);
        return true;
      });
    } finally {
      model.dispose();
    }
  });
});
