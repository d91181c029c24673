// Softmax cross-entropy from logits, per example and batch mean, for int32 class labels.
//
//     CE(z, y) = log Σ_i exp(z_i) − z_y.
//
// Written as  CE = (m − z_y) + softplus(log Σ_{i≠a} exp(z_i − m)),  with a = argmax z and m = z_a,
// which is exact algebra (softplus(log S) = log(1 + S), and the excluded term is exp(0) = 1) but keeps
// full relative precision where the loss is tiny: the textbook log-sum-exp minus z_y cancels two nearly
// equal numbers and returns 0 for a loss of 1e-9, which would hide the loss of confidently classified
// points from the attacks and from the T1 closed-form comparison. softplus rather than log1p because
// the wasm backend computes log1p as log(1 + x), which loses those digits again (its softplus is exact).
// m is taken as Σ_i z_i·[i = a] (not `max`), so its gradient goes to the one excluded entry; the
// gradient is then softmax(z) − onehot(y) also at ties of the maximum.
//
// Labels select logits by one-hot masks, never by tf.gather: gather's gradient (UnsortedSegmentSum) is
// missing on the wasm backend (docs/toolchain.md §3.3).
import * as tf from "@tensorflow/tfjs";

// Pushes the largest logit out of the sum over the others.
const EXCLUDE = 1e30;

/** Throws unless `labels` is an int32 Tensor1D with one label per row of `logits` (values are checked by `assertLabelValues`). */
export function assertLabelShape(labels: tf.Tensor, batch: number, argument = "labels"): void {
  if (!(labels instanceof tf.Tensor)) throw new TypeError(`${argument} must be an int32 tf.Tensor1D of class ids, got ${String(labels)}`);
  if (labels.dtype !== "int32") throw new TypeError(`${argument} must have dtype int32 (class ids), got ${labels.dtype}`);
  if (labels.rank !== 1 || labels.shape[0] !== batch) {
    throw new RangeError(`${argument} must have shape [${batch}] (one class id per example), got [${labels.shape.join(", ")}]`);
  }
}

/** Throws unless every label is a class id in [0, numClasses). Reads the labels (a small synchronous read). */
export function assertLabelValues(labels: tf.Tensor1D, numClasses: number, argument = "labels"): void {
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0 || v >= numClasses) {
      throw new RangeError(`${argument}[${i}] must be a class id in [0, ${numClasses}), got ${v}`);
    }
  }
}

function assertLogits(logits: tf.Tensor, argument = "logits"): void {
  if (!(logits instanceof tf.Tensor)) throw new TypeError(`${argument} must be a tf.Tensor2D, got ${String(logits)}`);
  if (logits.rank !== 2 || logits.shape[0] < 1 || (logits.shape[1] ?? 0) < 2) {
    throw new RangeError(`${argument} must have shape [batch ≥ 1, classes ≥ 2], got [${logits.shape.join(", ")}]`);
  }
  if (logits.dtype !== "float32") throw new TypeError(`${argument} must have dtype float32, got ${logits.dtype}`);
}

/** The float32 one-hot matrix [batch, numClasses] of int32 labels. */
export function oneHotLabels(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(labels, numClasses), "float32") as tf.Tensor2D);
}

/**
 * Per-example cross-entropy from logits and one-hot labels, without argument checks: the form the
 * attack loops call at every step with a one-hot matrix built once.
 */
export function crossEntropyFromOneHot(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const top = tf.cast(tf.oneHot(tf.argMax(logits, 1), numClasses), "float32");
    const m = tf.sum(tf.mul(logits, top), 1, true);
    // log Σ_{i≠a} exp(z_i − m): the top entry is pushed to −1e30, whose exponential is 0.
    const others = tf.logSumExp(tf.sub(tf.sub(logits, m), tf.mul(top, EXCLUDE)), 1);
    const labelled = tf.sum(tf.mul(logits, oneHot), 1);
    return tf.add(tf.sub(tf.squeeze(m, [1]), labelled), tf.softplus(others)) as tf.Tensor1D;
  });
}

/** Per-example softmax cross-entropy CE(z_n, y_n), a Tensor1D [batch]. Labels: int32 class ids. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  assertLogits(logits);
  assertLabelShape(labels, logits.shape[0]);
  assertLabelValues(labels, logits.shape[1]);
  return tf.tidy(() => crossEntropyFromOneHot(logits, oneHotLabels(labels, logits.shape[1])));
}

/** Batch mean of the per-example cross-entropy, a scalar. */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const perExample = crossEntropy(logits, labels);
  const mean = tf.mean(perExample) as tf.Scalar;
  perExample.dispose();
  return mean;
}
