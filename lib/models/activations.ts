import * as tf from "@tensorflow/tfjs";

/**
 * Hidden-layer activations. The smooth ones matter for the theory: with softplus or tanh the clean loss
 * is smooth in θ (A1 holds), so any non-smoothness measured in the adversarial loss comes from the attack.
 */
export type Activation = "relu" | "softplus" | "tanh";

export const ACTIVATIONS: readonly Activation[] = ["relu", "softplus", "tanh"];

export function assertActivation(activation: unknown): asserts activation is Activation {
  if (!ACTIVATIONS.includes(activation as Activation)) {
    throw new RangeError(`activation must be one of ${ACTIVATIONS.join(", ")}, got ${String(activation)}`);
  }
}

/** The activation of a pre-activation z. All three are non-decreasing (small-cnn.ts relies on it). */
export function activate<T extends tf.Tensor>(z: T, activation: Activation): T {
  return activation === "relu" ? tf.relu(z) : activation === "softplus" ? tf.softplus(z) : tf.tanh(z);
}

/** Dense layer x·W + b followed by the activation; ReLU is fused into the matMul kernel. */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor, activation: Activation | "linear"): tf.Tensor2D {
  if (activation === "relu" || activation === "linear") {
    return tf.fused.matMul({ a: x, b: kernel as tf.Tensor2D, bias, activation }) as tf.Tensor2D;
  }
  return activate(tf.fused.matMul({ a: x, b: kernel as tf.Tensor2D, bias }) as tf.Tensor2D, activation);
}
