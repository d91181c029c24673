import * as tf from "@tensorflow/tfjs";

/**
 * The one contract every model satisfies: inputs to logits, with its trainable parameters as a fixed,
 * documented list of variables. Attacks, trainers and smoothness estimators see only this.
 */
export interface Classifier {
  readonly name: string;
  /** Shape of one example, e.g. [28, 28, 1] or [2]. */
  readonly inputShape: number[];
  /** Number of classes; every model here emits one logit per class (binary models emit 2). */
  readonly numClasses: number;
  /** Logits `[batch, numClasses]`, no softmax. */
  logits(x: tf.Tensor): tf.Tensor2D;
  /** Trainable parameters in a fixed order: for each layer, the kernel then the bias. */
  readonly params: tf.Variable[];
  /** JSON-serialisable description from which the model's factory rebuilds the same architecture. */
  readonly config: ModelConfig;
}

/** A model's architecture, recorded with weights, checkpoints and result files. */
export interface ModelConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}
