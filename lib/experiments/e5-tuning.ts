// E5's hyperparameter search [Project design; the fairness rule of issue "The experiments"]: for every
// threat of E5 and every adversarial method, the same number of candidates (TUNING_CANDIDATES), each
// trained at the same short budget on the training part of the training split and scored by PGD-20
// robust accuracy on its held-out validation part (never the test split). E5 then trains each method
// with its best candidate. Run on the MLP; the CNN of the full grid reuses the MLP's choice.
import type { Norm } from "../core/norms";
import { NORMS } from "../core/norms";
import { makeRecord, type ResultRecord } from "../results/records";
import { trainingRecord, type TrainingResults } from "../train/result";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { runPreset } from "./preset-run";
import type { RunnableScale } from "./presets";
import {
  TRAINING_DATASETS,
  TUNING_CANDIDATES,
  trainingPreset,
  type MethodHyperparameters,
  type TrainingDataset,
  type TrainingMethod,
} from "./training-presets";

/** The search's budget: SGD-AT-equivalent epochs per candidate (a quarter of E5's at full scale). */
export const TUNING_EPOCHS: Readonly<Record<RunnableScale, number>> = { quick: 2, full: 5 };

export type TunedMethod = Exclude<TrainingMethod, "standard">;
export const TUNED_METHODS: readonly TunedMethod[] = ["sgd-at", "entropy-sgd-at", "sam-at"];

export interface TuningCell extends ExperimentCell {
  readonly key: { dataset: TrainingDataset; norm: Norm; method: TunedMethod; candidate: number };
}

export interface TuningResults {
  readonly hyperparameters: MethodHyperparameters;
  /** Accuracy on the validation part after training: the search's score is `robust` (PGD-20). */
  readonly validation: { clean: number; robust: number };
  readonly training: TrainingResults;
}

function presetOf(cell: TuningCell, scale: RunnableScale) {
  const { dataset, norm, method, candidate } = cell.key;
  return trainingPreset({
    scale,
    dataset,
    norm,
    method,
    model: "mlp",
    epochs: TUNING_EPOCHS[scale],
    validation: true,
    hyperparameters: TUNING_CANDIDATES[method][candidate],
  });
}

export const E5_TUNING: Experiment<TuningCell, TuningResults> = {
  id: "e5-tuning",
  title: "E5 hyperparameter search on a validation split (same candidates count and budget per method)",
  keyFields: ["dataset", "norm", "method", "candidate"],
  grid(_scale) {
    return TRAINING_DATASETS.flatMap((dataset) =>
      NORMS.flatMap((norm) =>
        TUNED_METHODS.flatMap((method) => TUNING_CANDIDATES[method].map((_, candidate) => ({ key: { dataset, norm, method, candidate }, cost: 1 }))),
      ),
    );
  },
  async run(cell: TuningCell, context: CellContext): Promise<ResultRecord<TuningResults>> {
    const preset = presetOf(cell, context.scale);
    const { model, result, stamp } = await runPreset(preset, context);
    model.dispose();
    const final = result.final?.attacks["pgd-20"];
    if (result.final === null || final === undefined) throw new Error(`${context.name}: the run has no final PGD-20 evaluation`);
    const results: TuningResults = {
      hyperparameters: preset.hyperparameters,
      validation: { clean: result.final.cleanAccuracy, robust: final.robustAccuracy },
      training: trainingRecord(context.name, result, stamp).results,
    };
    return makeRecord(context.name, stamp, result.config, results, result.wallTimeSeconds);
  },
  summarize: (record) => ({
    hyperparameters: JSON.stringify(record.results.hyperparameters),
    "validation clean": record.results.validation.clean,
    "validation robust": record.results.validation.robust,
  }),
};

/** The best candidate of a search: highest validation robust accuracy, then highest clean accuracy. */
export function bestCandidate(records: readonly ResultRecord<TuningResults>[]): ResultRecord<TuningResults> {
  if (records.length === 0) throw new RangeError("bestCandidate: no tuning records");
  return [...records].sort((a, b) => b.results.validation.robust - a.results.validation.robust || b.results.validation.clean - a.results.validation.clean)[0];
}
