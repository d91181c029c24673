// Kernels of the project's own for the update steps of the two hot loops, each one pass over memory
// instead of a composition of tfjs ops: PGD's projected ascent step (7 kernels for L∞, about 20 for L2)
// and SGD's momentum update (6 per parameter). Only the native accelerator provides them (a JavaScript
// loop lost to the wasm composition: data-dependent branches); callers check `hasKernel` and compose the
// same float32 arithmetic from tfjs ops elsewhere. Neither has a gradient: attacks run outside any tape,
// and an optimiser's update is not differentiated.
import * as tf from "@tensorflow/tfjs";

/** Inputs point, gradient, origin; output the next point (native/src/steps.cc ProjectedStep). */
export const PROJECTED_STEP = "AtProjectedStep";
export interface ProjectedStepAttrs {
  readonly norm: "linf" | "l2";
  readonly eps: number;
  readonly stepSize: number;
  /** The data box; ±Infinity for none. */
  readonly low: number;
  readonly high: number;
}

/** Inputs param, grad and (with momentum) velocity; outputs the next param and velocity (SgdUpdate). */
export const SGD_UPDATE = "AtSgdUpdate";
export interface SgdUpdateAttrs {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
}

/** Whether the active backend has the kernel now. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** Runs one of the kernels above on float32 tensors (the attrs typed by the caller). */
export function runStepKernel<T extends tf.Tensor | tf.Tensor[]>(kernelName: string, inputs: tf.NamedTensorMap, attrs: ProjectedStepAttrs | SgdUpdateAttrs): T {
  return tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as T;
}
