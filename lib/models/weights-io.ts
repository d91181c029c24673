import * as tf from "@tensorflow/tfjs";
import { Classifier, ModelConfig } from "./classifier";
import { modelFromConfig } from "./from-config";

/**
 * A model's weights as JSON: its config and each parameter's shape and values. float32 values written
 * as JSON numbers read back bit-exactly (every float32 is exactly representable as a double).
 */
export interface WeightsJson {
  readonly format: "at-weights/1";
  readonly config: ModelConfig;
  readonly params: { shape: number[]; values: number[] }[];
}

export function weightsToJson(model: Classifier): WeightsJson {
  return {
    format: "at-weights/1",
    config: model.config,
    params: model.params.map((p) => ({ shape: [...p.shape], values: Array.from(p.dataSync()) })),
  };
}

/** Write saved weights into an existing model of the same architecture. */
export function loadWeights(model: Classifier, json: WeightsJson): void {
  if (json.format !== "at-weights/1") throw new TypeError(`unknown weights format ${String(json.format)}`);
  const { seed: _savedSeed, ...saved } = json.config;
  const { seed: _ownSeed, ...own } = model.config;
  if (JSON.stringify(saved) !== JSON.stringify(own)) {
    throw new RangeError(`weights are for ${JSON.stringify(json.config)}, not for model ${model.name} ${JSON.stringify(model.config)}`);
  }
  json.params.forEach((p, i) => {
    const target = model.params[i];
    if (p.values.length !== target.size || p.shape.join() !== target.shape.join()) {
      throw new RangeError(`parameter ${i}: saved shape [${p.shape.join(", ")}] does not match [${target.shape.join(", ")}]`);
    }
  });
  json.params.forEach((p, i) => tf.tidy(() => model.params[i].assign(tf.tensor(p.values, p.shape, "float32"))));
}

/** Build the model recorded in `json` and load its weights. */
export function modelFromJson(json: WeightsJson): Classifier {
  const model = modelFromConfig(json.config);
  loadWeights(model, json);
  return model;
}
