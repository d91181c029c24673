// The input-gradient penalty of paper-spec E4's model-level test [Project design]: training minimises
//     mean_n CE(x_n, θ) + λ · mean_n ‖∇ₓ CE(x_n, θ)‖₂²
// at the inputs it trains on (x + δ in adversarial training, δ held fixed as in Danskin's gradient), which
// makes the loss flatter in input space (smaller S4) and lets notebook 06 ask whether flatter models are
// less smooth in θ (C4).
//
// Its parameter gradient needs the mixed derivative ∇²_θx CE, which nested tf.grad gets wrong for several
// ops in tfjs 4.22 (lib/smoothness/second-order-gradients.ts fixes it for MLPs only, and lib/train may not
// import lib/smoothness). A central difference along each example's input gradient needs first-order
// gradients only and works for any model: with g_n = ∇ₓCE_n and ĝ_n = g_n/‖g_n‖,
//     ∇_θ ‖g_n‖² = 2 (∇²_θx CE_n) g_n = 2‖g_n‖ · d/dt ∇_θ CE_n(x_n + t ĝ_n) |_{t=0}
//                ≈ (‖g_n‖ / r) · ∇_θ [CE_n(x_n + r ĝ_n) − CE_n(x_n − r ĝ_n)]      (error O(r²)),
// so one backward pass over the 2B shifted inputs, with the weights ‖g_n‖ held constant, gives the whole
// minibatch's penalty gradient (the finite-difference form of gradient regularisation of Finlay & Oberman
// 2019, "Scaleable input gradient regularization for adversarial robustness" [Standard result]).
// Cost per example: one input gradient and two parameter gradients, PENALTY_GRADIENT_EVALUATIONS = 3
// gradient evaluations (lib/train/budget.ts's unit).
import * as tf from "@tensorflow/tfjs";
import { perExampleColumn, perExampleNorm } from "../core/norms";
import { assertNonNegative, assertPositive } from "../core/validate";
import { crossEntropyFromOneHot } from "../losses/cross-entropy";
import type { Classifier } from "../models/classifier";

/** Input step r of the central difference, in input units (‖Δx_n‖₂ = r); MNIST images have ‖x‖₂ ≈ 9. */
export const PENALTY_DIFFERENCE_RADIUS = 1e-2;

/** Gradient evaluations per example the penalty adds to one oracle call: ∇ₓ at x, ∇_θ at x ± rĝ. */
export const PENALTY_GRADIENT_EVALUATIONS = 3;

export interface InputGradientPenalty {
  /** mean_n ‖∇ₓ CE_n‖₂² at the given inputs (the penalty before λ). */
  readonly value: number;
  /** λ · ∇_θ mean_n ‖∇ₓ CE_n‖₂², one tensor per model parameter (the caller disposes them). */
  readonly grads: tf.Tensor[];
}

/**
 * The penalty λ·mean_n ‖∇ₓCE_n‖₂² at `inputs` and its parameter gradient by the central difference of
 * the file comment (radius r in input units). Examples with a zero input gradient contribute nothing.
 */
export function inputGradientPenalty(
  model: Classifier,
  inputs: tf.Tensor,
  oneHot: tf.Tensor2D,
  lambda: number,
  radius = PENALTY_DIFFERENCE_RADIUS,
): InputGradientPenalty {
  assertNonNegative("lambda", lambda);
  assertPositive("radius", radius);
  const batch = inputs.shape[0];
  const { norms, shifted, value } = tf.tidy(() => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(crossEntropyFromOneHot(model.logits(x), oneHot)) as tf.Scalar)(inputs);
    const n = perExampleNorm(g, "l2");
    const safe = tf.where(tf.greater(n, 0), n, tf.onesLike(n)) as tf.Tensor1D;
    const step = tf.mul(tf.div(g, perExampleColumn(safe, inputs.rank)), radius);
    return { norms: n, shifted: tf.concat([tf.add(inputs, step), tf.sub(inputs, step)]), value: tf.mean(tf.square(n)) };
  });
  try {
    // (2λ/B)·Σ_n ‖g_n‖·[CE_n(x + rĝ) − CE_n(x − rĝ)]/(2r): the λ-weighted mean of ∇_θ‖g_n‖².
    const weights = tf.tidy(() => tf.mul(tf.concat([norms, norms]), tf.concat([tf.ones([batch]), tf.fill([batch], -1)])));
    const both = tf.concat([oneHot, oneHot]);
    const objective = () => tf.mul(tf.sum(tf.mul(crossEntropyFromOneHot(model.logits(shifted), both), weights)), lambda / (batch * radius)) as tf.Scalar;
    const { value: differenced, grads } = tf.variableGrads(objective, model.params);
    tf.dispose([weights, both, differenced]);
    return { value: value.dataSync()[0], grads: model.params.map((p) => grads[p.name]) };
  } finally {
    tf.dispose([norms, shifted, value]);
  }
}
