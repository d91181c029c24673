// Softmax cross-entropy from logits, per example and batch mean, for int32 class labels.
//
//     CE(z, y) = log Σ_i exp(z_i) − z_y.
//
// Written as  CE = (m − z_y) + softplus(log S),  S = Σ_{i≠a} exp(z_i − m),  with a = argmax z and
// m = z_a, which is exact algebra (softplus(log S) = log(1 + S), and the excluded term is exp(0) = 1)
// but keeps full relative precision where the loss is tiny: the textbook log-sum-exp minus z_y cancels
// two nearly equal numbers and returns 0 for a loss of 1e-9, which would hide the loss of confidently
// classified points from the attacks and from the T1 closed-form comparison. softplus rather than log1p
// because the wasm backend computes log1p as log(1 + x), which loses those digits again (its softplus is
// exact). Every exp(z_i − m) ≤ 1, so S cannot overflow; where it underflows to 0 the loss is below
// float32's smallest number and softplus(log 0) = 0 is the right answer.
//
// The gradient is written out rather than taped: softmax(z) − onehot(y), in the same digit-keeping form,
//     softmax(z) − onehot(y) = (e − S·top) / (1 + S) + (top − onehot(y)),
// where e_i = exp(z_i − m) with e_a = 0 and top = onehot(a), so a confident example's top entry is
// −S/(1+S) to full precision instead of 1/(1+S) − 1 = 0 in float32. It is also the derivative at ties of
// the maximum. Autodiff through the forward ops took ~80 small kernels (one of them a broadcasting Equal,
// 0.14 ms on wasm) where this takes ~12: an attack step on the MLP spends a fifth of its time here.
// The gradient recomputes e from the saved logits with differentiable ops, so a second backward pass
// (exact Hessian-vector products, lib/smoothness/second-order-gradients.ts) differentiates it.
//
// Labels select logits by one-hot masks, never by tf.gather: gather's gradient (UnsortedSegmentSum) is
// missing on the wasm backend (docs/toolchain.md §3.3).
import * as tf from "@tensorflow/tfjs";
import { crossEntropyHeadKernel } from "../kernels/cross-entropy-head";

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
 * Per row: top = onehot(argmax z), m = max z as a column, and e_i = exp(z_i − m) with the top entry
 * pushed to exp(−1e30) = 0.
 */
function excludedExponentials(logits: tf.Tensor2D): { top: tf.Tensor2D; m: tf.Tensor2D; e: tf.Tensor2D } {
  const top = tf.cast(tf.oneHot(tf.argMax(logits, 1), logits.shape[1]), "float32") as tf.Tensor2D;
  const m = tf.max(logits, 1, true) as tf.Tensor2D;
  const e = tf.exp(tf.sub(tf.sub(logits, m), tf.mul(top, EXCLUDE))) as tf.Tensor2D;
  return { top, m, e };
}

type Exponentials = ReturnType<typeof excludedExponentials>;

/** CE_n = m + log(1 + Σ_{i≠top} e_i) − z_y, the log written as softplus(log Σ) so a tiny loss keeps its digits. */
function valueOf(z: tf.Tensor2D, oneHot: tf.Tensor2D, { m, e }: Exponentials): tf.Tensor1D {
  const labelled = tf.sum(tf.mul(z, oneHot), 1, true);
  return tf.reshape(tf.add(tf.sub(m, labelled), tf.softplus(tf.log(tf.sum(e, 1, true)))), [z.shape[0]]) as tf.Tensor1D;
}

/** ∂CE_n/∂z_n = softmax(z_n) − onehot(y_n), with the top class's softmax written as 1 − Σ others so it keeps its digits. */
function logitGradientOf(oneHot: tf.Tensor2D, { top, e: others }: Exponentials): tf.Tensor2D {
  const s = tf.sum(others, 1, true);
  const softmaxMinusTop = tf.div(tf.sub(others, tf.mul(top, s)), tf.add(s, 1));
  return tf.add(softmaxMinusTop, tf.sub(top, oneHot)) as tf.Tensor2D;
}

/**
 * Per-example cross-entropy from logits and one-hot labels, without argument checks: the form the
 * attack loops call at every step with a one-hot matrix built once.
 */
export function crossEntropyFromOneHot(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  const loss = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // The labels are saved too: the caller may dispose them before the backward pass runs.
    save([z, oneHot]);
    const value = valueOf(z, oneHot, excludedExponentials(z));
    const gradFunc = (dy: tf.Tensor1D, saved: tf.Tensor[]) => {
      const [z0, labels] = saved as [tf.Tensor2D, tf.Tensor2D];
      return tf.mul(logitGradientOf(labels, excludedExponentials(z0)), tf.expandDims(dy, 1));
    };
    return { value, gradFunc };
  });
  return loss(logits) as tf.Tensor1D;
}

/**
 * The per-example cross-entropy and its gradient with respect to the logits, without a tape: the head
 * of a model's tape-free input gradient (Classifier.valueAndInputGradient). Same arithmetic as above, as
 * one kernel where the backend has it (lib/kernels/cross-entropy-head.ts).
 */
export function crossEntropyAndLogitGradient(logits: tf.Tensor2D, oneHot: tf.Tensor2D): { value: tf.Tensor1D; dLogits: tf.Tensor2D } {
  const fused = crossEntropyHeadKernel(logits, oneHot);
  if (fused !== null) return fused;
  return tf.tidy(() => {
    const exponentials = excludedExponentials(logits);
    return { value: valueOf(logits, oneHot, exponentials), dLogits: logitGradientOf(oneHot, exponentials) };
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
