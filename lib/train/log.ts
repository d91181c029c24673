// The per-epoch training log: one entry per epoch (and one for a last, partial epoch when the run ends
// between epoch boundaries), plain JSON, saved in every checkpoint and in the result file. F6 (training
// adversarial loss and robust accuracy against gradient evaluations) is drawn from it.

export interface EpochLogEntry {
  /** 1-based epoch number. */
  epoch: number;
  /** Epochs (passes over the training data, in minibatches drawn) completed at the end of this entry. */
  progress: number;
  /** Optimiser steps in this epoch, and since the start of the run. */
  steps: number;
  totalSteps: number;
  /**
   * Mean training loss over the epoch's steps, each step's loss taken at its first oracle call, i.e. at
   * the weights the step started from (the same meaning for SGD, SAM and EntropySGD), weighted by the
   * minibatch sizes. In adversarial training it is the adversarial loss on the attacked minibatches.
   */
  trainLoss: number;
  /** Accuracy on the same (attacked, in adversarial training) minibatches. */
  trainAccuracy: number;
  /** Accuracy on the held-out split at the end of the epoch, or null without evaluation. */
  cleanAccuracy: number | null;
  /** Accuracy under the evaluation attack (correct both clean and attacked), or null. */
  robustAccuracy: number | null;
  /** Mean cross-entropy at the evaluation attack's inputs, or null. */
  robustLoss: number | null;
  /** Held-out examples evaluated. */
  evaluated: number;
  /** The learning rate of the epoch's last step. */
  learningRate: number;
  /** The optimiser's diagnostics at the epoch's last step (Optimizer.diagnostics; EntropySGD: its scope γ as "gamma"). */
  diagnostics: Record<string, number>;
  /** The training attack's radius at the epoch's last step (an ε warm-up ramps it), or null without attack. */
  eps: number | null;
  /** Gradient evaluations (budget.ts): this epoch's and the run's total at its end. */
  epochGradientEvaluations: number;
  gradientEvaluations: number;
  /** Forward-only passes (attack restarts), the run's total at the end of the epoch. */
  forwardPasses: number;
  /** Seconds spent training and evaluating in this epoch, their sum, and the run's total (across resumes). */
  trainSeconds: number;
  evaluationSeconds: number;
  wallTimeSeconds: number;
  elapsedSeconds: number;
}

/** Every field of an entry, in display order. */
export const EPOCH_LOG_FIELDS: readonly (keyof EpochLogEntry)[] = [
  "epoch",
  "progress",
  "steps",
  "totalSteps",
  "trainLoss",
  "trainAccuracy",
  "cleanAccuracy",
  "robustAccuracy",
  "robustLoss",
  "evaluated",
  "learningRate",
  "diagnostics",
  "eps",
  "epochGradientEvaluations",
  "gradientEvaluations",
  "forwardPasses",
  "trainSeconds",
  "evaluationSeconds",
  "wallTimeSeconds",
  "elapsedSeconds",
];

function percent(x: number | null): string {
  return x === null ? "—" : `${(100 * x).toFixed(1)}%`;
}

/** One line for a progress status or a printed log: "epoch 2 · loss 0.412 · train 81.2% · clean 95.0% · robust 71.4% · …" (no times: progress.ts shows them). */
export function formatEpoch(entry: EpochLogEntry): string {
  const parts = [`epoch ${entry.epoch}`, `loss ${entry.trainLoss.toFixed(4)}`, `train ${percent(entry.trainAccuracy)}`];
  if (entry.cleanAccuracy !== null) parts.push(`clean ${percent(entry.cleanAccuracy)}`);
  if (entry.robustAccuracy !== null) parts.push(`robust ${percent(entry.robustAccuracy)}`);
  parts.push(`lr ${+entry.learningRate.toPrecision(3)}`);
  for (const [name, value] of Object.entries(entry.diagnostics)) parts.push(`${name} ${+value.toPrecision(3)}`);
  if (entry.eps !== null) parts.push(`ε ${+entry.eps.toPrecision(3)}`);
  parts.push(`${entry.gradientEvaluations.toExponential(3)} grad evals`);
  return parts.join(" · ");
}
