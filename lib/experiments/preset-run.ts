// One training preset run inside an experiment cell: load its data, build its model, train it
// (checkpointed in the cell's folder, so an interrupted cell resumes), and stamp the result. The model
// is handed back trained, for cells that measure it further; the caller disposes it.
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend";
import type { Classifier } from "../models/classifier";
import { modelFromConfig } from "../models/from-config";
import { makeStamp, type ScaleStamp } from "../results/records";
import type { FitOptions } from "../train/options";
import { fit, type FitResult } from "../train/trainer";
import type { CellContext } from "./experiment";
import { loadTrainingData, type TrainingPreset } from "./training-presets";

export interface PresetRun {
  readonly model: Classifier;
  readonly result: FitResult;
  /** The preset's stamp with the backend and the run's own budget line. */
  readonly stamp: ScaleStamp;
  readonly seconds: number;
}

/**
 * Trains `preset` in `context`; `hooks` may add fit options bound to the new model (e.g. an onStep that
 * measures it). The data are disposed when training ends; the model is returned.
 */
export async function runPreset(
  preset: TrainingPreset,
  context: CellContext,
  hooks: (model: Classifier) => Partial<FitOptions> = () => ({}),
): Promise<PresetRun> {
  const started = performance.now();
  const data = loadTrainingData(preset.data);
  const model = modelFromConfig(preset.model);
  try {
    // A run name checkpoints too (data/checkpoints/<run>), so it is given only with the cell's folder.
    const checkpoints = context.checkpointDir === null ? {} : { checkpointDir: context.checkpointDir, run: context.name.replace(/\//g, ".") };
    const result = await fit(model, data, { ...preset.fit, ...hooks(model), ...checkpoints });
    const budget = `${preset.stamp.budget}; ran ${+result.epochs.toPrecision(4)} passes, ${result.budget.gradientEvaluations} gradient evaluations`;
    const stamp = makeStamp({ ...preset.stamp, budget, optimizer: result.optimizer.description, backend: activeBackend() });
    return { model, result, stamp, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(data);
  }
}
