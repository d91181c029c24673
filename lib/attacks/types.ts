import type * as tf from "@tensorflow/tfjs";

export type Norm = "linf" | "l2";

/**
 * How an attack starts. L-inf: "uniform" draws uniformly in the eps-box (Madry et al. 2018).
 * L2: "gaussian-scaled" (z/||z|| * U(0,1) * eps, Rice et al. 2020), "uniform-ball" (uniform in the
 * eps-ball) or "uniform-box" (uniform in the eps-box, then projected onto the ball). "zero" for both.
 */
export type StartMode = "zero" | "uniform" | "gaussian-scaled" | "uniform-ball" | "uniform-box";

export interface PgdOptions {
  norm: Norm;
  eps: number;
  stepSize: number;
  steps: number;
  randomStart?: boolean;
  restarts?: number;
  bounds?: [number, number];
  seed?: number;
  loss?: "ce" | "dlr";
  targeted?: boolean;
}

/** An attack bound to its options: inputs and labels to adversarial inputs (gradient stopped). */
export type Attack = (x: tf.Tensor, y: tf.Tensor1D) => tf.Tensor;
