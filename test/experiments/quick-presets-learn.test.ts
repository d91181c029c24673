// The quick presets must teach the right lesson: every adversarial training method learns at quick scale
// on every E5 threat (clean accuracy ≥ 60%, robust accuracy clearly above the standard model's, which is
// the trivial level at that ε). Trains 16 small runs (~2 minutes), so it runs in the wasm+native suite
// only: the backend a user gets, and the one CI can afford (the same runs take ~20× longer on cpu).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { loadTrainingData, TRAINING_DATASETS, trainingPreset, type TrainingMethod } from "../../lib/experiments";
import { modelFromConfig } from "../../lib/models";
import { fit } from "../../lib/train";

const suite = process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0" ? describe : describe.skip;

async function finalAccuracy(
  dataset: (typeof TRAINING_DATASETS)[number],
  norm: "linf" | "l2",
  method: TrainingMethod,
): Promise<{ clean: number; robust: number }> {
  const p = trainingPreset({ scale: "quick", dataset, norm, method });
  const data = loadTrainingData(p.data);
  const model = modelFromConfig(p.model);
  try {
    const result = await fit(model, data, { ...p.fit, progress: false });
    const last = result.log[result.log.length - 1];
    return { clean: last.cleanAccuracy as number, robust: last.robustAccuracy as number };
  } finally {
    model.dispose();
    tf.dispose(data);
  }
}

suite("experiments: the quick presets learn", function () {
  this.timeout(600000);
  for (const dataset of TRAINING_DATASETS) {
    for (const norm of ["linf", "l2"] as const) {
      it(`${dataset} ${norm}: SGD-AT, EntropySGD-AT and SAM-AT reach ≥ 60% clean and beat the standard model's robust accuracy by 5 points`, async () => {
        const trivial = (await finalAccuracy(dataset, norm, "standard")).robust;
        for (const method of ["sgd-at", "entropy-sgd-at", "sam-at"] as const) {
          const { clean, robust } = await finalAccuracy(dataset, norm, method);
          assert.ok(clean >= 0.6, `${method}: clean ${clean}`);
          assert.ok(robust >= trivial + 0.05, `${method}: robust ${robust}, standard training ${trivial}`);
        }
      });
    }
  }
});
