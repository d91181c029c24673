import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { pgdAttack } from "../../lib/attacks";
import { E5_THREATS, loadTrainingData, SCALE_PRESETS, TRAINING_DATASETS, TRAINING_METHODS, trainingPreset, type TrainingMethod } from "../../lib/experiments";
import { modelFromConfig } from "../../lib/models";
import { validateStamp } from "../../lib/results";
import { createOptimizer } from "../../lib/optim";
import type { PgdOptions } from "../../lib/attacks/types";
import { plannedCalls, resolveFitOptions, stepCost } from "../../lib/train";

describe("experiments/trainingPreset", () => {
  it("quick MNIST L∞ SGD-AT: MLP 784-256-256-10, SGD 0.1 (×0.1 at 50%, 75%), wd 5e-4, PGD-10 α = 2.5ε/K, PGD-20; batch 32 and ε warm-up over 75%", () => {
    const p = trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sgd-at" });
    assert.equal(p.eps, 0.3);
    assert.deepEqual(p.data, { dataset: "mnist", train: { split: "train", limit: 2000, seed: 0 }, test: { split: "test", limit: 500, seed: 0 } });
    assert.deepEqual(p.model, { kind: "mlp", inputShape: [28, 28, 1], hidden: [256, 256], numClasses: 10, activation: "relu", seed: 0 });
    assert.deepEqual(p.fit.optimizer, {
      kind: "sgd",
      lr: {
        kind: "piecewise",
        initial: 0.1,
        milestones: [
          { at: 3, factor: 0.1 },
          { at: 4.5, factor: 0.1 },
        ],
      },
      momentum: 0.9,
      weightDecay: 5e-4,
    });
    assert.equal(p.fit.epochs, SCALE_PRESETS.quick.epochs);
    assert.equal(p.fit.batchSize, 32);
    assert.equal(p.fit.epsWarmup, 4.5, "over the first 75% of the run");
    assert.match(p.stamp.threat, /warm-up over 4\.5 epochs/);
    assert.deepEqual(p.fit.attack, { norm: "linf", eps: 0.3, steps: 10, stepSize: (2.5 * 0.3) / 10 });
    assert.equal(p.fit.evaluation?.attack?.steps, 20);
    assert.deepEqual(Object.keys(p.fit.evaluation?.final ?? {}), ["pgd-20"]);
    assert.equal(p.fit.maxGradientEvaluations, 6 * 2000 * 11);
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p, "plain JSON");
    validateStamp({ ...p.stamp, backend: "wasm" });
    assert.match(p.stamp.dataset, /^MNIST train 2000 \(stratified, seed 0\) \/ test 500/);
  });

  it("full scale: the small CNN (3×3 conv 16 and 32, mean pooling, FC-10), whole splits, PGD-50 × 5 at the end, EnSGD L = 5, ε warm-up over 25%", () => {
    const p = trainingPreset({ scale: "full", dataset: "fashion-mnist", norm: "l2", method: "entropy-sgd-at" });
    assert.equal(p.eps, 1.0);
    assert.deepEqual(p.data, { dataset: "fashion-mnist", train: { split: "train" }, test: { split: "test" } });
    assert.equal(p.model.kind, "small-cnn");
    assert.deepEqual([p.model.channels, p.model.hidden, p.model.pool], [[16, 32], [], "mean"]);
    assert.deepEqual(p.fit.optimizer, { kind: "entropy-sgd", preset: "reference-pytorch", L: 5, innerLr: 0.1, horizon: 20 });
    assert.deepEqual(p.fit.evaluation?.final?.["pgd-50x5"], { norm: "l2", eps: 1, steps: 50, stepSize: 2.5 / 50, restarts: 5 });
    assert.equal(p.fit.evaluation?.examples, 1000);
    assert.equal(p.fit.batchSize, 128, "the §6 batch at full scale");
    assert.equal(p.fit.epsWarmup, 5, "a quarter of the run at full scale");
    assert.equal(trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sam-at" }).fit.epsWarmup, 2.25, "75% of SAM's own 3 passes");
    assert.deepEqual(
      trainingPreset({
        scale: "quick",
        dataset: "mnist",
        norm: "linf",
        method: "entropy-sgd-at",
        hyperparameters: { lr: 0.5, entropySgdPreset: "project-default" },
      }).fit.optimizer,
      { kind: "entropy-sgd", preset: "project-default", L: 2, innerLr: 0.5, horizon: 6 },
    );
    assert.deepEqual(
      trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sam-at", hyperparameters: { lr: 0.05, rho: 0.02 } }).fit.optimizer,
      {
        kind: "sam",
        lr: {
          kind: "piecewise",
          initial: 0.05,
          milestones: [
            { at: 1.5, factor: 0.1 },
            { at: 2.25, factor: 0.1 },
          ],
        },
        momentum: 0.9,
        weightDecay: 5e-4,
        rho: 0.02,
        reattack: true,
      },
    );
    assert.equal(trainingPreset({ scale: "full", dataset: "mnist", norm: "linf", method: "sgd-at", model: "mlp" }).model.kind, "mlp");
    assert.deepEqual(trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "entropy-sgd-at" }).fit.optimizer, {
      kind: "entropy-sgd",
      preset: "reference-pytorch",
      L: 2,
      innerLr: 0.1,
      horizon: 6,
    });
  });

  it("validation presets train on the training part of the split and evaluate on its held-out validation part, never on the test split", () => {
    const p = trainingPreset({ scale: "quick", dataset: "mnist", norm: "l2", method: "sgd-at", validation: true, epochs: 2 });
    assert.deepEqual(p.data, {
      dataset: "mnist",
      train: { split: "train", validationSplit: { examples: 500, part: "training" }, limit: 2000, seed: 0 },
      test: { split: "train", validationSplit: { examples: 500, part: "validation" }, limit: 500, seed: 0 },
    });
    assert.equal(p.fit.maxGradientEvaluations, 2 * 2000 * 11);
    assert.deepEqual(Object.keys(p.fit.evaluation?.final ?? {}), ["pgd-20"]);
    const full = trainingPreset({ scale: "full", dataset: "mnist", norm: "l2", method: "sgd-at", validation: true, model: "mlp" });
    assert.equal(full.fit.maxGradientEvaluations, 20 * 50000 * 11, "the budget counts the 50000 training examples");
    assert.match(full.stamp.dataset, /all of the training part \(10000 held out\) \/ validation: all of the 10000 held out/);
    const { train, test } = loadTrainingData(p.data);
    try {
      const rows = (x: tf.Tensor, n: number) => {
        const values = x.dataSync();
        return Array.from({ length: n }, (_, i) => values.subarray(i * 784, (i + 1) * 784).join(","));
      };
      const trainRows = new Set(rows(train.x, 2000));
      const shared = rows(test.x, 500).filter((row) => trainRows.has(row)).length;
      assert.ok(shared <= 2, `validation images are not training images (${shared} identical pairs, MNIST has a few duplicates)`);
    } finally {
      tf.dispose([train, test]);
    }
  });

  it("equal budgets: SGD-AT, EnSGD-AT and SAM-AT spend at most the gradient evaluations of SGD-AT; standard training has no attack", () => {
    for (const scale of ["quick", "full"] as const) {
      const n = SCALE_PRESETS[scale].trainExamples ?? 60000;
      const batch = scale === "quick" ? 32 : 128;
      const sizes = (count: number) => Array.from({ length: count }, (_, i) => Math.min(batch, n - (i % Math.ceil(n / batch)) * batch));
      const spent = (method: TrainingMethod) => {
        const p = trainingPreset({ scale, dataset: "mnist", norm: "linf", method });
        assert.equal(p.fit.batchSize, batch);
        const variable = tf.variable(tf.zeros([1]));
        const optimizer = createOptimizer([variable], p.fit.optimizer!, { horizon: p.fit.epochs, seed: 0 });
        const plan = plannedCalls(optimizer.callPlan, true);
        optimizer.dispose();
        variable.dispose();
        const perStep = plan.filter((c) => c.fresh).length;
        const batches = Math.ceil((p.fit.epochs * Math.ceil(n / batch)) / perStep) * perStep;
        const steps = Array.from({ length: batches / perStep }, () => plan).flat();
        const cost = stepCost(steps, sizes(batches), pgdAttack(p.fit.attack as PgdOptions).cost);
        return { cost: cost.gradientEvaluations, max: p.fit.maxGradientEvaluations as number };
      };
      const sgd = spent("sgd-at");
      assert.equal(sgd.cost, sgd.max, `${scale}: SGD-AT spends exactly its budget`);
      const entropy = spent("entropy-sgd-at");
      assert.equal(entropy.max, sgd.max);
      assert.ok(entropy.cost <= sgd.max, `${scale}: EnSGD-AT within the budget`);
      const sam = spent("sam-at");
      assert.equal(sam.max, sgd.max);
      // SAM's 12.5 passes at full scale overshoot by part of a minibatch: the budget stops its last step.
      assert.ok(sam.cost <= sgd.max + 2 * 11 * batch, `${scale}: SAM-AT at the budget`);
      assert.equal(trainingPreset({ scale, dataset: "mnist", norm: "linf", method: "sam-at" }).fit.epochs, SCALE_PRESETS[scale].epochs / 2);
      const standard = trainingPreset({ scale, dataset: "mnist", norm: "linf", method: "standard" });
      assert.equal(standard.fit.attack, null);
      assert.equal(standard.fit.maxGradientEvaluations, undefined);
      assert.equal(standard.fit.evaluation?.attack?.eps, 0.3, "the standard model is evaluated under the same threat");
    }
  });

  it("every preset is accepted by fit's checks and builds its model and optimiser", () => {
    const x = tf.zeros([128, 28, 28, 1]);
    const y = tf.zeros([128], "int32") as tf.Tensor1D;
    try {
      for (const scale of ["quick", "full"] as const)
        for (const dataset of TRAINING_DATASETS)
          for (const norm of ["linf", "l2"] as const)
            for (const method of TRAINING_METHODS) {
              const p = trainingPreset({ scale, dataset, norm, method });
              assert.equal(p.eps, E5_THREATS[dataset][norm]);
              const model = modelFromConfig(p.model);
              try {
                const resolved = resolveFitOptions(
                  model,
                  { train: { x, y }, test: { x, y } },
                  { ...p.fit, evaluation: { ...p.fit.evaluation, examples: null } },
                );
                createOptimizer(model.params, resolved.optimizer, { horizon: p.fit.epochs, seed: 0 }).dispose();
                validateStamp({ ...p.stamp, backend: "cpu" });
              } finally {
                model.dispose();
              }
            }
    } finally {
      tf.dispose([x, y]);
    }
  });

  it("loadTrainingData loads the preset's splits (quick: 2000 / 500 stratified examples)", () => {
    const { train, test } = loadTrainingData(trainingPreset({ scale: "quick", dataset: "fashion-mnist", norm: "l2", method: "standard" }).data);
    try {
      assert.deepEqual([train.x.shape, train.y.shape, test.x.shape], [[2000, 28, 28, 1], [2000], [500, 28, 28, 1]]);
      const counts = new Array(10).fill(0);
      for (const label of train.y.dataSync()) counts[label]++;
      assert.ok(
        counts.every((c) => c === 200),
        `stratified: ${counts.join(", ")}`,
      );
    } finally {
      tf.dispose([train, test]);
    }
  });

  it("refuses bad options", () => {
    assert.throws(
      () => trainingPreset({ scale: "reference" as never, dataset: "mnist", norm: "linf", method: "sgd-at" }),
      /the reference protocol is documented, not run/,
    );
    assert.throws(
      () => trainingPreset({ scale: "quick", dataset: "cifar10" as never, norm: "linf", method: "sgd-at" }),
      /dataset must be one of "mnist", "fashion-mnist", got "cifar10"/,
    );
    assert.throws(() => trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "adam-at" as never }), /method must be one of/);
    assert.throws(() => trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sgd-at", eps: -1 }), /eps must be > 0, got -1/);
    assert.throws(
      () => trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sgd-at", epoch: 3 } as never),
      /unknown trainingPreset option\(s\): epoch/,
    );
    assert.throws(
      () =>
        trainingPreset({
          scale: "quick",
          dataset: "mnist",
          norm: "linf",
          method: "sgd-at",
          hyperparameters: { lr: 0.1, entropySgdPreset: "reference-pytorch" },
        }),
      /applies to method "entropy-sgd-at" only/,
    );
    assert.throws(
      () =>
        trainingPreset({
          scale: "quick",
          dataset: "mnist",
          norm: "linf",
          method: "entropy-sgd-at",
          hyperparameters: { lr: 0.1, entropySgdPreset: "lua" as never },
        }),
      /entropySgdPreset must be one of/,
    );
    assert.throws(
      () => trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "sgd-at", hyperparameters: { lr: 0 } }),
      /hyperparameters\.lr must be > 0, got 0/,
    );
  });
});
