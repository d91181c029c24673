// S4 (paper-spec §4): flatness of the loss in INPUT space at the adversarial point,
//     ‖∇_x ℓ(x + δ*, θ)‖₂  (and ‖·‖₁, the dual norm that an L∞ attack ascends along),
// per example, and optionally the top eigenvalue of each example's input Hessian ∇²_xx ℓ(x + δ*, θ).
// T3 predicts the tension the paper calls C4: where ‖∇_x ℓ‖₂ at the adversarial point is small (flat in
// input space), δ*(θ) turns fast with θ, so the adversarial loss is less smooth in θ. Notebook 06 plots
// these numbers against per-example S1 (F4).
//
// The input Hessian of the batch-sum loss is block diagonal (example n's loss depends on x_n only), so one
// batched power iteration finds every example's λ_max at once: each example keeps its own vector, its
// own Rayleigh quotient and its own stopping test.
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { perExampleColumn, perExampleNorm } from "../core/norms";
import { assertBoolean, assertKnownOptions, assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";
import { crossEntropyFromOneHot, oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { progress } from "../viz/progress";
import { AttackOutcome, AttackSpec, disposeOutcome, resolveAttack } from "../parameter-space/re-attack";
import { CostMeter, EstimatorCost } from "../parameter-space/danskin-gradient";
import { DEFAULT_RADIUS, HVP_MODES, HvpMode } from "./hessian";
import { DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE } from "./power-iteration";
import { assertModelBatch } from "../parameter-space/inputs";
import { assertExactHessianSupported, withSecondOrderGradients } from "./second-order-gradients";
import { mean, median } from "../parameter-space/statistics";

export interface InputFlatnessOptions {
  /** Measure at x + δ*(θ) of this attack (convergedPgd options or a bound Attack); without one, at x. */
  attack?: AttackSpec;
  /** Also the top eigenvalue of every example's input Hessian (default false). */
  hessian?: boolean;
  /** Input-Hessian products: "finite-difference" (default, any model) or "exact" (linear and MLP models). */
  hvp?: HvpMode;
  /** Finite-difference radius relative to ‖x_n + δ_n‖ (default 1e-3). */
  radius?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Seed of the attack and of the power iteration's start (default 0). */
  seed?: number;
  label?: string;
}

const OPTION_NAMES = ["attack", "hessian", "hvp", "radius", "maxIterations", "tolerance", "seed", "label"] as const;

export interface InputHessianResult {
  /** λ_max (largest magnitude) of ∇²_xx ℓ_n, per example. */
  readonly values: number[];
  readonly converged: boolean[];
  /** Iterations after which each example met the tolerance (maxIterations when it did not). */
  readonly iterations: number[];
  readonly hvp: HvpMode;
}

export interface InputFlatnessResult {
  /** ‖∇_x ℓ(x_n + δ_n)‖₂ per example. */
  readonly l2: number[];
  /** ‖∇_x ℓ(x_n + δ_n)‖₁ per example. */
  readonly l1: number[];
  /** ℓ(x_n + δ_n) (cross-entropy) per example. */
  readonly loss: number[];
  readonly mean: { readonly l2: number; readonly l1: number };
  readonly median: { readonly l2: number; readonly l1: number };
  /** The attack's convergence gap per example (null without an attack, or when it reports none). */
  readonly gap: number[] | null;
  readonly hessian: InputHessianResult | null;
  readonly attack: string | null;
  readonly cost: EstimatorCost;
}

/**
 * Per-example losses ℓ_n and input gradients ∇_x ℓ_n at `point` (tf.valueAndGrad of a vector
 * differentiates its sum, whose gradient row n is ∇_x ℓ_n).
 */
function inputGradient(model: Classifier, point: tf.Tensor, oneHot: tf.Tensor2D): { value: tf.Tensor1D; gradient: tf.Tensor } {
  const { value, grad } = tf.valueAndGrad((input: tf.Tensor) => crossEntropyFromOneHot(model.logits(input), oneHot))(point);
  return { value: value as tf.Tensor1D, gradient: grad };
}

function gradientOnly(model: Classifier, point: tf.Tensor, oneHot: tf.Tensor2D): tf.Tensor {
  return tf.grad((input: tf.Tensor) => tf.sum(crossEntropyFromOneHot(model.logits(input), oneHot)) as tf.Scalar)(point);
}

/**
 * S4: input-gradient norms at the adversarial point (or at x), per example, and optionally the input
 * Hessian's top eigenvalue per example. Does not change the model.
 */
export function inputFlatness(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: InputFlatnessOptions = {}): InputFlatnessResult {
  assertKnownOptions("inputFlatness", options, OPTION_NAMES);
  const {
    hessian = false,
    hvp = "finite-difference",
    radius = DEFAULT_RADIUS,
    maxIterations = DEFAULT_MAX_ITERATIONS,
    tolerance = DEFAULT_TOLERANCE,
    seed = 0,
  } = options;
  assertModelBatch(model, x, y);
  assertBoolean("hessian", hessian);
  assertOneOf("hvp", hvp, HVP_MODES);
  assertPositive("radius", radius);
  assertPositiveInteger("maxIterations", maxIterations);
  assertPositive("tolerance", tolerance);
  assertSeed(seed);
  if (hessian && hvp === "exact") assertExactHessianSupported(model);
  const attack = options.attack === undefined ? null : resolveAttack(options.attack, seed);

  const meter = new CostMeter(x.shape[0]);
  const oneHot = oneHotLabels(y, model.numClasses);
  let outcome: AttackOutcome | null = null;
  try {
    if (attack !== null) {
      outcome = attack.run(model, x, y);
      meter.addAttack(attack.gradientEvaluations);
    }
    const point = outcome === null ? x : outcome.xAdv;
    const { value, gradient } = inputGradient(model, point, oneHot);
    meter.addInput(1);
    const norms = tf.tidy(() => tf.stack([perExampleNorm(gradient, "l2"), perExampleNorm(gradient, "l1")]));
    const [l2, l1] = (norms.arraySync() as number[][]).map((row) => row.map(Number));
    const loss = Array.from(value.dataSync());
    tf.dispose([norms, value, gradient]);
    const gap = outcome?.gap ? Array.from(outcome.gap.dataSync()) : null;
    const hessianResult = hessian
      ? inputHessianTopEigenvalues(model, point, oneHot, { hvp, radius, maxIterations, tolerance, seed, label: options.label ?? "S4 input Hessian" }, meter)
      : null;
    return {
      l2,
      l1,
      loss,
      mean: { l2: mean(l2), l1: mean(l1) },
      median: { l2: median(l2), l1: median(l1) },
      gap,
      hessian: hessianResult,
      attack: attack?.description ?? null,
      cost: meter.report(),
    };
  } finally {
    oneHot.dispose();
    disposeOutcome(outcome);
  }
}

interface InputHessianSettings {
  hvp: HvpMode;
  radius: number;
  maxIterations: number;
  tolerance: number;
  seed: number;
  label: string;
}

/** Batched power iteration on the block-diagonal input Hessian at `point`. */
function inputHessianTopEigenvalues(model: Classifier, point: tf.Tensor, oneHot: tf.Tensor2D, s: InputHessianSettings, meter: CostMeter): InputHessianResult {
  const N = point.shape[0];
  const rank = point.rank;
  const column = (values: tf.Tensor1D) => perExampleColumn(values, rank);
  // r_n = radius·‖x_n + δ_n‖ (v_n is a unit vector), or radius where the point is 0.
  const steps = tf.tidy(() => {
    const n = perExampleNorm(point, "l2");
    return tf.mul(tf.where(tf.greater(n, 0), n, tf.onesLike(n)), s.radius) as tf.Tensor1D;
  });
  const product = (v: tf.Tensor): tf.Tensor => {
    if (s.hvp === "exact") {
      meter.addInput(2);
      return withSecondOrderGradients(() =>
        tf.tidy(() => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(gradientOnly(model, input, oneHot), v)) as tf.Scalar)(point)),
      );
    }
    meter.addInput(2);
    return tf.tidy(() => {
      const offset = tf.mul(v, column(steps));
      const plus = gradientOnly(model, tf.add(point, offset), oneHot);
      const minus = gradientOnly(model, tf.sub(point, offset), oneHot);
      return tf.div(tf.sub(plus, minus), column(tf.mul(steps, 2) as tf.Tensor1D));
    });
  };
  const rng = new Rng(s.seed);
  let v = tf.tidy(() => {
    const start = tf.randomNormal(point.shape, 0, 1, "float32", rng.seed());
    return tf.div(start, column(perExampleNorm(start, "l2")));
  });
  let lambda = new Float64Array(N).fill(NaN);
  const convergedAt = new Array<number>(N).fill(0);
  const bar = progress(s.label, s.maxIterations);
  try {
    for (let t = 1; t <= s.maxIterations; t++) {
      const current = v;
      const hv = product(current);
      const stats = tf.tidy(() => {
        const rows = [current.shape[0], -1];
        const rayleigh = tf.sum(tf.mul(hv.reshape(rows), current.reshape(rows)), 1);
        return tf.stack([rayleigh, perExampleNorm(hv, "l2")]);
      });
      const [rayleigh, lengths] = stats.arraySync() as number[][];
      stats.dispose();
      // A zero product (the loss is flat to second order along v) leaves v as it is: λ = 0 there.
      v = tf.tidy(() => {
        const lengthTensor = tf.tensor1d(lengths);
        const safe = tf.where(tf.greater(lengthTensor, 0), lengthTensor, tf.onesLike(lengthTensor)) as tf.Tensor1D;
        const keep = column(tf.cast(tf.greater(lengthTensor, 0), "float32") as tf.Tensor1D);
        return tf.add(tf.mul(tf.div(hv, column(safe)), keep), tf.mul(current, tf.sub(1, keep)));
      });
      hv.dispose();
      current.dispose();
      const previous = lambda;
      lambda = Float64Array.from(rayleigh, (value, n) => (lengths[n] > 0 ? value : 0));
      for (let n = 0; n < N; n++) {
        const settled = lengths[n] === 0 || (t > 1 && Math.abs(lambda[n] - previous[n]) < s.tolerance * Math.abs(lambda[n]));
        if (settled && convergedAt[n] === 0) convergedAt[n] = t;
        if (!settled) convergedAt[n] = 0;
      }
      bar.tick(1);
      if (convergedAt.every((c) => c > 0)) break;
    }
    bar.done();
  } finally {
    tf.dispose([v, steps]);
  }
  return {
    values: Array.from(lambda),
    converged: convergedAt.map((c) => c > 0),
    iterations: convergedAt.map((c) => (c > 0 ? c : s.maxIterations)),
    hvp: s.hvp,
  };
}
