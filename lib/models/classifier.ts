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
  /**
   * Optional: the per-example objective head(logits(x)) and its gradient with respect to x, by the model's
   * own backward pass instead of the engine's tape. Attacks need only ∇ₓ, and on a small model the tape's
   * bookkeeping (identities, unfused activations, a node per op) costs as many kernels as the arithmetic.
   * Must equal tf.valueAndGrad of head(logits(x)) (test/models/input-gradient.test.ts); attacks fall
   * back to the tape for models without it.
   */
  valueAndInputGradient?(x: tf.Tensor, head: LogitsHead): { value: tf.Tensor1D; gradient: tf.Tensor };
  /**
   * Optional: the logits, the per-example objective head(logits(x)) and the gradients of its batch mean
   * with respect to `params` (in their order), by the model's own backward pass: the training step's
   * counterpart of valueAndInputGradient. Must equal tf.variableGrads of the mean of head(logits(x))
   * (test/models/param-gradients.test.ts); trainers fall back to the tape for models without it.
   */
  valueAndParamGradients?(x: tf.Tensor, head: LogitsHead): { logits: tf.Tensor2D; value: tf.Tensor1D; grads: tf.Tensor[] };
  /** Free the parameters. */
  dispose(): void;
}

/** A per-example objective of the logits and its gradient with respect to them (the gradient of the sum). */
export type LogitsHead = (logits: tf.Tensor2D) => { value: tf.Tensor1D; dLogits: tf.Tensor2D };

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
