// E7: EntropySGD's sensitivity to its scope γ0 and its Langevin steps L at equal budget (paper-spec §7;
// Table C) [Project design], on MNIST L∞ ε = 0.3 with the MLP. EntropySGD's other hyperparameters are
// the ones E5's search chose for that threat (the quick defaults at quick scale). Each cell also
// measures S1 of its final model, and the reuseAdversarial ablation (one attack per outer step instead
// of one per inner step, which does not smooth L_ε exactly: T5) runs at the preset's γ0 for every L.
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend";
import { loadMnist } from "../data";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { TrainingDiverged, type Divergence } from "../train/epoch";
import { trainingRecord, type TrainingResults } from "../train/result";
import { e5Hyperparameters } from "./e5";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { cellSeconds, runPreset } from "./preset-run";
import { SCALE_PRESETS } from "./presets";
import { smoothnessProfile, type SmoothnessProfile } from "./smoothness-profile";
import { trainingPreset, type MethodHyperparameters } from "./training-presets";

/** The scopes of Table C (paper-spec §7); the preset's own γ0 is 0.03. */
export const E7_GAMMAS: readonly number[] = [3e-4, 3e-3, 3e-2];
/** The scope of the reuseAdversarial ablation: the preset's own. */
export const ABLATION_GAMMA = 3e-2;
const THREAT = { norm: "linf" as const, eps: 0.3 };
/** The held-out batch S1 is measured on. */
const BATCH = 128;

export interface E7Cell extends ExperimentCell {
  readonly key: { gamma0: number; L: number; reuse: string; seed: number };
}

interface E7Setting {
  readonly hyperparameters: MethodHyperparameters;
  readonly hyperparametersFrom: string;
}

/** A cell that trained: its training record and S1 (clean, frozen, re-attacked; random directions) of the final model under L∞ 0.3. */
export interface E7Trained extends E7Setting {
  readonly training: TrainingResults;
  readonly profile: SmoothnessProfile;
}

/** A cell whose training loss stopped being finite: the grid leaves the paper's tuned region, so that is an outcome, not a failure. */
export interface E7Diverged extends E7Setting {
  readonly diverged: Divergence;
}

export type E7Results = E7Trained | E7Diverged;

/** One cell's numbers as Table C, the findings and the heatmaps read them (NaN where a diverged run has none). */
export interface E7Summary {
  readonly clean: number;
  readonly robust: number;
  readonly trainLoss: number;
  readonly s1Slope: number;
  readonly diverged: Divergence | null;
}

export function e7Summary(results: E7Results): E7Summary {
  // `in` narrows the union under any compiler settings (tslab compiles cells without strictNullChecks).
  if ("diverged" in results) return { clean: NaN, robust: NaN, trainLoss: NaN, s1Slope: NaN, diverged: results.diverged };
  const { final, log } = results.training;
  return {
    clean: final?.cleanAccuracy ?? NaN,
    robust: final?.attacks["pgd-20"]?.robustAccuracy ?? NaN,
    trainLoss: log[log.length - 1].trainLoss,
    s1Slope: results.profile.s1.find((r) => r.loss === "reattack")?.slope ?? NaN,
    diverged: null,
  };
}

/** "epoch 1, step 323 (learning rate 1)": where a run diverged. */
export function divergenceLabel(d: Divergence): string {
  return `epoch ${d.epoch}, step ${d.step} (learning rate ${d.learningRate})`;
}

export const E7: Experiment<E7Cell, E7Results> = {
  id: "e7",
  title: "E7: EntropySGD-AT over γ0 × L at equal budget, and the reuseAdversarial ablation",
  keyFields: ["gamma0", "L", "reuse", "seed"],
  grid(scale, seeds) {
    const seed = (seeds ?? [0])[0];
    const Ls = SCALE_PRESETS[scale].sensitivityL;
    const cells: E7Cell[] = [];
    for (const gamma0 of E7_GAMMAS) for (const L of Ls) cells.push({ key: { gamma0, L, reuse: "no", seed }, cost: 1 });
    for (const L of Ls) cells.push({ key: { gamma0: ABLATION_GAMMA, L, reuse: "yes", seed }, cost: 1 });
    return cells;
  },
  async run(cell: E7Cell, context: CellContext): Promise<ResultRecord<E7Results>> {
    const { gamma0, L, reuse, seed } = cell.key;
    const base = e5Hyperparameters(context.scale, "mnist", THREAT.norm, "entropy-sgd-at");
    const hyperparameters: MethodHyperparameters = { ...base.hyperparameters, gamma0, L, reuseAdversarial: reuse === "yes" };
    const preset = trainingPreset({
      scale: context.scale,
      dataset: "mnist",
      norm: THREAT.norm,
      eps: THREAT.eps,
      method: "entropy-sgd-at",
      model: "mlp",
      seed,
      hyperparameters,
    });
    const batch = loadMnist({ split: "test", limit: BATCH, seed: 0 });
    const started = performance.now();
    try {
      let run;
      try {
        run = await runPreset(preset, context);
      } catch (error) {
        if (!(error instanceof TrainingDiverged)) throw error;
        const stamp = makeStamp({
          ...preset.stamp,
          budget: `${preset.stamp.budget}; diverged at ${divergenceLabel(error.divergence)}`,
          backend: activeBackend(),
        });
        const results: E7Diverged = { hyperparameters, hyperparametersFrom: base.from, diverged: error.divergence };
        return makeRecord(context.name, stamp, { training: preset.fit, batch: BATCH }, results, (performance.now() - started) / 1000);
      }
      try {
        const profile = smoothnessProfile(run.model, batch.x, batch.y, {
          scale: context.scale,
          threat: THREAT,
          seed,
          hessian: false,
          flatness: false,
          continuity: false,
        });
        const results: E7Trained = {
          hyperparameters,
          hyperparametersFrom: base.from,
          training: trainingRecord(context.name, run.result, run.stamp).results,
          profile,
        };
        return makeRecord(context.name, run.stamp, { training: run.result.config, batch: BATCH }, results, cellSeconds(run));
      } finally {
        run.model.dispose();
      }
    } finally {
      tf.dispose(batch);
    }
  },
  summarize(record) {
    const s = e7Summary(record.results);
    if (s.diverged !== null)
      return { clean: `diverged at ${divergenceLabel(s.diverged)}`, "PGD-20": null, "train adv. loss": null, "S1 re-attacked slope": null };
    return { clean: s.clean, "PGD-20": s.robust, "train adv. loss": s.trainLoss, "S1 re-attacked slope": s.s1Slope };
  },
};
