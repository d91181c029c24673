import { Classifier, ModelConfig } from "./classifier";
import { linear, LinearOptions } from "./linear";
import { mlp, MlpOptions } from "./mlp";
import { smallCnn, SmallCnnOptions } from "./small-cnn";

/** Rebuild a model (same architecture, same initial weights) from its recorded `config`. */
export function modelFromConfig(config: ModelConfig): Classifier {
  const { kind, ...options } = config;
  switch (kind) {
    case "linear":
      return linear(options as unknown as LinearOptions);
    case "mlp":
      return mlp(options as unknown as MlpOptions);
    case "small-cnn":
      return smallCnn(options as unknown as SmallCnnOptions);
    default:
      throw new RangeError(`config.kind must be one of linear, mlp, small-cnn, got ${String(kind)}`);
  }
}
