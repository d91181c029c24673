// E5: SGD-AT against EntropySGD-AT and SAM-AT at equal gradient-evaluation budgets (paper-spec §7, C6;
// Table A, F6) [Project design]. Each cell trains one method on one threat with the hyperparameters
// E5's search chose (e5-tuning.ts; the quick scale uses DEFAULT_HYPERPARAMETERS.quick, which learn
// there) and records the per-epoch log (F6), the final clean, PGD-20 and PGD-50×5 accuracies and the
// training adversarial loss (Table A). Full grid: the MLP on the four threats with 3 seeds, the small
// CNN on the two L∞ threats with 1 seed.
import type { Norm } from "../core/norms";
import { NORMS } from "../core/norms";
import { makeRecord, type ResultRecord } from "../results/records";
import { trainingRecord, type TrainingResults } from "../train/result";
import { bestCandidate, E5_TUNING, TUNED_METHODS, type TunedMethod } from "./e5-tuning";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { runPreset, type PresetRun } from "./preset-run";
import { SCALE_PRESETS, type RunnableScale } from "./presets";
import { loadRecords } from "./runner";
import {
  DEFAULT_HYPERPARAMETERS,
  TRAINING_DATASETS,
  trainingPreset,
  type MethodHyperparameters,
  type PresetModel,
  type TrainingDataset,
} from "./training-presets";

/**
 * The small CNN's budget at full scale: 10 SGD-AT-equivalent epochs instead of the MLP's 20 [Project
 * design]: one CNN epoch costs ~7 MLP epochs here, and six CNN runs at 20 epochs would take five hours.
 */
export const E5_CNN_EPOCHS = 10;

export interface E5Cell extends ExperimentCell {
  readonly key: { dataset: TrainingDataset; norm: Norm; model: PresetModel; method: TunedMethod; seed: number };
}

export interface E5Results {
  readonly hyperparameters: MethodHyperparameters;
  /** Where the hyperparameters came from: the chosen tuning record, or the quick defaults. */
  readonly hyperparametersFrom: string;
  readonly training: TrainingResults;
}

/** The hyperparameters of a method on a threat, and where they come from. */
export function e5Hyperparameters(
  scale: RunnableScale,
  dataset: TrainingDataset,
  norm: Norm,
  method: TunedMethod,
): { hyperparameters: MethodHyperparameters; from: string } {
  if (scale === "quick")
    return { hyperparameters: DEFAULT_HYPERPARAMETERS.quick[method], from: "DEFAULT_HYPERPARAMETERS.quick (lib/experiments/training-presets.ts)" };
  const candidates = loadRecords(E5_TUNING, "full").filter(({ cell }) => cell.key.dataset === dataset && cell.key.norm === norm && cell.key.method === method);
  const expected = E5_TUNING.grid("full").filter((c) => c.key.dataset === dataset && c.key.norm === norm && c.key.method === method).length;
  if (candidates.length < expected) {
    throw new Error(
      `E5 ${dataset} ${norm} ${method} needs its search first: ${candidates.length} of ${expected} tuning records; run npm run experiment -- e5-tuning --scale full --only dataset=${dataset},norm=${norm},method=${method}`,
    );
  }
  const best = bestCandidate(candidates.map((c) => c.record));
  return { hyperparameters: best.results.hyperparameters, from: best.experiment };
}

/**
 * Trains (or, from its finished checkpoint, loads) the network of an E5 cell; E6 measures it. The caller
 * disposes run.model.
 */
export async function trainE5Cell(key: E5Cell["key"], context: CellContext): Promise<{ run: PresetRun; hyperparameters: MethodHyperparameters; from: string }> {
  const { dataset, norm, model, method, seed } = key;
  const { hyperparameters, from } = e5Hyperparameters(context.scale, dataset, norm, method);
  const epochs = model === "cnn" && context.scale === "full" ? E5_CNN_EPOCHS : undefined;
  const preset = trainingPreset({ scale: context.scale, dataset, norm, method, model, seed, hyperparameters, epochs });
  return { run: await runPreset(preset, context), hyperparameters, from };
}

export const E5: Experiment<E5Cell, E5Results> = {
  id: "e5",
  title: "E5: SGD-AT, EntropySGD-AT and SAM-AT at equal budgets",
  keyFields: ["dataset", "norm", "model", "method", "seed"],
  grid(scale, seeds) {
    const mlpSeeds = seeds ?? SCALE_PRESETS[scale].seeds;
    const cells: E5Cell[] = [];
    for (const dataset of TRAINING_DATASETS)
      for (const norm of NORMS)
        for (const method of TUNED_METHODS) for (const seed of mlpSeeds) cells.push({ key: { dataset, norm, model: "mlp", method, seed }, cost: 1 });
    // The small CNN: about 7× an MLP run per epoch (bench), half the epochs, on the L∞ threats, first seed.
    if (scale === "full") {
      for (const dataset of TRAINING_DATASETS)
        for (const method of TUNED_METHODS) cells.push({ key: { dataset, norm: "linf", model: "cnn", method, seed: mlpSeeds[0] }, cost: 3.5 });
    }
    return cells;
  },
  async run(cell: E5Cell, context: CellContext): Promise<ResultRecord<E5Results>> {
    const { run, hyperparameters, from } = await trainE5Cell(cell.key, context);
    run.model.dispose();
    const results: E5Results = { hyperparameters, hyperparametersFrom: from, training: trainingRecord(context.name, run.result, run.stamp).results };
    return makeRecord(context.name, run.stamp, run.result.config, results, run.result.wallTimeSeconds);
  },
  summarize(record) {
    const { final, log } = record.results.training;
    const strong = Object.entries(final?.attacks ?? {}).find(([name]) => name !== "pgd-20");
    return {
      clean: final?.cleanAccuracy ?? null,
      "PGD-20": final?.attacks["pgd-20"]?.robustAccuracy ?? null,
      strong: strong === undefined ? null : strong[1].robustAccuracy,
      "train adv. loss": log[log.length - 1].trainLoss,
      "grad evals": record.results.training.budget.gradientEvaluations,
    };
  },
};
