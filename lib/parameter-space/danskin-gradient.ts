// The gradient the estimators compare: the Danskin gradient of the batch-mean cross-entropy at fixed
// inputs (paper-spec §2): with the inputs x' = x + δ*(θ) computed first and held fixed,
//     ĝ(θ) = ∇_θ (1/N) Σ_n CE(f_θ(x'_n), y_n).
// The clean loss is the same with x' = x. "Frozen" keeps x' = x + δ*(θ₀) while θ moves; "re-attacked"
// recomputes x' at every θ. Gradients are first-order only (tf.variableGrads on the model's variables).
import * as tf from "@tensorflow/tfjs";
import { crossEntropyFromOneHot } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { flattenTensors } from "../models/params";

/**
 * Which loss an estimator differentiates:
 *  - "clean": CE at x.
 *  - "reattack": the adversarial loss with the attack re-run at every θ visited (same seeded start).
 *  - "frozen": the adversarial inputs of θ₀ held fixed while θ moves (how Liu et al. 2020 measured
 *    curvature); the gap between "reattack" and "frozen" isolates the L_θx‖Δδ*‖ term of lemma L1.
 */
export type LossMode = "clean" | "reattack" | "frozen";
export const LOSS_MODES: readonly LossMode[] = ["clean", "reattack", "frozen"];

/** Mean cross-entropy of the model at the given inputs (its current parameters), a scalar tensor. */
export function meanLoss(model: Classifier, inputs: tf.Tensor, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(crossEntropyFromOneHot(model.logits(inputs), oneHot)) as tf.Scalar);
}

/** ĝ = ∇_θ mean CE at fixed inputs, at the model's current parameters, flattened like θ. */
export function parameterGradient(model: Classifier, inputs: tf.Tensor, oneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => meanLoss(model, inputs, oneHot), model.params);
    return flattenTensors(model.params.map((p) => grads[p.name] ?? tf.zerosLike(p)));
  });
}

/** ∇_θ CE(f_θ(x'_n), y_n) for example n alone. */
export function exampleGradient(model: Classifier, inputs: tf.Tensor, oneHot: tf.Tensor2D, n: number): tf.Tensor1D {
  return tf.tidy(() => {
    const begin = inputs.shape.map((_, i) => (i === 0 ? n : 0));
    const size = inputs.shape.map((s, i) => (i === 0 ? 1 : s));
    return parameterGradient(model, tf.slice(inputs, begin, size), tf.slice(oneHot, [n, 0], [1, oneHot.shape[1]]) as tf.Tensor2D);
  });
}

/** ‖a − b‖₂ as a number. */
export function distance(a: tf.Tensor, b: tf.Tensor): number {
  const d = tf.tidy(() => tf.norm(tf.sub(a, b)));
  const value = d.dataSync()[0];
  d.dispose();
  return value;
}

/** ‖a‖₂ as a number. */
export function norm(a: tf.Tensor): number {
  const d = tf.tidy(() => tf.norm(a));
  const value = d.dataSync()[0];
  d.dispose();
  return value;
}

/**
 * What an estimator spent, in passes over its batch (one forward and one backward pass of all N
 * examples counts 1; a per-example gradient counts 1/N; an exact Hessian-vector product, a backward
 * pass through a backward pass, counts 2).
 */
export interface EstimatorCost {
  /** All gradient evaluations: the three kinds below together. */
  readonly gradientEvaluations: number;
  /** Input-gradient steps of the attacks (re-attacks included). */
  readonly attackGradientEvaluations: number;
  /** Gradients (and exact Hessian-vector products) with respect to θ. */
  readonly parameterGradientEvaluations: number;
  /** Other gradients with respect to the input (input flatness, input-Hessian products). */
  readonly inputGradientEvaluations: number;
  readonly batchSize: number;
  /** Wall time. */
  readonly seconds: number;
}

/** Counts gradient evaluations while an estimator runs. */
export class CostMeter {
  private attack = 0;
  private parameter = 0;
  private input = 0;
  private readonly started = Date.now();

  constructor(readonly batchSize: number) {}

  addAttack(passes: number): void {
    this.attack += passes;
  }

  addParameter(passes: number): void {
    this.parameter += passes;
  }

  addInput(passes: number): void {
    this.input += passes;
  }

  report(): EstimatorCost {
    return {
      gradientEvaluations: this.attack + this.parameter + this.input,
      attackGradientEvaluations: this.attack,
      parameterGradientEvaluations: this.parameter,
      inputGradientEvaluations: this.input,
      batchSize: this.batchSize,
      seconds: (Date.now() - this.started) / 1000,
    };
  }
}
