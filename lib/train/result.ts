// A training run as a result file: data/results/<experiment>.json with the scale stamp of paper-spec §6,
// the provenance of docs/design.md §6 (git commit, versions, wall time), the run's configuration and every
// number of its log, written atomically by lib/results (never a truncated file).
import * as tf from "@tensorflow/tfjs";
import { provenance, writeResult, validateStamp, type ResultRecord, type Scale, type ScaleStamp } from "../results/records";
import type { ScheduleSpec } from "../optim/schedules";
import type { FinalEvaluation } from "./checkpoint";
import type { EpochLogEntry } from "./log";
import type { FitResult } from "./trainer";

/** What the run itself cannot know: its scale and how its data were chosen. */
export interface TrainingStampFields {
  scale: Scale;
  /** e.g. "MNIST train 2000 (stratified, seed 0) / test 500". */
  dataset: string;
  /** Default: the model's name, e.g. "mlp(784-256-256-10, relu)". */
  model?: string;
  /** Default: [the run's seed]. */
  seeds?: number[];
}

/** The body of a training result file. */
export interface TrainingResults {
  log: EpochLogEntry[];
  final: FinalEvaluation | null;
  budget: FitResult["budget"];
  stoppedBy: FitResult["stoppedBy"];
  epochs: number;
  steps: number;
  optimizer: FitResult["optimizer"];
  attacks: FitResult["attacks"];
  model: FitResult["model"];
  data: FitResult["data"];
  resumedFromEpoch: number | null;
}

function describeRate(lr: unknown): string {
  if (typeof lr === "number") return `lr ${lr}`;
  const spec = lr as ScheduleSpec | "custom" | undefined;
  if (spec === undefined) return "lr (preset)";
  if (spec === "custom") return "lr custom schedule";
  if (spec.kind === "constant") return `lr ${spec.value}`;
  if (spec.kind === "piecewise") {
    return `lr ${spec.initial}${spec.milestones.map((m) => ` ×${m.factor} at epoch ${+m.at.toPrecision(4)}`).join(",")}`;
  }
  return `lr ${JSON.stringify(spec)}`;
}

function threatLabel(result: FitResult): string {
  const a = result.config.attack;
  if (a === null) return "none (standard training)";
  return `${a.norm === "linf" ? "L∞" : "L2"} ε=${a.eps}${result.config.epsWarmup > 0 ? ` (warm-up over ${result.config.epsWarmup} epochs)` : ""}`;
}

/** "SGD (momentum 0.9, wd 0.0005, lr 0.05 ×0.1 at epoch 1, ×0.1 at epoch 1.5)", "EntropySGD (project-default, L=2, ...)", ... */
export function describeOptimizer(result: FitResult): string {
  const o = result.optimizer.options as Record<string, unknown>;
  const config = result.config;
  switch (result.optimizer.kind) {
    case "sgd":
      return `SGD (momentum ${o.momentum}${o.nesterov ? " Nesterov" : ""}, wd ${o.weightDecay}, ${describeRate(o.lr)})`;
    case "sam":
      return `SAM (ρ=${o.rho}${o.adaptive ? " adaptive" : ""}, ${config.attack === null ? "" : config.samReattack ? "re-attack at θ+ε̂, " : "x+δ reused at θ+ε̂, "}momentum ${o.momentum}, wd ${o.weightDecay}, ${describeRate(o.lr)})`;
    case "entropy-sgd":
      return (
        `EntropySGD (${o.preset}, L=${o.L}, γ0=${o.gamma0} ${o.gammaSchedule}${o.gammaSchedule === "scoped" ? ` γ1=${o.gamma1}` : ""}, η′=${o.innerLr}, ` +
        `noise ${o.noise}, ${config.attack === null ? "" : config.reuseAdversarial ? "reuseAdversarial, " : "re-attack at θ′, "}${describeRate(o.lr)})`
      );
    default:
      return result.optimizer.kind;
  }
}

/** The scale stamp of a training run. */
export function trainingStamp(result: FitResult, fields: TrainingStampFields): ScaleStamp {
  const finals = result.final === null ? "" : `; final ${Object.values(result.final.attacks).map((a) => a.attack).join(", ")}`;
  const stamp: ScaleStamp = {
    scale: fields.scale,
    dataset: fields.dataset,
    model: fields.model ?? result.model.name,
    threat: threatLabel(result),
    attack: `train ${result.attacks.training ?? "none"}; eval ${result.attacks.evaluation ?? "clean only"}${finals}`,
    budget:
      `${+result.epochs.toPrecision(6)} epochs (batch ${result.config.batchSize}), ${result.steps} steps, ` +
      `${result.budget.gradientEvaluations} gradient evaluations${result.stoppedBy === "budget" ? ` (stopped at the budget ${result.budget.max})` : ""}`,
    optimizer: describeOptimizer(result),
    seeds: fields.seeds ?? [result.config.seed],
    precision: "float32",
    backend: result.backend,
  };
  validateStamp(stamp);
  return stamp;
}

export function trainingRecord(experiment: string, result: FitResult, fields: TrainingStampFields): ResultRecord<TrainingResults> {
  return {
    format: "at-result/1",
    experiment,
    stamp: trainingStamp(result, fields),
    config: result.config,
    provenance: provenance(result.wallTimeSeconds, tf.version.tfjs),
    results: {
      log: result.log,
      final: result.final,
      budget: result.budget,
      stoppedBy: result.stoppedBy,
      epochs: result.epochs,
      steps: result.steps,
      optimizer: result.optimizer,
      attacks: result.attacks,
      model: result.model,
      data: result.data,
      resumedFromEpoch: result.resumedFromEpoch,
    },
  };
}

/** Writes data/results/<experiment>.json (or into `directory`) atomically; returns the file. */
export function writeTrainingResult(experiment: string, result: FitResult, fields: TrainingStampFields, directory?: string): string {
  return writeResult(trainingRecord(experiment, result, fields), directory);
}
