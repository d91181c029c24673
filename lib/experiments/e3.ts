// E3: smoothness of DNN adversarial losses (paper-spec §7, C3; Table B, λ_max against ε) [Project
// design]. Each cell trains one softplus network — clean, or PGD-AT at one ε of the grid under L∞ or
// L2 — recording S2 along its training, then profiles it (smoothness-profile.ts) under its training
// threat (the clean network under the first ε of each norm) on 128 held-out examples. Expected
// (paper-spec §7): L∞ > L2 > clean, growing with ε, the largest re-attacked/frozen gap under L∞.
import * as tf from "@tensorflow/tfjs";
import { NORMS, type Norm } from "../core/norms";
import { loadFashionMnist, loadMnist } from "../data";
import { makeRecord, type ResultRecord } from "../results/records";
import { trajectoryRecorder, type TrajectoryRecorder, type TrajectoryRow } from "../smoothness/trajectory-ratio";
import { trainingRecord, type TrainingResults } from "../train/result";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { cellSeconds, runPreset } from "./preset-run";
import { EPS_GRID, type RunnableScale } from "./presets";
import { smoothnessProfile, type SmoothnessProfile, type Threat } from "./smoothness-profile";
import { TRAINING_DATASETS, trainingPreset, type PresetModel, type TrainingDataset } from "./training-presets";

/** How a cell's network was trained: "standard", or PGD-AT under a norm (eps in the key). */
export type E3Training = "standard" | Norm;

export interface E3Cell extends ExperimentCell {
  readonly key: { dataset: TrainingDataset; model: PresetModel; training: E3Training; eps: number; seed: number };
}

export interface E3Results {
  readonly training: TrainingResults;
  /** S2 along training, under the training threat (the clean loss for standard training). */
  readonly trajectory: TrajectoryRow[];
  readonly profiles: SmoothnessProfile[];
}

/** Epochs of training (SGD-AT-equivalent): the quick preset's; at full, fewer than E5's, smoothness needs no converged model. */
export const E3_EPOCHS: Readonly<Record<RunnableScale, Readonly<Record<PresetModel, number>>>> = { quick: { mlp: 6, cnn: 6 }, full: { mlp: 10, cnn: 5 } };
/** S1 directions of the CNN at full scale (each re-attack costs ~7× the MLP's). */
const CNN_DIRECTIONS = 10;
/** The held-out batch every statistic is measured on. */
const BATCH = 128;
/** S2 measurements per run. */
const TRAJECTORY_POINTS = 10;

/** The clean network and PGD-AT at each ε of the grid (quick: the grid's two ends, which a notebook cell can afford). */
function trainingsOf(scale: RunnableScale): { training: E3Training; eps: number }[] {
  const grid = (norm: Norm) => (scale === "quick" ? [EPS_GRID[norm][0], EPS_GRID[norm][EPS_GRID[norm].length - 1]] : EPS_GRID[norm]);
  return [{ training: "standard", eps: 0 }, ...NORMS.flatMap((norm) => grid(norm).map((eps) => ({ training: norm, eps })))];
}

/** The threats a cell's network is profiled under. */
export function e3Threats(training: E3Training, eps: number): Threat[] {
  return training === "standard" ? NORMS.map((norm) => ({ norm, eps: EPS_GRID[norm][0] })) : [{ norm: training, eps }];
}

export const E3: Experiment<E3Cell, E3Results> = {
  id: "e3",
  title: "E3: smoothness of clean, L2-AT and L∞-AT networks over the ε grid",
  keyFields: ["dataset", "model", "training", "eps", "seed"],
  grid(scale, seeds) {
    const seed = (seeds ?? [0])[0];
    const datasets: TrainingDataset[] = scale === "quick" ? ["mnist"] : [...TRAINING_DATASETS];
    const cells: E3Cell[] = [];
    for (const dataset of datasets) for (const t of trainingsOf(scale)) cells.push({ key: { dataset, model: "mlp", ...t, seed }, cost: 1 });
    // The small CNN at full scale, on MNIST: ~7× an MLP epoch, half the epochs, fewer directions.
    if (scale === "full") for (const t of trainingsOf(scale)) cells.push({ key: { dataset: "mnist", model: "cnn", ...t, seed }, cost: 4 });
    return cells;
  },
  async run(cell: E3Cell, context: CellContext): Promise<ResultRecord<E3Results>> {
    const { dataset, model: kind, training, eps, seed } = cell.key;
    const threats = e3Threats(training, eps);
    const preset = trainingPreset({
      scale: context.scale,
      dataset,
      model: kind,
      activation: "softplus",
      seed,
      epochs: E3_EPOCHS[context.scale][kind],
      ...(training === "standard" ? { method: "standard", norm: threats[0].norm, eps: threats[0].eps } : { method: "sgd-at", norm: training, eps }),
    });
    const batch = (dataset === "mnist" ? loadMnist : loadFashionMnist)({ split: "test", limit: BATCH, seed: 0 });
    const stepsPerEpoch = Math.ceil((preset.data.train.limit ?? 60000) / (preset.fit.batchSize ?? 128));
    const every = Math.max(1, Math.floor((stepsPerEpoch * preset.fit.epochs) / TRAJECTORY_POINTS));
    const s2Threat =
      training === "standard" ? { loss: "clean" as const } : { loss: "reattack" as const, attack: { norm: threats[0].norm, eps: threats[0].eps } };
    // S2 is recorded by the run's onStep on the model runPreset builds. A resumed cell records the steps
    // of its last session only (the recorder is not part of the checkpoint).
    const s2: { recorder?: TrajectoryRecorder } = {};
    try {
      const run = await runPreset(preset, context, (model) => {
        s2.recorder = trajectoryRecorder(model, batch.x, batch.y, every, { ...s2Threat, seed });
        return { onStep: s2.recorder.onStep };
      });
      try {
        const trajectory = s2.recorder?.rows ?? [];
        const profiles = threats.map((threat) =>
          smoothnessProfile(run.model, batch.x, batch.y, {
            scale: context.scale,
            threat,
            seed,
            directions: kind === "cnn" && context.scale === "full" ? CNN_DIRECTIONS : undefined,
          }),
        );
        const results: E3Results = { training: trainingRecord(context.name, run.result, run.stamp).results, trajectory, profiles };
        return makeRecord(context.name, run.stamp, { training: run.result.config, s2: { every, ...s2Threat }, batch: BATCH }, results, cellSeconds(run));
      } finally {
        run.model.dispose();
      }
    } finally {
      s2.recorder?.dispose();
      tf.dispose(batch);
    }
  },
  summarize(record) {
    const p = record.results.profiles[0];
    const at = (loss: string) => p.s1.find((r) => r.loss === loss && r.directions === "random");
    return {
      threat: `${p.threat.norm} ${p.threat.eps}`,
      "S1 re-attacked slope": at("reattack")?.slope ?? null,
      "S1 frozen slope": at("frozen")?.slope ?? null,
      λ_max: p.s3?.values[0] ?? null,
      "‖∇ₓℓ‖": p.s4?.mean ?? null,
    };
  },
};
