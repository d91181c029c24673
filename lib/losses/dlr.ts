// Difference of Logits Ratio loss [Standard result: Croce & Hein, "Reliable evaluation of adversarial
// robustness with an ensemble of diverse parameter-free attacks", ICML 2020, eq. (6)]:
//
//     DLR(z, y) = −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 1e-12),
//
// where z_π1 ≥ z_π2 ≥ z_π3 are the sorted logits. It is invariant to shifting and (positively) scaling
// the logits, so it is not fooled by saturated softmax outputs; it is positive exactly when the point is
// misclassified. The constant 1e-12 is the official code's (fra31/auto-attack, `dlr_loss`).
//
// The sorted entries are selected with one-hot masks of successive argmax's (argmax and oneHot have
// zero gradients; tf.topk has none registered, so it cannot sit on a gradient path), and the gradient
// reaches the same logits as the reference's sort-based code.
import * as tf from "@tensorflow/tfjs";
import { assertLabelShape, assertLabelValues, oneHotLabels } from "./cross-entropy";

// Pushes already selected entries below every logit before the next argmax.
const EXCLUDE = 1e30;

/** Per-example DLR loss from logits and one-hot labels, without argument checks (needs ≥ 3 classes). */
export function dlrLossFromOneHot(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const pick = (mask: tf.Tensor) => tf.sum(tf.mul(logits, mask), 1);
    const first = tf.cast(tf.oneHot(tf.argMax(logits, 1), numClasses), "float32");
    const second = tf.cast(tf.oneHot(tf.argMax(tf.sub(logits, tf.mul(first, EXCLUDE)), 1), numClasses), "float32");
    const third = tf.cast(tf.oneHot(tf.argMax(tf.sub(logits, tf.mul(tf.add(first, second), EXCLUDE)), 1), numClasses), "float32");
    // max_{i≠y} z_i is z_π2 when y is the top class and z_π1 otherwise (as in the reference code).
    const topIsLabel = tf.sum(tf.mul(first, oneHot), 1);
    const bestOther = tf.add(tf.mul(pick(second), topIsLabel), tf.mul(pick(first), tf.sub(1, topIsLabel)));
    const margin = tf.sub(pick(oneHot), bestOther);
    const scale = tf.add(tf.sub(pick(first), pick(third)), 1e-12);
    return tf.neg(tf.div(margin, scale)) as tf.Tensor1D;
  });
}

/** Per-example DLR loss, a Tensor1D [batch]. Labels: int32 class ids. Needs at least 3 classes. */
export function dlrLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  if (!(logits instanceof tf.Tensor)) throw new TypeError(`logits must be a tf.Tensor2D, got ${String(logits)}`);
  if (logits.rank !== 2 || logits.shape[0] < 1) {
    throw new RangeError(`logits must have shape [batch ≥ 1, classes], got [${logits.shape.join(", ")}]`);
  }
  if (logits.shape[1] < 3) {
    throw new RangeError(`the DLR loss needs at least 3 classes (it uses the third-largest logit), got ${logits.shape[1]}`);
  }
  assertLabelShape(labels, logits.shape[0]);
  assertLabelValues(labels, logits.shape[1]);
  return tf.tidy(() => dlrLossFromOneHot(logits, oneHotLabels(labels, logits.shape[1])));
}
