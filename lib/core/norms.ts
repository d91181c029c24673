// Per-example Lp norms of a batch, dual norms, and the projections the attacks use.
//
// A batch is a tensor whose first axis indexes examples; every other axis belongs to one example, so
// the norm of an image [h, w, c] is the norm of its h·w·c entries. Threat models (paper-spec §2):
//     B_p(ε) = { δ : ‖δ‖_p ≤ ε },  p ∈ {2, ∞},
// with dual exponent q (1/p + 1/q = 1): the dual of L2 is L2, the dual of L∞ is L1, and of L1 is L∞.
// By Hölder, max_{‖δ‖_p ≤ ε} gᵀδ = ε‖g‖_q, which is why the closed forms of T1 contain ‖w‖_q and why
// the steepest-ascent step of PGD is sign(g) for L∞ and g/‖g‖₂ for L2.
import * as tf from "@tensorflow/tfjs";
import { assertNonNegative, assertOneOf } from "./validate";

import { LP_NORMS, type LpNorm } from "./lp-norms";

export { LP_NORMS, type LpNorm };

/** The threat models of the paper: ‖δ‖_∞ ≤ ε ("linf") or ‖δ‖₂ ≤ ε ("l2"). */
export type Norm = "linf" | "l2";
export const NORMS: readonly Norm[] = ["linf", "l2"];

/**
 * Added to a norm before dividing by it, so an all-zero gradient gives a zero step instead of NaN.
 * 1e-12 as in the reference codes (AutoAttack's `normalize`, Rice et al. use 1e-10 on a sum of squares).
 */
export const NORM_FLOOR = 1e-12;

/** The dual norm's name: l2 ↔ l2, linf ↔ l1. */
export function dualNormOf(norm: LpNorm): LpNorm {
  assertOneOf("norm", norm, LP_NORMS);
  return norm === "l2" ? "l2" : norm === "linf" ? "l1" : "linf";
}

function assertBatch(x: tf.Tensor, argument: string): void {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${argument} must be a tf.Tensor, got ${String(x)}`);
  if (x.rank < 1 || x.shape[0] < 1) {
    throw new RangeError(`${argument} must be a batch with at least one example, got shape [${x.shape.join(", ")}]`);
  }
}

/** The batch as [batch, features]. */
function rows(x: tf.Tensor): tf.Tensor2D {
  return x.reshape([x.shape[0], -1]) as tf.Tensor2D;
}

/** ‖x_n‖_p for every example n of the batch: a Tensor1D of length batch. */
export function perExampleNorm(x: tf.Tensor, norm: LpNorm): tf.Tensor1D {
  assertBatch(x, "x");
  assertOneOf("norm", norm, LP_NORMS);
  return tf.tidy(() => {
    const r = rows(x);
    if (norm === "linf") return tf.max(tf.abs(r), 1) as tf.Tensor1D;
    if (norm === "l1") return tf.sum(tf.abs(r), 1) as tf.Tensor1D;
    return tf.sqrt(tf.sum(tf.square(r), 1)) as tf.Tensor1D;
  });
}

/** ‖x_n‖_q for the dual exponent q of `norm` (the value of max_{‖δ‖_p ≤ 1} x_nᵀδ). */
export function perExampleDualNorm(x: tf.Tensor, norm: LpNorm): tf.Tensor1D {
  return perExampleNorm(x, dualNormOf(norm));
}

/** Reshapes a per-example vector [batch] to [batch, 1, …, 1] so it broadcasts against a batch of rank `rank`. */
export function perExampleColumn(values: tf.Tensor1D, rank: number): tf.Tensor {
  return values.reshape([values.shape[0], ...new Array<number>(rank - 1).fill(1)]);
}

/** Multiplies every example x_n by its own factor s_n. */
export function scalePerExample(x: tf.Tensor, factors: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => tf.mul(x, perExampleColumn(factors, x.rank)));
}

/** Projection onto the L∞ ball (a box) of radius eps: clip every coordinate to [−eps, eps]. */
export function projectLinfBox(delta: tf.Tensor, eps: number): tf.Tensor {
  assertBatch(delta, "delta");
  assertNonNegative("eps", eps);
  return tf.clipByValue(delta, -eps, eps);
}

/** Projection onto the L2 ball of radius eps: δ_n · min(1, eps/‖δ_n‖₂), per example (0 stays 0). */
export function projectL2Ball(delta: tf.Tensor, eps: number): tf.Tensor {
  assertBatch(delta, "delta");
  assertNonNegative("eps", eps);
  return tf.tidy(() => {
    const length = perExampleNorm(delta, "l2");
    // eps / max(‖δ‖, eps) = min(1, eps/‖δ‖), exactly 1 inside the ball; the 1e-30 (a normal float32)
    // keeps eps = 0 from dividing zero by zero.
    const factor = tf.div(eps, tf.maximum(length, Math.max(eps, 1e-30))) as tf.Tensor1D;
    return scalePerExample(delta, factor);
  });
}

/** Projection onto B_p(eps) for p = 2 or ∞. */
export function projectOntoBall(delta: tf.Tensor, norm: "l2" | "linf", eps: number): tf.Tensor {
  assertOneOf("norm", norm, ["l2", "linf"] as const);
  return norm === "linf" ? projectLinfBox(delta, eps) : projectL2Ball(delta, eps);
}

/**
 * The steepest-ascent direction of unit p-norm for a gradient g, per example: the maximiser of gᵀv over
 * ‖v‖_p ≤ 1. L∞: sign(g). L2: g/‖g‖₂ (with NORM_FLOOR added to the norm, so g = 0 gives 0).
 */
export function steepestAscentDirection(g: tf.Tensor, norm: "l2" | "linf"): tf.Tensor {
  assertBatch(g, "g");
  assertOneOf("norm", norm, ["l2", "linf"] as const);
  if (norm === "linf") return tf.sign(g);
  return tf.tidy(() => scalePerExample(g, tf.div(1, tf.add(perExampleNorm(g, "l2"), NORM_FLOOR)) as tf.Tensor1D));
}
