import * as tf from "@tensorflow/tfjs";

/**
 * The one contract every model satisfies: inputs to logits, with its trainable parameters as a fixed,
 * documented list of variables. Attacks, trainers and smoothness estimators see only this.
 */
export interface Classifier {
  readonly name: string;
  /** Shape of one example, e.g. [28, 28, 1] or [2]. */
  readonly inputShape: number[];
  /**
   * Number of classes. Every model emits one logit per class; the binary logistic model emits
   * [0, wᵀx + b], so that softmax cross-entropy on it is exactly the logistic loss softplus(−y wᵀx).
   */
  readonly numClasses: number;
  /** Logits `[batch, numClasses]`, no softmax. */
  logits(x: tf.Tensor): tf.Tensor2D;
  /** Trainable parameters in a fixed order: for each layer, the kernel then the bias. */
  readonly params: tf.Variable[];
  /** JSON-serialisable description from which `modelFromConfig` rebuilds the same architecture. */
  readonly config: ModelConfig;
  /** Free the parameters. */
  dispose(): void;
}

/** A model's architecture and initialisation seed, recorded with weights, checkpoints and results. */
export interface ModelConfig {
  readonly kind: string;
  readonly seed: number;
  readonly [option: string]: unknown;
}

/** Throws unless `x` is a batch of examples of the model's input shape. */
export function assertInputShape(model: Classifier, x: tf.Tensor, argument = "x"): void {
  const expected = model.inputShape;
  const ok = x.rank === expected.length + 1 && expected.every((d, i) => x.shape[i + 1] === d);
  if (!ok) {
    throw new RangeError(`${argument} must have shape [batch, ${expected.join(", ")}] for model ${model.name}, got [${x.shape.join(", ")}]`);
  }
}
