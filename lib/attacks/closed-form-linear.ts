// The exact optimal attack on the binary logistic model of lib/models/linear.ts [T1: formulas Derived
// here, paper-spec §3], on tensors, as an oracle for PGD. The model's logits are [0, wᵀx + b], so with
// label y ∈ {0, 1} and ỹ = 2y − 1 its cross-entropy is softplus(−ỹ(wᵀx + b)), and
//     δ*_2 = −ε ỹ w/‖w‖₂,     δ*_∞ = −ε ỹ sign(w),
//     ℓ_ε = softplus(−ỹ(wᵀx + b) + ε‖w‖_q)     (q = 2 for L2, q = 1 for L∞).
// The float64 formulas come from lib/losses/adversarial-linear.ts (one source of truth); this file only
// reads the model's weights and lays δ* out over a batch. The theory ignores the data box, so these are
// the optimum only when the attack's bounds are off ([-Infinity, Infinity]) or never active.
import * as tf from "@tensorflow/tfjs";
import { assertKnownOptions, assertNonNegative, assertOneOf } from "../core/validate";
import { dualNorm, optimalAttack, softplus } from "../losses/adversarial-linear";
import { Classifier } from "../models/classifier";
import { assertAttackInputs } from "./inputs";
import { outsideTape } from "./outside-tape";
import { pgdWithStats } from "./pgd";
import { NORMS, type Norm } from "../core/norms";
import { Attack } from "./types";

export interface ClosedFormLinearOptions {
  norm: Norm;
  eps: number;
}

const OPTION_NAMES = ["norm", "eps"] as const;
const NO_BOUNDS: [number, number] = [-Infinity, Infinity];

function resolve(options: ClosedFormLinearOptions): ClosedFormLinearOptions {
  assertKnownOptions("closedFormLinear", options, OPTION_NAMES);
  assertOneOf("norm", options.norm, NORMS);
  assertNonNegative("eps", options.eps);
  return { norm: options.norm, eps: options.eps };
}

/** w (float64) and b of a binary logistic model; throws for any other model. */
function logisticWeights(model: Classifier): { w: Float64Array; b: number } {
  const kernel = model.params[0];
  const binaryLinear = model.config.kind === "linear" && model.numClasses === 2 && kernel !== undefined && kernel.rank === 2 && kernel.shape[1] === 1;
  if (!binaryLinear) {
    throw new RangeError(`model must be the binary logistic model of lib/models/linear.ts (numClasses 2), got ${model.name}`);
  }
  const w = Float64Array.from(kernel.dataSync());
  const b = model.params.length > 1 ? model.params[1].dataSync()[0] : 0;
  return { w, b };
}

/** x + δ* for every example (labels 0/1), no bounds applied. */
export function closedFormLinearAttack(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: ClosedFormLinearOptions): tf.Tensor {
  const { norm, eps } = resolve(options);
  return outsideTape(() => {
    assertAttackInputs(model, x, y, NO_BOUNDS);
    const { w } = logisticWeights(model);
    // δ* depends on the example only through ỹ: one row for ỹ = +1, one for ỹ = −1.
    const forPositive = Float32Array.from(optimalAttack(w, 1, eps, norm));
    const forNegative = Float32Array.from(optimalAttack(w, -1, eps, norm));
    return tf.tidy(() => {
      const rows = tf.tensor2d(Float32Array.from([...forNegative, ...forPositive]), [2, forPositive.length]);
      const delta = tf.matMul(tf.cast(tf.oneHot(y, 2), "float32"), rows);
      return tf.add(x, delta.reshape(x.shape));
    });
  });
}

/** The exact adversarial losses softplus(−ỹ(wᵀx + b) + ε‖w‖_q) per example, in float64. */
export function closedFormLinearLoss(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: ClosedFormLinearOptions): Float64Array {
  const { norm, eps } = resolve(options);
  assertAttackInputs(model, x, y, NO_BOUNDS);
  const { w, b } = logisticWeights(model);
  const xs = x.dataSync();
  const labels = y.dataSync();
  const d = w.length;
  const penalty = eps * dualNorm(w, norm);
  const out = new Float64Array(labels.length);
  for (let n = 0; n < labels.length; n++) {
    let s = b;
    for (let i = 0; i < d; i++) s += w[i] * xs[n * d + i];
    out[n] = softplus(-(2 * labels[n] - 1) * s + penalty);
  }
  return out;
}

/** The closed-form attack bound to its options (see Attack); costs no gradient evaluation. */
export function closedFormLinear(options: ClosedFormLinearOptions): Attack {
  const o = resolve(options);
  const attack = (model: Classifier, x: tf.Tensor, y: tf.Tensor1D): tf.Tensor => closedFormLinearAttack(model, x, y, o);
  return Object.assign(attack, {
    description: `closed-form optimal attack on the logistic model, ${o.norm} eps=${o.eps}`,
    cost: { gradientEvaluations: 0, forwardPasses: 0 },
  });
}

/** How far PGD-K is from the exact optimum: |mean loss(PGD-K) − mean loss(δ*)| / mean loss(δ*). */
export interface ClosedFormGapRow {
  readonly steps: number;
  readonly relativeError: number;
}

/**
 * PGD against T1's exact optimum on the logistic model, in the theory's setting: a constant step
 * `stepSize`, no data box, from δ = 0 (default) or, with `randomStart: true`, from PGD's default random
 * start of seed `seed`. From δ = 0 the input gradient's direction never changes for a linear model, so
 * PGD walks straight to the optimum and is exact once K·α ≥ ε (K = 5 at α = ε/5); from a random start
 * it converges to it as K grows.
 */
export function pgdGapToClosedForm(
  model: Classifier,
  x: tf.Tensor,
  y: tf.Tensor1D,
  options: ClosedFormLinearOptions & { steps: readonly number[]; stepSize: number; randomStart?: boolean; seed?: number },
): ClosedFormGapRow[] {
  const { steps, stepSize, randomStart = false, seed = 0, ...threat } = options;
  const exact = closedFormLinearLoss(model, x, y, threat);
  const exactMean = exact.reduce((s, v) => s + v, 0) / exact.length;
  return steps.map((K) => {
    const run = pgdWithStats(model, x, y, { ...threat, steps: K, stepSize, randomStart, seed, bounds: NO_BOUNDS });
    const losses = run.loss.dataSync() as Float32Array;
    const pgdMean = losses.reduce((s, v) => s + v, 0) / losses.length;
    tf.dispose([run.xAdv, run.loss, run.gap]);
    return { steps: K, relativeError: Math.abs(pgdMean - exactMean) / exactMean };
  });
}
