// A training run as a result file: data/results/<experiment>.json with the scale stamp of paper-spec §6,
// the provenance of docs/design.md §6 (git commit, versions, wall time), the run's configuration and every
// number of its log, written atomically by lib/results (never a truncated file).
import * as tf from "@tensorflow/tfjs";
import { provenance, writeResult, validateStamp, type ResultRecord, type Scale, type ScaleStamp } from "../results/records";
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

function threatLabel(result: FitResult): string {
  const a = result.config.attack;
  if (a === null) return "none (standard training)";
  if ("description" in a) return a.description;
  return `${a.norm === "linf" ? "L∞" : "L2"} ε=${a.eps}${result.config.epsWarmup > 0 ? ` (warm-up over ${result.config.epsWarmup} epochs)` : ""}`;
}

/** The scale stamp of a training run. */
export function trainingStamp(result: FitResult, fields: TrainingStampFields): ScaleStamp {
  const finals =
    result.final === null
      ? ""
      : `; final ${Object.values(result.final.attacks)
          .map((a) => a.attack)
          .join(", ")}`;
  const stamp: ScaleStamp = {
    scale: fields.scale,
    dataset: fields.dataset,
    model: fields.model ?? result.model.name,
    threat: threatLabel(result),
    attack: `train ${result.attacks.training ?? "none"}; eval ${result.attacks.evaluation ?? "clean only"}${finals}`,
    budget:
      `${+result.epochs.toPrecision(6)} epochs (batch ${result.config.batchSize}), ${result.steps} steps, ` +
      `${result.budget.gradientEvaluations} gradient evaluations${result.stoppedBy === "budget" ? ` (stopped at the budget ${result.budget.max})` : ""}`,
    optimizer: result.optimizer.description,
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
