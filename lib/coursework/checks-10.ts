// Exercise of notebook 10 (EntropySGD-AT against SGD-AT and SAM-AT at equal compute): what one step of each
// method costs in gradient evaluations, and how many outer steps of EntropySGD-AT a budget of SGD-AT steps
// pays for. References: the optimisers' own call plans priced by the trainer's budget code
// (lib/optim callPlan, lib/train/budget.ts), so the check and the experiments count the same way.
import * as tf from "@tensorflow/tfjs";
import { EntropySgd } from "../optim/entropy-sgd";
import { Sgd } from "../optim/sgd";
import type { Optimizer } from "../optim/types";
import { freshBatchesPerStep, plannedCalls, stepCost } from "../train/budget";
import type { ExerciseDefinition } from "./exercise";
import { exactCase } from "./feedback";

export interface Answers10 {
  "10.1": {
    /** Gradient evaluations of one EnSGD-AT outer step: minibatches of `batch`, PGD with `attackSteps` steps, L inner steps. */
    entropySgdStep: (batch: number, attackSteps: number, L: number, reuseAdversarial: boolean) => number;
    /** Whole EnSGD-AT outer steps the budget of `sgdSteps` SGD-AT steps (same batch and attack) pays for. */
    outerStepsAtEqualBudget: (sgdSteps: number, attackSteps: number, L: number, reuseAdversarial: boolean) => number;
  };
}

/** The gradient evaluations of one step of an optimiser in adversarial training, as the trainer prices it. */
function priced(make: (params: tf.Variable[]) => Optimizer, batch: number, attackSteps: number): number {
  const theta = tf.variable(tf.zeros([1]));
  const optimizer = make([theta]);
  try {
    const plan = plannedCalls(optimizer.callPlan, true);
    const sizes = Array<number>(freshBatchesPerStep(plan)).fill(batch);
    return stepCost(plan, sizes, { gradientEvaluations: attackSteps, forwardPasses: 0 }).gradientEvaluations;
  } finally {
    optimizer.dispose();
    theta.dispose();
  }
}

export function entropySgdStepCostReference(batch: number, attackSteps: number, L: number, reuseAdversarial: boolean): number {
  return priced((p) => new EntropySgd(p, { L, reuseAdversarial, lr: 0.1 }), batch, attackSteps);
}

export function outerStepsReference(sgdSteps: number, attackSteps: number, L: number, reuseAdversarial: boolean): number {
  const sgd = priced((p) => new Sgd(p, { lr: 0.1 }), 1, attackSteps);
  return Math.floor((sgdSteps * sgd) / entropySgdStepCostReference(1, attackSteps, L, reuseAdversarial));
}

const STEP_CASES: [number, number, number, boolean][] = [
  [128, 10, 1, false],
  [128, 10, 5, false],
  [128, 10, 5, true],
  [32, 20, 3, true],
];
const BUDGET_CASES: [number, number, number, boolean][] = [
  [9380, 10, 5, false],
  [9380, 10, 5, true],
  [1000, 10, 2, false],
];

export const EXERCISES_10: readonly ExerciseDefinition[] = [
  {
    id: "10.1",
    title: "equal compute: the price of an EntropySGD-AT step",
    minutes: 15,
    cases: (answer: Answers10["10.1"]) => [
      ...STEP_CASES.map(([batch, k, L, reuse]) =>
        exactCase(
          `one outer step: batch ${batch}, PGD-${k}, L = ${L}${reuse ? ", reuseAdversarial" : ""}`,
          () => answer.entropySgdStep(batch, k, L, reuse),
          entropySgdStepCostReference(batch, k, L, reuse),
          reuse
            ? "with reuseAdversarial only the first inner step attacks (K gradients per example); every inner step still takes one gradient of the loss"
            : "every inner step draws a fresh minibatch, attacks it (K gradients per example) and takes one gradient of the loss at θ′",
        ),
      ),
      ...BUDGET_CASES.map(([steps, k, L, reuse]) =>
        exactCase(
          `outer steps for the budget of ${steps} SGD-AT steps: PGD-${k}, L = ${L}${reuse ? ", reuseAdversarial" : ""}`,
          () => answer.outerStepsAtEqualBudget(steps, k, L, reuse),
          outerStepsReference(steps, k, L, reuse),
          "an SGD-AT step costs (1 + K) gradients per example; the trainer stops before a step it cannot pay for, so round down",
        ),
      ),
    ],
  },
];
