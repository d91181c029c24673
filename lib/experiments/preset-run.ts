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
  /** performance.now() when training returned: what the cell measures afterwards is timed from here. */
  readonly trainedAt: number;
}

/**
 * The wall time of a cell that trained `run` and measured it afterwards: the training's (summed by the
 * trainer over every session that resumed it) plus the time since training returned. A record's
 * provenance must count both, or the grid's wall time (`npm run experiment -- status`) leaves out the
 * estimators, which take a third of a CNN cell of E3.
 */
export function cellSeconds(run: PresetRun): number {
  return run.result.wallTimeSeconds + (performance.now() - run.trainedAt) / 1000;
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
  const data = loadTrainingData(preset.data);
  const model = modelFromConfig(preset.model);
  try {
    // A run name checkpoints too (data/checkpoints/<run>), so it is given only with the cell's folder.
    const checkpoints = context.checkpointDir === null ? {} : { checkpointDir: context.checkpointDir, run: context.name.replace(/\//g, ".") };
    const result = await fit(model, data, { ...preset.fit, ...hooks(model), ...checkpoints });
    const budget = `${preset.stamp.budget}; ran ${+result.epochs.toPrecision(4)} passes, ${result.budget.gradientEvaluations} gradient evaluations`;
    const stamp = makeStamp({ ...preset.stamp, budget, optimizer: result.optimizer.description, backend: activeBackend() });
    return { model, result, stamp, trainedAt: performance.now() };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(data);
  }
}
