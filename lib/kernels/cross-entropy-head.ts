// The softmax cross-entropy of each row of logits and its gradient with respect to them as one kernel
// (native/src/cross_entropy.cc): as tfjs ops (lib/losses/cross-entropy.ts) it is about 23 kernels a
// call, half of the kernels of an MLP PGD step. Only the native accelerator provides it; elsewhere the
// caller composes the same arithmetic from tfjs ops. No gradient: it is itself the backward pass's head.
import * as tf from "@tensorflow/tfjs";
import { hasKernel } from "./steps";

/** Inputs logits [batch, classes] and oneHot (float32); outputs value [batch] and dLogits [batch, classes]. */
export const CROSS_ENTROPY_HEAD = "AtCrossEntropyHead";

/** The kernel's outputs, or null when the backend has no such kernel or the operands are not its kind. */
export function crossEntropyHeadKernel(logits: tf.Tensor2D, oneHot: tf.Tensor2D): { value: tf.Tensor1D; dLogits: tf.Tensor2D } | null {
  if (!hasKernel(CROSS_ENTROPY_HEAD) || logits.dtype !== "float32" || oneHot.dtype !== "float32" || logits.shape[1] < 1) return null;
  const [value, dLogits] = tf.engine().runKernel(CROSS_ENTROPY_HEAD, { logits, oneHot }) as [tf.Tensor1D, tf.Tensor2D];
  return { value, dLogits };
}
