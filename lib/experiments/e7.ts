// E7: EntropySGD's sensitivity to its scope γ0 and its Langevin steps L at equal budget (paper-spec §7;
// Table C) [Project design], on MNIST L∞ ε = 0.3 with the MLP. EntropySGD's other hyperparameters are
// the ones E5's search chose for that threat (the quick defaults at quick scale). Each cell also
// measures S1 of its final model, and the reuseAdversarial ablation (one attack per outer step instead
// of one per inner step, which does not smooth L_ε exactly: T5) runs at the preset's γ0 for every L.
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../data";
import { makeRecord, type ResultRecord } from "../results/records";
import { trainingRecord, type TrainingResults } from "../train/result";
import { e5Hyperparameters } from "./e5";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { runPreset } from "./preset-run";
import { SCALE_PRESETS } from "./presets";
import { smoothnessProfile, type SmoothnessProfile } from "./smoothness-profile";
import { trainingPreset, type MethodHyperparameters } from "./training-presets";

/** The scopes of Table C (paper-spec §7); the preset's own γ0 is 0.03. */
export const E7_GAMMAS: readonly number[] = [3e-4, 3e-3, 3e-2];
const ABLATION_GAMMA = 3e-2;
const THREAT = { norm: "linf" as const, eps: 0.3 };
/** The held-out batch S1 is measured on. */
const BATCH = 128;

export interface E7Cell extends ExperimentCell {
  readonly key: { gamma0: number; L: number; reuse: string; seed: number };
}

export interface E7Results {
  readonly hyperparameters: MethodHyperparameters;
  readonly hyperparametersFrom: string;
  readonly training: TrainingResults;
  /** S1 (clean, frozen, re-attacked; random directions) of the final model under L∞ 0.3. */
  readonly profile: SmoothnessProfile;
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
    try {
      const run = await runPreset(preset, context);
      try {
        const profile = smoothnessProfile(run.model, batch.x, batch.y, {
          scale: context.scale,
          threat: THREAT,
          seed,
          hessian: false,
          flatness: false,
          continuity: false,
        });
        const results: E7Results = {
          hyperparameters,
          hyperparametersFrom: base.from,
          training: trainingRecord(context.name, run.result, run.stamp).results,
          profile,
        };
        return makeRecord(context.name, run.stamp, { training: run.result.config, batch: BATCH }, results, run.seconds);
      } finally {
        run.model.dispose();
      }
    } finally {
      tf.dispose(batch);
    }
  },
  summarize(record) {
    const { final, log } = record.results.training;
    const reattack = record.results.profile.s1.find((r) => r.loss === "reattack");
    return {
      clean: final?.cleanAccuracy ?? null,
      "PGD-20": final?.attacks["pgd-20"]?.robustAccuracy ?? null,
      "train adv. loss": log[log.length - 1].trainLoss,
      "S1 re-attacked slope": reattack?.slope ?? null,
    };
  },
};
