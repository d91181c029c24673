// The pooling geometry of a MaxPool / MaxPoolGrad call, from the kernel's attributes, as tfjs computes it
// (computePool2DInfo: NHWC, no dilation). Shared by the cpu, wasm and native pooling kernels.
import * as tf from "@tensorflow/tfjs";

type PoolAttrs = {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
};

/** The geometry for a float32 rank-4 input x, or null for any other input (the caller falls back). */
export function poolInfo(x: tf.TensorInfo, attrs: unknown): tf.backend_util.Conv2DInfo | null {
  if (x.dtype !== "float32" || x.shape.length !== 4) return null;
  const a = (attrs ?? {}) as PoolAttrs;
  return tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
}
