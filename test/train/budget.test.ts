import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { pgdAttack, type PgdOptions } from "../../lib/attacks";
import { createOptimizer, type OptimizerSpec } from "../../lib/optim";
import { fit, plannedCalls, stepCost, type FitOptions, type TrainingData } from "../../lib/train";
import { countingModel, disposeData, mnistSubset, smallMlp } from "./support";

// An attack of known cost: PGD-3 with 2 restarts = 6 gradient evaluations and 2 forward-only passes
// per example (attack.cost), so the training oracle costs (6 + 1)·B per call.
const ATTACK: PgdOptions = { norm: "linf", eps: 0.1, steps: 3, restarts: 2 };
const K_R = 6;
const R = 2;
const N = 100;
const BATCH = 32;
// The minibatch sizes one epoch hands out: 32, 32, 32 and the remaining 4.
const EPOCH_SIZES = [32, 32, 32, 4];
const sizeOf = (batch: number): number => EPOCH_SIZES[batch % EPOCH_SIZES.length];

interface Expected {
  gradientEvaluations: number;
  forwardPasses: number;
  freshBatches: number;
  steps: number;
}

/** The cost of training for `epochs` passes, tallied from the definitions in the brief, one minibatch at a time. */
function expectedCost(method: "sgd" | "sam-reattack" | "sam-reuse" | "entropy" | "entropy-reuse", epochs: number, L = 3): Expected {
  const target = epochs * EPOCH_SIZES.length;
  const out: Expected = { gradientEvaluations: 0, forwardPasses: 0, freshBatches: 0, steps: 0 };
  while (out.freshBatches < target) {
    out.steps++;
    if (method === "entropy") {
      for (let l = 0; l < L; l++) {
        const b = sizeOf(out.freshBatches++);
        out.gradientEvaluations += (K_R + 1) * b;
        out.forwardPasses += R * b;
      }
      continue;
    }
    const b = sizeOf(out.freshBatches++);
    if (method === "sgd") {
      out.gradientEvaluations += (K_R + 1) * b;
      out.forwardPasses += R * b;
    } else if (method === "sam-reattack") {
      out.gradientEvaluations += 2 * (K_R + 1) * b;
      out.forwardPasses += 2 * R * b;
    } else if (method === "sam-reuse") {
      out.gradientEvaluations += (K_R + 2) * b;
      out.forwardPasses += R * b;
    } else {
      out.gradientEvaluations += (K_R + L) * b;
      out.forwardPasses += R * b;
    }
  }
  return out;
}

describe("train/budget", () => {
  let train: TrainingData;
  before(() => (train = mnistSubset(N)));
  after(() => disposeData(train));

  it("the documented costs per step: PGD-10 on B examples is 11B for SGD, 2·11B or 12B for SAM, L·11B or (10 + L)B for EntropySGD", () => {
    const attack = pgdAttack({ norm: "linf", eps: 0.1, steps: 10 }).cost;
    const B = 128;
    const cost = (spec: OptimizerSpec, adversarial = true) => {
      const variable = tf.variable(tf.zeros([1]));
      const optimizer = createOptimizer([variable], spec, { horizon: 1, seed: 0 });
      const plan = plannedCalls(optimizer.callPlan, adversarial);
      optimizer.dispose();
      variable.dispose();
      const fresh = plan.filter((c) => c.fresh).length;
      return stepCost(plan, Array(fresh).fill(B), attack).gradientEvaluations;
    };
    assert.equal(cost({ kind: "sgd", lr: 0.1 }), 11 * B);
    assert.equal(cost({ kind: "sgd", lr: 0.1 }, false), B);
    assert.equal(cost({ kind: "sam", lr: 0.1, reattack: true }), 2 * 11 * B);
    assert.equal(cost({ kind: "sam", lr: 0.1, reattack: false }), 12 * B);
    assert.equal(cost({ kind: "entropy-sgd", L: 5 }), 5 * 11 * B);
    assert.equal(cost({ kind: "entropy-sgd", L: 5, reuseAdversarial: true }), (10 + 5) * B);
    assert.equal(cost({ kind: "entropy-sgd", L: 0 }), 11 * B, "L = 0 is one SGD call");
  });

  const cases: { name: string; method: Parameters<typeof expectedCost>[0]; options: Partial<FitOptions> }[] = [
    { name: "SGD", method: "sgd", options: { optimizer: { kind: "sgd", lr: 0.01 } } },
    { name: "SAM re-attacking at θ + ε̂", method: "sam-reattack", options: { optimizer: { kind: "sam", lr: 0.01, reattack: true } } },
    { name: "SAM reusing x + δ", method: "sam-reuse", options: { optimizer: { kind: "sam", lr: 0.01, reattack: false } } },
    { name: "EntropySGD, L = 3", method: "entropy", options: { optimizer: { kind: "entropy-sgd", L: 3, lr: 0.5 } } },
    {
      name: "EntropySGD, L = 3, reuseAdversarial",
      method: "entropy-reuse",
      options: { optimizer: { kind: "entropy-sgd", L: 3, lr: 0.5, reuseAdversarial: true } },
    },
  ];
  for (const { name, method, options } of cases) {
    it(`${name}: counts exactly what the definition gives, and the model saw exactly that many examples`, async () => {
      const { model, rows } = countingModel(smallMlp(1));
      try {
        const result = await fit(model, { train }, { epochs: 2, batchSize: BATCH, attack: ATTACK, progress: false, ...options });
        const expected = expectedCost(method, 2);
        assert.equal(result.budget.gradientEvaluations, expected.gradientEvaluations, "gradient evaluations");
        assert.equal(result.budget.forwardPasses, expected.forwardPasses, "forward passes");
        assert.equal(result.budget.freshBatches, expected.freshBatches, "minibatches drawn");
        assert.equal(result.steps, expected.steps, "steps");
        // Independent tally: every example through model.logits is one gradient evaluation or one
        // forward pass, plus the attacks' one-off check that the model emits logits (the first 32 rows).
        assert.equal(rows(), expected.gradientEvaluations + expected.forwardPasses + BATCH, "examples through the model");
        const last = result.log[result.log.length - 1];
        assert.equal(last.gradientEvaluations, expected.gradientEvaluations);
        assert.equal(
          result.log.reduce((s, e) => s + e.epochGradientEvaluations, 0),
          expected.gradientEvaluations,
        );
      } finally {
        model.dispose();
      }
    });
  }

  it("standard training costs B per minibatch and sends nothing else through the model", async () => {
    const { model, rows } = countingModel(smallMlp(2));
    try {
      const result = await fit(model, { train }, { epochs: 3, batchSize: BATCH, optimizer: { kind: "sgd", lr: 0.01 }, progress: false });
      assert.equal(result.budget.gradientEvaluations, 3 * N);
      assert.equal(result.budget.forwardPasses, 0);
      assert.equal(rows(), 3 * N);
    } finally {
      model.dispose();
    }
  });

  it("maxGradientEvaluations stops before the step that would exceed it, and logs the partial epoch", async () => {
    // SGD with the attack above: 224 per full minibatch, 28 for the last one of an epoch.
    // Cumulative: 224, 448, 672, 700 | 924, then 1148 > 1000: the run stops after 5 minibatches.
    const model = smallMlp(3);
    try {
      const result = await fit(
        model,
        { train },
        { epochs: 3, batchSize: BATCH, attack: ATTACK, optimizer: { kind: "sgd", lr: 0.01 }, maxGradientEvaluations: 1000, progress: false },
      );
      assert.equal(result.stoppedBy, "budget");
      assert.equal(result.budget.gradientEvaluations, 924);
      assert.equal(result.budget.max, 1000);
      assert.equal(result.steps, 5);
      assert.equal(result.epochs, 1.25);
      assert.deepEqual(
        result.log.map((e) => [e.epoch, e.steps, e.progress, e.gradientEvaluations]),
        [
          [1, 4, 1, 700],
          [2, 1, 1.25, 924],
        ],
      );
    } finally {
      model.dispose();
    }
  });

  it("a budget that fits exactly is spent exactly (EntropySGD at the budget of SGD)", async () => {
    const sgdBudget = expectedCost("sgd", 2).gradientEvaluations;
    const model = smallMlp(4);
    try {
      // L = 2 draws minibatches in pairs: 2 epochs = 8 minibatches = 4 outer steps, the same compute as SGD.
      const result = await fit(
        model,
        { train },
        {
          epochs: 2,
          batchSize: BATCH,
          attack: ATTACK,
          optimizer: { kind: "entropy-sgd", L: 2, lr: 0.5 },
          maxGradientEvaluations: sgdBudget,
          progress: false,
        },
      );
      assert.equal(result.stoppedBy, "epochs");
      assert.equal(result.budget.gradientEvaluations, sgdBudget);
      assert.equal(result.steps, 4);
    } finally {
      model.dispose();
    }
  });
});
