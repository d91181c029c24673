// Double backpropagation (exact Hessian-vector products) in tfjs 4.22, and the one place that makes it
// correct.
//
// Nested tf.grad is silently wrong for exp, sigmoid, tanh and softplus (docs/toolchain.md §3.6): their
// registered gradients reuse the op's saved OUTPUT y (dy·y for exp, dy·y(1−y) for sigmoid, dy(1−y²) for
// tanh), and a saved output is a constant to the outer backward pass, so the second-order term through
// y is dropped. Softplus' gradient dy·sigmoid(x) is fine itself but goes through sigmoid. The fix
// recomputes each derivative from the saved INPUT x, which the outer pass can differentiate. In
// addition, Max's gradient (used by logSumExp inside the cross-entropy) masks dy with Equal(x, max x),
// and the outer pass then asks for Equal's gradient, which tfjs does not register: the comparisons get
// their true gradient, zero.
//
// The replacements give bit-for-bit the same first-order values (the same kernels on the same inputs;
// test/smoothness/second-order-gradients.test.ts checks it), but they cost an extra kernel per op. So they
// are installed only for the duration of `withSecondOrderGradients(fn)` — forward and backward passes
// of the nested gradient both run inside it (tfjs decides what to save when the forward op runs) — and the
// original registrations are put back afterwards, also on error. Nested calls are fine.
//
// What still fails: conv2d, maxPool and avgPool networks (no gradient for Conv2DBackpropFilter, MaxPoolGrad,
// AvgPoolGrad), so exact products are offered for the linear and MLP models only (`supportsExactHessian`).
import * as tf from "@tensorflow/tfjs";
import { Classifier } from "../models/classifier";

type GradFunc = tf.GradConfig["gradFunc"];

/** Derivatives recomputed from the input, so a second backward pass sees them as functions of x. */
const FROM_INPUT: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  Exp: (x) => tf.exp(x),
  Sigmoid: (x) => {
    const s = tf.sigmoid(x);
    return tf.mul(s, tf.sub(1, s));
  },
  Tanh: (x) => tf.sub(1, tf.square(tf.tanh(x))),
  Softplus: (x) => tf.sigmoid(x),
};

/** Comparison ops: piecewise constant, gradient zero. */
const COMPARISONS = ["Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual"];

function replacementConfigs(): tf.GradConfig[] {
  const unary = Object.entries(FROM_INPUT).map(([kernelName, derivative]) => {
    const gradFunc: GradFunc = (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, derivative(saved[0])) });
    return { kernelName, inputsToSave: ["x"], gradFunc };
  });
  const comparisons = COMPARISONS.map((kernelName) => {
    const gradFunc: GradFunc = (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) });
    return { kernelName, inputsToSave: ["a", "b"], gradFunc };
  });
  return [...unary, ...comparisons];
}

let depth = 0;
let saved: Array<{ kernelName: string; original: tf.GradConfig | undefined }> = [];

/**
 * Runs fn with gradients that survive a second backward pass (see the file comment), then restores the
 * library's registrations. Everything fn computes with nested tf.grad / tf.variableGrads is exact for
 * matMul, the activations relu, softplus, tanh, sigmoid, and the cross-entropy of lib/losses.
 */
export function withSecondOrderGradients<T>(fn: () => T): T {
  if (depth === 0) {
    saved = replacementConfigs().map((config) => {
      const original = tf.getGradient(config.kernelName);
      tf.registerGradient(config);
      return { kernelName: config.kernelName, original };
    });
  }
  depth += 1;
  try {
    return fn();
  } finally {
    depth -= 1;
    if (depth === 0) {
      for (const { kernelName, original } of saved) {
        if (original === undefined) tf.unregisterGradient(kernelName);
        else tf.registerGradient(original);
      }
      saved = [];
    }
  }
}

/** Model kinds whose forward pass has only ops with correct second-order gradients (inside withSecondOrderGradients). */
export const EXACT_HESSIAN_KINDS: readonly string[] = ["linear", "mlp"];

export function supportsExactHessian(model: Classifier): boolean {
  return EXACT_HESSIAN_KINDS.includes(model.config.kind);
}

export function assertExactHessianSupported(model: Classifier): void {
  if (!supportsExactHessian(model)) {
    throw new RangeError(
      `hvp "exact" needs double backpropagation, which tfjs 4.22 supports only for the ${EXACT_HESSIAN_KINDS.join(" and ")} models (conv and pooling gradients have no gradient), got ${model.name}; use hvp "finite-difference"`,
    );
  }
}
