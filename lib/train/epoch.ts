// One epoch of training: optimiser steps until the epoch's minibatches are drawn (or the budget would be
// exceeded), then the held-out evaluation and the epoch's log entry. Every step runs at the warm-up's
// attack of that moment and is priced before it is taken (budget.ts), so a budget stop never overshoots.
import * as tf from "@tensorflow/tfjs";
import type { Attack } from "../attacks/types";
import type { Classifier } from "../models/classifier";
import type { GradientOracle, Optimizer } from "../optim/types";
import type { Progress } from "../viz/progress";
import { freshBatchesPerStep, plannedCalls, stepCost, upcomingBatchSizes } from "./budget";
import { elapsed, now, type RunProgress } from "./checkpoint";
import { evaluateHeldOut } from "./evaluate";
import { PENALTY_GRADIENT_EVALUATIONS } from "./input-gradient-penalty";
import type { EpochLogEntry } from "./log";
import type { CallStats, TrainingData, TrainingOracle } from "./oracle";
import type { FitConfig } from "./options";
import type { WarmupAttacks } from "./warmup";

/** Where a run's training loss stopped being finite (epoch and step counted from 1). */
export interface Divergence {
  /** The loss as text ("NaN", "Infinity"): JSON records cannot hold non-finite numbers. */
  readonly loss: string;
  readonly epoch: number;
  readonly step: number;
  readonly learningRate: number;
}

/** Thrown when a step's loss is NaN or infinite; an experiment that explores hyperparameters records it as its outcome. */
export class TrainingDiverged extends RangeError {
  constructor(readonly divergence: Divergence) {
    super(
      `training diverged: the loss is ${divergence.loss} at epoch ${divergence.epoch}, step ${divergence.step} (learning rate ${divergence.learningRate}); ` +
        "lower the learning rate. The last checkpoint (if any) is from the end of the previous epoch",
    );
    this.name = "TrainingDiverged";
  }
}

/** What an epoch trains with: fixed for the run. */
export interface EpochContext {
  readonly model: Classifier;
  readonly config: FitConfig;
  readonly optimizer: Optimizer;
  readonly oracle: TrainingOracle;
  readonly attacks: WarmupAttacks;
  /** The held-out examples evaluated each epoch (null: none). */
  readonly evaluationSet: TrainingData | null;
  readonly evaluationAttack: Attack | null;
  readonly onStep: ((step: number) => void) | null;
  /** The progress display, set by the trainer once it knows the steps to go. */
  bar: Progress | null;
}

// Long loops give the event loop a turn now and then, so that a notebook's progress line (sent over
// tslab's socket) is delivered while training runs.
const YIELD_INTERVAL_MS = 200;
let lastYield = 0;
export async function yieldNow(force = false): Promise<void> {
  if (!force && performance.now() - lastYield < YIELD_INTERVAL_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

interface Totals {
  steps: number;
  lossSum: number;
  correct: number;
  examples: number;
}

/** Runs one optimiser step and returns the statistics of its first oracle call (the loss at the step's start). */
function step(context: EpochContext, t: number): CallStats {
  const { oracle, optimizer } = context;
  let first: CallStats | null = null;
  const recordFirst: GradientOracle = (request) => {
    const result = oracle(request);
    if (first === null) first = oracle.last;
    return result;
  };
  optimizer.step(recordFirst, t);
  return first as unknown as CallStats;
}

/**
 * Trains until the end of the current epoch (or of the run, or a budget stop), evaluates, and appends
 * the epoch's entry to progress.log (returned; null when no step was taken, e.g. a budget stop at the
 * epoch's start). Sets progress.finished when the run is done.
 */
export async function trainEpoch(context: EpochContext, progress: RunProgress): Promise<EpochLogEntry | null> {
  const { config, optimizer, oracle, bar } = context;
  const batchesPerEpoch = oracle.sampler.batchesPerEpoch;
  const target = config.epochs * batchesPerEpoch; // minibatches to draw in the whole run
  const epochStart = progress.epoch * batchesPerEpoch;
  const epochEnd = Math.min(epochStart + batchesPerEpoch, target);
  const start = now();
  const spentBefore = oracle.counts.gradientEvaluations;
  const totals: Totals = { steps: 0, lossSum: 0, correct: 0, examples: 0 };
  let learningRate = NaN;
  let diagnostics: Record<string, number> = {};
  let eps: number | null = null;
  let budgetStop = false;
  while (oracle.counts.freshBatches < epochEnd) {
    const t = oracle.counts.freshBatches / batchesPerEpoch;
    const current = context.attacks.at(t);
    eps = current.eps;
    oracle.attack = current.attack;
    if (config.maxGradientEvaluations !== null) {
      const plan = plannedCalls(optimizer.callPlan, current.attack !== null);
      const penalty = config.inputGradientPenalty ? PENALTY_GRADIENT_EVALUATIONS : 0;
      const cost = stepCost(plan, upcomingBatchSizes(oracle.sampler, freshBatchesPerStep(plan)), current.attack === null ? null : current.attack.cost, penalty);
      if (oracle.counts.gradientEvaluations + cost.gradientEvaluations > config.maxGradientEvaluations) {
        budgetStop = true;
        break;
      }
    }
    learningRate = optimizer.learningRate(t);
    diagnostics = optimizer.diagnostics(); // as the step uses them (EntropySGD's γ advances after it)
    const stats = step(context, t);
    if (!Number.isFinite(stats.loss)) {
      throw new TrainingDiverged({ loss: String(stats.loss), epoch: progress.epoch + 1, step: progress.steps + 1, learningRate });
    }
    totals.lossSum += stats.loss * stats.examples;
    totals.correct += stats.correct;
    totals.examples += stats.examples;
    totals.steps++;
    progress.steps++;
    context.onStep?.(progress.steps);
    const batch = Math.min(oracle.counts.freshBatches - epochStart, batchesPerEpoch);
    bar?.tick(
      1,
      `epoch ${progress.epoch + 1}/${Math.ceil(config.epochs)} · batch ${batch}/${batchesPerEpoch} · loss ${(totals.lossSum / totals.examples).toFixed(4)} · ` +
        `${context.attacks.full === null ? "" : "adversarial "}acc ${((100 * totals.correct) / totals.examples).toFixed(1)}%${progress.lastEvaluation}`,
    );
    await yieldNow();
  }
  const trainSeconds = now() - start;
  progress.finished = budgetStop || oracle.counts.freshBatches >= target;
  if (progress.finished) progress.stoppedBy = budgetStop ? "budget" : "epochs";
  if (totals.steps === 0) return null;
  progress.epoch++;
  const entry = logEntry(context, progress, totals, { learningRate, diagnostics, eps, spentBefore, trainSeconds });
  progress.log.push(entry);
  return entry;
}

/** Evaluates on the held-out split when due and builds the epoch's log entry. */
function logEntry(
  context: EpochContext,
  progress: RunProgress,
  totals: Totals,
  epoch: { learningRate: number; diagnostics: Record<string, number>; eps: number | null; spentBefore: number; trainSeconds: number },
): EpochLogEntry {
  const { model, config, oracle, evaluationSet } = context;
  const evaluation = config.evaluation;
  const evaluationStart = now();
  const due = evaluationSet !== null && evaluation !== null && (progress.epoch % evaluation.every === 0 || progress.finished);
  const evaluated = due ? evaluateHeldOut(model, evaluationSet, context.evaluationAttack, evaluation) : null;
  const evaluationSeconds = now() - evaluationStart;
  if (evaluated !== null) {
    progress.lastEvaluation =
      ` | epoch ${progress.epoch}: clean ${(100 * evaluated.cleanAccuracy).toFixed(1)}%` +
      (evaluated.robustAccuracy === null ? "" : `, robust ${(100 * evaluated.robustAccuracy).toFixed(1)}%`);
  }
  const counts = oracle.counts;
  return {
    epoch: progress.epoch,
    progress: counts.freshBatches / oracle.sampler.batchesPerEpoch,
    steps: totals.steps,
    totalSteps: progress.steps,
    trainLoss: totals.lossSum / totals.examples,
    trainAccuracy: totals.correct / totals.examples,
    cleanAccuracy: evaluated?.cleanAccuracy ?? null,
    robustAccuracy: evaluated?.robustAccuracy ?? null,
    robustLoss: evaluated?.robustLoss ?? null,
    evaluated: evaluated?.examples ?? 0,
    learningRate: epoch.learningRate,
    diagnostics: epoch.diagnostics,
    eps: epoch.eps,
    epochGradientEvaluations: counts.gradientEvaluations - epoch.spentBefore,
    gradientEvaluations: counts.gradientEvaluations,
    forwardPasses: counts.forwardPasses,
    trainSeconds: epoch.trainSeconds,
    evaluationSeconds,
    wallTimeSeconds: epoch.trainSeconds + evaluationSeconds,
    elapsedSeconds: elapsed(progress),
  };
}

/** Frees the evaluation subset when it is a slice of the test split (not the split itself). */
export function disposeEvaluationSet(set: TrainingData | null, test: TrainingData | null): void {
  if (set !== null && set !== test) tf.dispose([set.x, set.y]);
}
