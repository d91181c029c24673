// Standard and adversarial training with SGD, SAM or EntropySGD (paper-spec §5.4–5.6):
//
//     for each step:                                  progress t = minibatches drawn / batchesPerEpoch
//       ε_t = warm-up(ε, t)                           warmup.ts
//       optimizer.step(oracle, t)                     the oracle draws, attacks at the current weights
//                                                     (θ, θ + ε̂ or θ′) and returns ∇_θ mean CE(f_θ(x + δ), y)
//     after each epoch: evaluate on the held-out split, log, checkpoint
//
// The progress clock and the budget (budget.ts) are shared by the three optimisers, which is what makes
// them comparable: an epoch is a pass over the data in minibatches, whichever optimiser draws them, and
// `maxGradientEvaluations` stops a run before the step that would exceed a compute budget.
import * as tf from "@tensorflow/tfjs";
import { pgdAttack } from "../attacks/pgd";
import type { Attack } from "../attacks/types";
import { activeBackend } from "../backend";
import type { Classifier, ModelConfig } from "../models/classifier";
import { loadWeights, weightsToJson } from "../models/weights-io";
import { EntropySgd } from "../optim/entropy-sgd";
import type { GradientOracle, Optimizer } from "../optim/types";
import { progress as progressDisplay, type Progress } from "../viz/progress";
import { freshBatchesPerStep, stepCost, stepPlan, upcomingBatchSizes } from "./budget";
import {
  assertSameRun,
  checkpointFile,
  checkpointFolder,
  dataFingerprint,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type DataFingerprint,
  type FinalEvaluation,
  type RunFingerprint,
  type StopReason,
} from "./checkpoint";
import { evaluateHeldOut } from "./evaluate";
import { formatEpoch, type EpochLogEntry } from "./log";
import { trainingOracle, type CallStats, type OracleCounts, type TrainingData, type TrainingOracle } from "./oracle";
import { createOptimizer } from "./optimizer-spec";
import { resolveFitOptions, type FitConfig, type FitData, type FitOptions } from "./options";
import { attackOptionsAt, warmupEps } from "./warmup";

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
  optimizer: { kind: string; options: object };
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

function now(): number {
  return performance.now() / 1000;
}

// Long loops give the event loop a turn now and then, so that a notebook's progress line (sent over
// tslab's socket) is delivered while training runs.
const YIELD_INTERVAL_MS = 200;
let lastYield = 0;
async function yieldNow(force = false): Promise<void> {
  if (!force && performance.now() - lastYield < YIELD_INTERVAL_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

function innerSteps(optimizer: Optimizer): number {
  return optimizer instanceof EntropySgd ? optimizer.resolvedOptions.L : 0;
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
  const trainingAttack = config.attack === null ? null : pgdAttack(config.attack);
  const evaluation = config.evaluation;
  const evaluationAttack = evaluation?.attack ? pgdAttack(evaluation.attack) : null;
  const finalAttacks = Object.entries(evaluation?.final ?? {}).map(([name, o]) => ({ name, attack: pgdAttack(o) }));

  const fingerprint: RunFingerprint = {
    model: model.config,
    data: { train: dataFingerprint(data.train), test: test === null ? null : dataFingerprint(test) },
    config,
  };
  const folder = checkpointFolder(resolved.run, resolved.checkpointDir);
  const saved = folder !== null && resolved.resume ? readCheckpoint(folder) : null;
  if (saved !== null && folder !== null) assertSameRun(saved.fingerprint, fingerprint, checkpointFile(folder));

  const optimizer = createOptimizer(model.params, resolved.optimizer, { horizon: config.epochs, seed: resolved.seeds.noise });
  let oracle: TrainingOracle | null = null;
  let evaluationSet: TrainingData | null = null;
  let bar: Progress | null = null;
  try {
    const L = innerSteps(optimizer);
    oracle = trainingOracle(model, data.train, {
      batchSize: config.batchSize,
      seed: resolved.seeds.oracle,
      attack: trainingAttack,
      reattack: optimizer.kind === "sam" ? config.samReattack : true,
      requestsPerBatch: config.reuseAdversarial ? Math.max(L, 1) : 1,
      dropLast: config.dropLast,
      state: saved?.oracle,
    });
    if (saved !== null) {
      optimizer.loadState(saved.optimizer); // checks everything before changing anything
      loadWeights(model, saved.weights);
    } else if (folder !== null) {
      removeCheckpoint(folder); // resume: false, or nothing to resume
    }
    if (test !== null && evaluation !== null) {
      const count = evaluation.examples ?? test.x.shape[0];
      evaluationSet = count === test.x.shape[0] ? test : { x: tf.slice(test.x, 0, count), y: tf.slice(test.y, 0, count) as tf.Tensor1D };
    }

    const batchesPerEpoch = oracle.sampler.batchesPerEpoch;
    const target = config.epochs * batchesPerEpoch; // minibatches to draw
    const log: EpochLogEntry[] = saved === null ? [] : [...saved.log];
    let epoch = saved?.epoch ?? 0;
    let steps = saved?.steps ?? 0;
    let finished = saved?.finished ?? false;
    let stoppedBy: StopReason | null = saved?.stoppedBy ?? null;
    let final: FinalEvaluation | null = saved?.final ?? null;
    const elapsedBefore = saved?.elapsedSeconds ?? 0;
    const sessionStart = now();
    const elapsed = (): number => elapsedBefore + (now() - sessionStart);

    // The attack at each radius of the warm-up (the full one built once).
    let cached: { eps: number; attack: Attack | null } | null = null;
    const attackAt = (eps: number | null): Attack | null => {
      if (eps === null || config.attack === null || eps === 0) return null;
      if (eps === config.attack.eps) return trainingAttack;
      if (cached === null || cached.eps !== eps) cached = { eps, attack: pgdAttack(attackOptionsAt(config.attack, eps)) };
      return cached.attack;
    };
    const plan0 = stepPlan(optimizer.kind, { L, adversarial: trainingAttack !== null, samReattack: config.samReattack, reuseAdversarial: config.reuseAdversarial });
    const perStep = freshBatchesPerStep(plan0);
    const label = resolved.run ?? `${optimizer.kind}${trainingAttack === null ? "" : "-at"}`;
    const epochCount = Math.ceil(config.epochs);
    if (resolved.progress && !finished) bar = progressDisplay(label, Math.ceil(Math.max(0, target - oracle.counts.freshBatches) / perStep));
    let lastEvaluation = "";

    while (!finished) {
      const epochEnd = Math.min((epoch + 1) * batchesPerEpoch, target);
      const epochStart = epoch * batchesPerEpoch;
      const start = now();
      const spentBefore = oracle.counts.gradientEvaluations;
      let stepsInEpoch = 0;
      let lossSum = 0;
      let correct = 0;
      let examples = 0;
      let learningRate = NaN;
      let gamma: number | null = null;
      let eps: number | null = null;
      let budgetStop = false;
      while (oracle.counts.freshBatches < epochEnd) {
        const t = oracle.counts.freshBatches / batchesPerEpoch;
        eps = config.attack === null ? null : warmupEps(config.attack.eps, config.epsWarmup, t);
        const attack = attackAt(eps);
        oracle.attack = attack;
        const plan = stepPlan(optimizer.kind, { L, adversarial: attack !== null, samReattack: config.samReattack, reuseAdversarial: config.reuseAdversarial });
        if (config.maxGradientEvaluations !== null) {
          const cost = stepCost(plan, upcomingBatchSizes(oracle.sampler, freshBatchesPerStep(plan)), attack === null ? null : attack.cost);
          if (oracle.counts.gradientEvaluations + cost.gradientEvaluations > config.maxGradientEvaluations) {
            budgetStop = true;
            break;
          }
        }
        learningRate = optimizer.learningRate(t);
        gamma = optimizer instanceof EntropySgd ? optimizer.gamma : null;
        let first: CallStats | null = null;
        const source = oracle;
        const recordFirst: GradientOracle = (request) => {
          const result = source(request);
          if (first === null) first = source.last;
          return result;
        };
        optimizer.step(recordFirst, t);
        const stats = first as unknown as CallStats;
        if (!Number.isFinite(stats.loss)) {
          throw new RangeError(
            `training diverged: the loss is ${stats.loss} at epoch ${epoch + 1}, step ${steps + 1} (learning rate ${learningRate}); ` +
              "lower the learning rate. The last checkpoint (if any) is from the end of the previous epoch",
          );
        }
        lossSum += stats.loss * stats.examples;
        correct += stats.correct;
        examples += stats.examples;
        steps++;
        stepsInEpoch++;
        const batch = Math.min(oracle.counts.freshBatches - epochStart, batchesPerEpoch);
        bar?.tick(
          1,
          `epoch ${epoch + 1}/${epochCount} · batch ${batch}/${batchesPerEpoch} · loss ${(lossSum / examples).toFixed(4)} · ` +
            `${trainingAttack === null ? "" : "adversarial "}acc ${((100 * correct) / examples).toFixed(1)}%${lastEvaluation}`,
        );
        await yieldNow();
      }
      const trainSeconds = now() - start;
      const done = budgetStop || oracle.counts.freshBatches >= target;
      let entry: EpochLogEntry | null = null;
      if (stepsInEpoch > 0) {
        epoch++;
        const evaluationStart = now();
        const evaluated =
          evaluationSet !== null && evaluation !== null && (epoch % evaluation.every === 0 || done)
            ? evaluateHeldOut(model, evaluationSet, evaluationAttack, evaluation)
            : null;
        const evaluationSeconds = now() - evaluationStart;
        const counts = oracle.counts;
        entry = {
          epoch,
          progress: counts.freshBatches / batchesPerEpoch,
          steps: stepsInEpoch,
          totalSteps: steps,
          trainLoss: lossSum / examples,
          trainAccuracy: correct / examples,
          cleanAccuracy: evaluated?.cleanAccuracy ?? null,
          robustAccuracy: evaluated?.robustAccuracy ?? null,
          robustLoss: evaluated?.robustLoss ?? null,
          evaluated: evaluated?.examples ?? 0,
          learningRate,
          gamma,
          eps,
          epochGradientEvaluations: counts.gradientEvaluations - spentBefore,
          gradientEvaluations: counts.gradientEvaluations,
          forwardPasses: counts.forwardPasses,
          trainSeconds,
          evaluationSeconds,
          wallTimeSeconds: trainSeconds + evaluationSeconds,
          elapsedSeconds: elapsed(),
        };
        log.push(entry);
        if (evaluated !== null) {
          lastEvaluation = ` | epoch ${epoch}: clean ${(100 * evaluated.cleanAccuracy).toFixed(1)}%` +
            (evaluated.robustAccuracy === null ? "" : `, robust ${(100 * evaluated.robustAccuracy).toFixed(1)}%`);
        }
      }
      if (done) {
        finished = true;
        stoppedBy = budgetStop ? "budget" : "epochs";
        if (evaluationSet !== null && test !== null && finalAttacks.length > 0) final = finalEvaluation(model, test, finalAttacks, evaluation?.batchSize ?? 500, evaluation?.seed ?? 0);
      }
      if (folder !== null) {
        const checkpoint: Checkpoint = {
          format: "at-checkpoint/1",
          fingerprint,
          epoch,
          steps,
          consumed: oracle.counts.freshBatches,
          finished,
          stoppedBy,
          elapsedSeconds: elapsed(),
          weights: weightsToJson(model),
          optimizer: optimizer.state(),
          oracle: oracle.state(),
          log,
          final,
          savedAt: new Date().toISOString(),
          backend: activeBackend(),
        };
        writeCheckpoint(folder, checkpoint);
      }
      if (entry !== null && resolved.onEpochEnd !== null) await resolved.onEpochEnd(entry);
      await yieldNow(true);
    }
    bar?.done(log.length > 0 ? formatEpoch(log[log.length - 1]) : "");
    bar = null;

    const counts = oracle.counts;
    return {
      log,
      stoppedBy: stoppedBy ?? "epochs",
      epochs: counts.freshBatches / batchesPerEpoch,
      steps,
      budget: { ...counts, max: config.maxGradientEvaluations, unit: BUDGET_UNIT },
      final,
      config,
      optimizer: { kind: optimizer.kind, options: optimizer.resolvedOptions },
      model: { name: model.name, config: model.config },
      data: fingerprint.data,
      attacks: { training: trainingAttack?.description ?? null, evaluation: evaluationAttack?.description ?? null },
      backend: activeBackend(),
      wallTimeSeconds: elapsed(),
      resumedFromEpoch: saved === null ? null : saved.epoch,
      checkpoint: folder === null ? null : checkpointFile(folder),
    };
  } finally {
    bar?.done("stopped");
    optimizer.dispose();
    oracle?.dispose();
    if (evaluationSet !== null && evaluationSet !== test) tf.dispose([evaluationSet.x, evaluationSet.y]);
  }
}

function finalEvaluation(model: Classifier, test: TrainingData, attacks: { name: string; attack: Attack }[], batchSize: number, seed: number): FinalEvaluation {
  const start = now();
  const results: FinalEvaluation["attacks"] = {};
  let cleanAccuracy = NaN;
  for (const { name, attack } of attacks) {
    const r = evaluateHeldOut(model, test, attack, { batchSize, seed });
    cleanAccuracy = r.cleanAccuracy;
    results[name] = { robustAccuracy: r.robustAccuracy as number, robustLoss: r.robustLoss as number, attack: attack.description };
  }
  return { examples: test.x.shape[0], cleanAccuracy, attacks: results, seconds: now() - start };
}
