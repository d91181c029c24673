// Standard and adversarial training with any optimiser of lib/optim (paper-spec §5.4–5.6):
//
//     for each epoch (epoch.ts):
//       for each step:                              progress t = minibatches drawn / batchesPerEpoch
//         ε_t = warm-up(ε, t)                       warmup.ts
//         optimizer.step(oracle, t)                 the oracle draws, attacks at the current weights
//                                                   (θ, θ + ε̂ or θ′) and returns ∇_θ mean CE(f_θ(x + δ), y)
//       evaluate on the held-out split, log
//     checkpoint (checkpoint.ts)
//
// The progress clock and the budget (budget.ts) are shared by every optimiser, which is what makes them
// comparable: an epoch is a pass over the data in minibatches, whichever optimiser draws them, and
// `maxGradientEvaluations` stops a run before the step that would exceed a compute budget.
import * as tf from "@tensorflow/tfjs";
import { pgdAttack } from "../attacks/pgd";
import type { Attack, PgdOptions } from "../attacks/types";
import { activeBackend } from "../backend";
import type { Classifier, ModelConfig } from "../models/classifier";
import { loadWeights } from "../models/weights-io";
import { createOptimizer } from "../optim/registry";
import { progress as progressDisplay } from "../viz/progress";
import { freshBatchesPerStep, plannedCalls } from "./budget";
import {
  assertSameRun,
  checkpointFile,
  checkpointFolder,
  dataFingerprint,
  elapsed,
  now,
  progressFrom,
  readCheckpoint,
  removeCheckpoint,
  snapshot,
  writeCheckpoint,
  type DataFingerprint,
  type FinalEvaluation,
  type RunFingerprint,
  type StopReason,
} from "./checkpoint";
import { disposeEvaluationSet, trainEpoch, yieldNow, type EpochContext } from "./epoch";
import { evaluateHeldOut } from "./evaluate";
import { formatEpoch, type EpochLogEntry } from "./log";
import { trainingOracle, type OracleCounts, type TrainingData } from "./oracle";
import { resolveFitOptions, type FitConfig, type FitData, type FitOptions } from "./options";
import { WarmupAttacks } from "./warmup";

export const BUDGET_UNIT = "one gradient evaluation = one forward and one backward pass through the model for one example (attack steps included)";

export interface FitResult {
  /** One entry per epoch (see log.ts). */
  log: EpochLogEntry[];
  /** Why training ended: the epochs were done, or the next step would have exceeded maxGradientEvaluations. */
  stoppedBy: StopReason;
  /** Epochs completed (passes over the data; fractional when the run stopped between epochs). */
  epochs: number;
  steps: number;
  /** What the run spent (budget.ts) and its limit. */
  budget: OracleCounts & { max: number | null; unit: string };
  /** The final evaluation (evaluation.final), or null. */
  final: FinalEvaluation | null;
  /** The run's JSON configuration (defaults filled in). */
  config: FitConfig;
  optimizer: { kind: string; options: object; description: string };
  model: { name: string; config: ModelConfig };
  data: { train: DataFingerprint; test: DataFingerprint | null };
  attacks: { training: string | null; evaluation: string | null };
  backend: string;
  /** Wall time of the whole run, across resumes. */
  wallTimeSeconds: number;
  /** The epoch the run resumed after, or null when it started here. */
  resumedFromEpoch: number | null;
  /** The checkpoint file, or null without checkpoints. */
  checkpoint: string | null;
}

/**
 * Trains `model` in place on `data.train` and returns the per-epoch log and what the run spent.
 * Standard training without `attack`; adversarial training (paper-spec §5.4) with it, using the
 * optimiser `optimizer` (SGD by default; SAM; EntropySGD, §5.6). All options are checked, the optimiser
 * and attacks built, and any checkpoint verified before the first step. See FitOptions.
 *
 *     const result = await fit(model, { train, test }, { epochs: 2, attack: { norm: "linf", eps: 0.1, steps: 10 } });
 */
export async function fit(model: Classifier, data: FitData, options: FitOptions): Promise<FitResult> {
  const resolved = resolveFitOptions(model, data, options);
  const { config } = resolved;
  const test = data.test ?? null;
  const fingerprint: RunFingerprint = {
    model: model.config,
    data: { train: dataFingerprint(data.train), test: test === null ? null : dataFingerprint(test) },
    config,
  };
  const folder = checkpointFolder(resolved.run, resolved.checkpointDir);
  const saved = folder !== null && resolved.resume ? readCheckpoint(folder) : null;
  if (saved !== null && folder !== null) assertSameRun(saved.fingerprint, fingerprint, checkpointFile(folder));

  const evaluation = config.evaluation;
  const optimizer = createOptimizer(model.params, resolved.optimizer, { horizon: config.epochs, seed: resolved.seeds.noise });
  const attacks = new WarmupAttacks(resolved.attack, config.epsWarmup);
  let context: EpochContext | null = null;
  try {
    const oracle = trainingOracle(model, data.train, {
      batchSize: config.batchSize,
      seed: resolved.seeds.oracle,
      attack: attacks.full,
      dropLast: config.dropLast,
      state: saved?.oracle,
      inputGradientPenalty: config.inputGradientPenalty ?? 0,
    });
    context = {
      model,
      config,
      optimizer,
      oracle,
      attacks,
      evaluationSet: evaluationSubset(test, evaluation?.examples ?? null),
      evaluationAttack: evaluation?.attack ? pgdAttack(evaluation.attack) : null,
      onStep: resolved.onStep,
      bar: null,
    };
    if (saved !== null) {
      optimizer.loadState(saved.optimizer); // checks everything before changing anything
      loadWeights(model, saved.weights);
    } else if (folder !== null) {
      removeCheckpoint(folder); // resume: false, or nothing to resume
    }
    const progress = progressFrom(saved);
    const target = config.epochs * oracle.sampler.batchesPerEpoch;
    if (resolved.progress && !progress.finished) {
      const perStep = freshBatchesPerStep(plannedCalls(optimizer.callPlan, attacks.full !== null));
      context.bar = progressDisplay(
        resolved.run ?? `${optimizer.kind}${attacks.full === null ? "" : "-at"}`,
        Math.ceil(Math.max(0, target - oracle.counts.freshBatches) / perStep),
      );
    }
    while (!progress.finished) {
      const entry = await trainEpoch(context, progress);
      if (progress.finished && test !== null && evaluation !== null && Object.keys(evaluation.final).length > 0) {
        progress.final = finalEvaluation(model, test, evaluation.final, evaluation);
      }
      if (folder !== null) writeCheckpoint(folder, snapshot(fingerprint, progress, model, optimizer, oracle));
      if (entry !== null && resolved.onEpochEnd !== null) await resolved.onEpochEnd(entry);
      await yieldNow(true);
    }
    context.bar?.done(progress.log.length > 0 ? formatEpoch(progress.log[progress.log.length - 1]) : "");
    context.bar = null;
    return {
      log: progress.log,
      stoppedBy: progress.stoppedBy ?? "epochs",
      epochs: oracle.counts.freshBatches / oracle.sampler.batchesPerEpoch,
      steps: progress.steps,
      budget: { ...oracle.counts, max: config.maxGradientEvaluations, unit: BUDGET_UNIT },
      final: progress.final,
      config,
      optimizer: { kind: optimizer.kind, options: optimizer.resolvedOptions, description: optimizer.description },
      model: { name: model.name, config: model.config },
      data: fingerprint.data,
      attacks: { training: attacks.full?.description ?? null, evaluation: context.evaluationAttack?.description ?? null },
      backend: activeBackend(),
      wallTimeSeconds: elapsed(progress),
      resumedFromEpoch: saved === null ? null : saved.epoch,
      checkpoint: folder === null ? null : checkpointFile(folder),
    };
  } finally {
    context?.bar?.done("stopped");
    optimizer.dispose();
    context?.oracle.dispose();
    disposeEvaluationSet(context?.evaluationSet ?? null, test);
  }
}

/** The first `examples` held-out examples (all when null), or null without held-out data. */
function evaluationSubset(test: TrainingData | null, examples: number | null): TrainingData | null {
  if (test === null || examples === null || examples === test.x.shape[0]) return test;
  return { x: tf.slice(test.x, 0, examples), y: tf.slice(test.y, 0, examples) as tf.Tensor1D };
}

/** Accuracy on every held-out example under each final attack (Table A's columns). */
function finalEvaluation(
  model: Classifier,
  test: TrainingData,
  attacks: Record<string, PgdOptions>,
  options: { batchSize: number; seed: number },
): FinalEvaluation {
  const start = now();
  const results: FinalEvaluation["attacks"] = {};
  let cleanAccuracy = NaN;
  for (const [name, attackOptions] of Object.entries(attacks)) {
    const attack: Attack = pgdAttack(attackOptions);
    const r = evaluateHeldOut(model, test, attack, options);
    cleanAccuracy = r.cleanAccuracy;
    results[name] = { robustAccuracy: r.robustAccuracy as number, robustLoss: r.robustLoss as number, attack: attack.description };
  }
  return { examples: test.x.shape[0], cleanAccuracy, attacks: results, seconds: now() - start };
}
