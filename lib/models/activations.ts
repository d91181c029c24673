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

/** The activation of a pre-activation z. All are non-decreasing (small-cnn.ts relies on it). */
export function activate<T extends tf.Tensor>(z: T, activation: Activation | "linear"): T {
  if (activation === "linear") return z;
  return activation === "relu" ? tf.relu(z) : activation === "softplus" ? tf.softplus(z) : tf.tanh(z);
}

/**
 * Dense layer x·W + b followed by the activation. Only ReLU goes through tfjs's fused matMul: under a
 * gradient tape tfjs runs a fused activation as separate ops anyway (so the tape keeps only the paths
 * it needs), while a fused op without activation stays fused and its gradient computes every input's
 * gradient, the weights' too when an attack asks only for ∇ₓ (MLP PGD-10 22 → 28 ms when tried).
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor | null, activation: Activation | "linear"): tf.Tensor2D {
  if (activation === "relu" && bias !== null) return tf.fused.matMul({ a: x, b: kernel as tf.Tensor2D, bias, activation }) as tf.Tensor2D;
  const product = tf.matMul(x, kernel as tf.Tensor2D) as tf.Tensor2D;
  const z = bias === null ? product : (tf.add(product, bias) as tf.Tensor2D);
  return activate(z, activation);
}

/**
 * A dense layer (as `dense`) that keeps what its backward pass needs, for gradients without the engine's
 * tape (Classifier.valueAndInputGradient, valueAndParamGradients): `backward(dOutput)` is the gradient
 * with respect to the layer's input, `gradients(dOutput, withInput)` those with respect to its kernel and
 * bias (and input, when asked). Each derivative is the one tfjs's own gradient uses (relu: step(z), which
 * equals step(output); tanh: 1 − output²; softplus: σ(z), from the pre-activation, which it keeps).
 */
export function denseWithBackward(
  x: tf.Tensor2D,
  kernel: tf.Tensor,
  bias: tf.Tensor | null,
  activation: Activation | "linear",
): {
  output: tf.Tensor2D;
  backward(dOutput: tf.Tensor2D): tf.Tensor2D;
  gradients(dOutput: tf.Tensor2D, withInput: boolean): { kernel: tf.Tensor2D; bias: tf.Tensor1D | null; input: tf.Tensor2D | null };
} {
  const z = activation === "softplus" ? dense(x, kernel, bias, "linear") : null;
  const output = z === null ? dense(x, kernel, bias, activation) : activate(z, activation);
  const dPreActivation = (dOutput: tf.Tensor2D): tf.Tensor2D =>
    activation === "linear" ? dOutput : (tf.mul(dOutput, derivative(activation, output, z)) as tf.Tensor2D);
  const inputGradient = (dz: tf.Tensor2D) => tf.matMul(dz, kernel as tf.Tensor2D, false, true) as tf.Tensor2D;
  return {
    output,
    backward: (dOutput) => inputGradient(dPreActivation(dOutput)),
    gradients: (dOutput, withInput) => {
      const dz = dPreActivation(dOutput);
      return {
        kernel: tf.matMul(x, dz, true, false) as tf.Tensor2D,
        bias: bias === null ? null : (tf.sum(dz, 0) as tf.Tensor1D),
        input: withInput ? inputGradient(dz) : null,
      };
    },
  };
}

/** The activation's derivative at the pre-activation z, from what denseWithBackward kept. */
function derivative(activation: Activation, output: tf.Tensor2D, z: tf.Tensor2D | null): tf.Tensor {
  if (activation === "relu") return tf.step(output);
  if (activation === "tanh") return tf.sub(1, tf.square(output));
  return tf.sigmoid(z as tf.Tensor2D);
}
