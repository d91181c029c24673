// T1 closed forms [formulas Derived here; C1 is From the paper]: binary linear classification
// f(x) = wᵀx with the logistic loss ℓ = softplus(−y wᵀx), y ∈ {−1, +1}, in float64.
//
// For a threat model ‖δ‖_p ≤ ε with dual exponent q (1/p + 1/q = 1),
//     min_{‖δ‖_p ≤ ε} y wᵀδ = −ε‖w‖_q,
// attained at δ* = −ε y n_p(w), where n_p(w) is a unit-p-norm maximiser of wᵀv:
//     p = 2 ("l2"):   n_2(w) = w/‖w‖₂            (q = 2)
//     p = ∞ ("linf"): n_∞(w) = sign(w)           (q = 1)
//     p = 1 ("l1"):   n_1(w) = sign(w_k) e_k with k = argmax_i |w_i|   (q = ∞, T1(c))
// so the adversarial loss is softplus(u) with the margin u = −y wᵀx + ε‖w‖_q, and, where n_p is the
// gradient of ‖w‖_q, ∇_w = σ(u)(−y x + ε n_p(w)) (Danskin's theorem, δ* held fixed).
//
// Ties, where δ* is not unique and ‖w‖_q is not differentiable (the non-smooth set of T1):
//   * w = 0 (every norm): the loss does not depend on δ, every δ in the ball is optimal; this file
//     returns δ* = 0 and n_p(0) = 0, i.e. the minimum-norm subgradient of ε‖w‖_q at 0.
//   * "linf", w_i = 0: any δ_i ∈ [−ε, ε] is optimal; this file returns δ*_i = 0 and n_∞(w)_i = 0
//     (sign(0) = 0), again the minimum-norm subgradient coordinate.
//   * "l1", |w_i| tied for the largest: this file puts the whole budget on the first such index.
// Gradients evaluated exactly on these sets are one element of the subdifferential, not a gradient.

import { assertFiniteVector, dot, norm2 } from "../core/linalg64";
import { LP_NORMS, type LpNorm } from "../core/lp-norms";
import { assertNonNegative, assertOneOf, assertPositive } from "../core/validate";

/**
 * Examples as rows: either an array of rows (each of length d) or one flat row-major array with its
 * row length d (row n is data[n·d .. n·d + d)).
 */
export type Rows64 = readonly Float64Array[] | { readonly data: Float64Array; readonly d: number };

// ---------------------------------------------------------------------------------------------
// Argument checks (thrown before any work, naming the argument and its value)

function assertLabel(name: string, y: unknown): asserts y is number {
  if (y !== 1 && y !== -1) throw new RangeError(`${name} must be −1 or +1, got ${String(y)}`);
}

function assertCommon(w: Float64Array, eps: number, norm: LpNorm): void {
  assertFiniteVector("w", w);
  if (w.length === 0) throw new RangeError("w must have length ≥ 1, got length 0");
  assertNonNegative("eps", eps);
  assertOneOf("norm", norm, LP_NORMS);
}

function assertExample(w: Float64Array, x: Float64Array, y: number, eps: number, norm: LpNorm): void {
  assertCommon(w, eps, norm);
  assertFiniteVector("x", x, w.length);
  assertLabel("y", y);
}

/** Number of rows and row accessor of a Rows64, validated against the parameter length d. */
function rowsOf(X: Rows64, d: number): { count: number; row: (n: number) => Float64Array } {
  if (Array.isArray(X)) {
    const rows = X as readonly Float64Array[];
    rows.forEach((r, n) => assertFiniteVector(`X[${n}]`, r, d));
    return { count: rows.length, row: (n) => rows[n] };
  }
  const flat = X as { readonly data: Float64Array; readonly d: number };
  if (flat === null || typeof flat !== "object" || !(flat.data instanceof Float64Array)) {
    throw new TypeError(`X must be Float64Array[] or { data: Float64Array, d }, got ${String(X)}`);
  }
  if (flat.d !== d) throw new RangeError(`X.d must equal w.length = ${d}, got ${flat.d}`);
  if (flat.data.length % d !== 0) {
    throw new RangeError(`X.data.length must be a multiple of X.d = ${d}, got ${flat.data.length}`);
  }
  assertFiniteVector("X.data", flat.data);
  return { count: flat.data.length / d, row: (n) => flat.data.subarray(n * d, n * d + d) };
}

function assertLabels(y: ArrayLike<number>, count: number): void {
  if (y === null || typeof y !== "object" || typeof y.length !== "number") {
    throw new TypeError(`y must be an array of ±1 labels, got ${String(y)}`);
  }
  if (y.length !== count) throw new RangeError(`y must have one label per row (${count}), got length ${y.length}`);
  if (count === 0) throw new RangeError("X must have at least one row, got 0");
  for (let n = 0; n < count; n++) assertLabel(`y[${n}]`, y[n]);
}

// ---------------------------------------------------------------------------------------------
// Scalars

/** softplus(u) = log(1 + eᵘ), computed as max(u, 0) + log1p(e^−|u|) so it neither overflows nor loses digits. */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

/** σ(u) = 1/(1 + e^−u) = softplus′(u), evaluated on the side where the exponential cannot overflow. */
export function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** The dual norm ‖w‖_q of the threat norm: ‖w‖₂ for "l2", ‖w‖₁ for "linf", ‖w‖_∞ for "l1". */
export function dualNorm(w: Float64Array, norm: LpNorm): number {
  assertFiniteVector("w", w);
  assertOneOf("norm", norm, LP_NORMS);
  return dualNormUnchecked(w, norm);
}

function dualNormUnchecked(w: Float64Array, norm: LpNorm): number {
  if (norm === "l2") return norm2(w);
  let s = 0;
  if (norm === "linf") for (let i = 0; i < w.length; i++) s += Math.abs(w[i]);
  else for (let i = 0; i < w.length; i++) s = Math.max(s, Math.abs(w[i]));
  return s;
}

/**
 * n_p(w): the maximiser of wᵀv over ‖v‖_p ≤ 1, which is also the gradient of ‖w‖_q wherever that is
 * differentiable. On the tie sets (see the file header) it returns the minimum-norm subgradient
 * (l2, linf) or the first maximal coordinate (l1).
 */
export function dualNormDirection(w: Float64Array, norm: LpNorm): Float64Array {
  assertFiniteVector("w", w);
  assertOneOf("norm", norm, LP_NORMS);
  return dualNormDirectionUnchecked(w, norm);
}

function dualNormDirectionUnchecked(w: Float64Array, norm: LpNorm): Float64Array {
  const d = w.length;
  const out = new Float64Array(d);
  if (norm === "l2") {
    const r = norm2(w);
    if (r > 0) for (let i = 0; i < d; i++) out[i] = w[i] / r;
  } else if (norm === "linf") {
    for (let i = 0; i < d; i++) out[i] = Math.sign(w[i]);
  } else {
    let k = 0;
    for (let i = 1; i < d; i++) if (Math.abs(w[i]) > Math.abs(w[k])) k = i;
    out[k] = Math.sign(w[k]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One example

/** δ* = −ε y n_p(w): the exact maximiser of softplus(−y wᵀ(x + δ)) over ‖δ‖_p ≤ ε (x does not enter). */
export function optimalAttack(w: Float64Array, y: number, eps: number, norm: LpNorm): Float64Array {
  assertCommon(w, eps, norm);
  assertLabel("y", y);
  const n = dualNormDirectionUnchecked(w, norm);
  // Tie coordinates stay +0 (not −0), so the result prints and compares as a plain zero.
  for (let i = 0; i < n.length; i++) n[i] = n[i] === 0 ? 0 : -eps * y * n[i];
  return n;
}

function marginUnchecked(w: Float64Array, x: ArrayLike<number>, y: number, eps: number, norm: LpNorm): number {
  return -y * dot(w, x) + eps * dualNormUnchecked(w, norm);
}

/** u = −y wᵀx + ε‖w‖_q, the argument of softplus in the adversarial loss (u > 0: misclassified under attack). */
export function adversarialMargin(w: Float64Array, x: Float64Array, y: number, eps: number, norm: LpNorm): number {
  assertExample(w, x, y, eps, norm);
  return marginUnchecked(w, x, y, eps, norm);
}

/** ℓ_ε(w) = softplus(−y wᵀx + ε‖w‖_q) = max_{‖δ‖_p ≤ ε} softplus(−y wᵀ(x + δ)). */
export function adversarialLoss(w: Float64Array, x: Float64Array, y: number, eps: number, norm: LpNorm): number {
  assertExample(w, x, y, eps, norm);
  return softplus(marginUnchecked(w, x, y, eps, norm));
}

function accumulateGradient(
  out: Float64Array,
  weight: number,
  w: Float64Array,
  x: ArrayLike<number>,
  y: number,
  eps: number,
  norm: LpNorm,
  direction: Float64Array,
): void {
  const s = weight * sigmoid(marginUnchecked(w, x, y, eps, norm));
  for (let i = 0; i < w.length; i++) out[i] += s * (-y * x[i] + eps * direction[i]);
}

/** ∇_w ℓ_ε = σ(u)(−y x + ε n_p(w)); on the tie sets, the subgradient described in the file header. */
export function adversarialLossGradient(w: Float64Array, x: Float64Array, y: number, eps: number, norm: LpNorm): Float64Array {
  assertExample(w, x, y, eps, norm);
  const out = new Float64Array(w.length);
  accumulateGradient(out, 1, w, x, y, eps, norm, dualNormDirectionUnchecked(w, norm));
  return out;
}

/** The clean logistic loss softplus(−y wᵀx) (ε = 0). */
export function cleanLoss(w: Float64Array, x: Float64Array, y: number): number {
  return adversarialLoss(w, x, y, 0, "l2");
}

/** ∇_w softplus(−y wᵀx) = −σ(−y wᵀx) y x. */
export function cleanLossGradient(w: Float64Array, x: Float64Array, y: number): Float64Array {
  return adversarialLossGradient(w, x, y, 0, "l2");
}

// ---------------------------------------------------------------------------------------------
// Batch means over a data set: L_ε(w) = (1/N) Σ_n ℓ_ε(w; x_n, y_n)

/** (1/N) Σ_n softplus(−y_n wᵀx_n + ε‖w‖_q). */
export function meanAdversarialLoss(w: Float64Array, X: Rows64, y: ArrayLike<number>, eps: number, norm: LpNorm): number {
  assertCommon(w, eps, norm);
  const rows = rowsOf(X, w.length);
  assertLabels(y, rows.count);
  let s = 0;
  for (let n = 0; n < rows.count; n++) s += softplus(marginUnchecked(w, rows.row(n), y[n], eps, norm));
  return s / rows.count;
}

/** (1/N) Σ_n σ(u_n)(−y_n x_n + ε n_p(w)). */
export function meanAdversarialLossGradient(w: Float64Array, X: Rows64, y: ArrayLike<number>, eps: number, norm: LpNorm): Float64Array {
  assertCommon(w, eps, norm);
  const rows = rowsOf(X, w.length);
  assertLabels(y, rows.count);
  const direction = dualNormDirectionUnchecked(w, norm);
  const out = new Float64Array(w.length);
  for (let n = 0; n < rows.count; n++) accumulateGradient(out, 1 / rows.count, w, rows.row(n), y[n], eps, norm, direction);
  return out;
}

/** The margins u_n = −y_n wᵀx_n + ε‖w‖_q of every example (e.g. for the T1(b) jump 2ε·mean σ(u_n)). */
export function adversarialMargins(w: Float64Array, X: Rows64, y: ArrayLike<number>, eps: number, norm: LpNorm): Float64Array {
  assertCommon(w, eps, norm);
  const rows = rowsOf(X, w.length);
  assertLabels(y, rows.count);
  const out = new Float64Array(rows.count);
  for (let n = 0; n < rows.count; n++) out[n] = marginUnchecked(w, rows.row(n), y[n], eps, norm);
  return out;
}

export function meanCleanLoss(w: Float64Array, X: Rows64, y: ArrayLike<number>): number {
  return meanAdversarialLoss(w, X, y, 0, "l2");
}

export function meanCleanLossGradient(w: Float64Array, X: Rows64, y: ArrayLike<number>): Float64Array {
  return meanAdversarialLossGradient(w, X, y, 0, "l2");
}

/**
 * The gradient-Lipschitz ratio ‖∇L_ε(w + h v) − ∇L_ε(w)‖₂ / h of the batch-mean adversarial loss
 * (estimator S1 with the exact attack). With a unit v it lower-bounds any Lipschitz constant of ∇L_ε
 * on the segment; as h → 0 it stays bounded where L_ε is smooth and grows like 1/h across a jump of
 * the gradient (T1(b): the hyperplanes w_i = 0 under "linf"). v need not be a unit vector; the ratio
 * is then ‖v‖ times the Lipschitz ratio.
 */
export function meanAdversarialLossGradientRatio(
  w: Float64Array,
  v: Float64Array,
  h: number,
  X: Rows64,
  y: ArrayLike<number>,
  eps: number,
  norm: LpNorm,
): number {
  assertCommon(w, eps, norm);
  assertFiniteVector("v", v, w.length);
  assertPositive("h", h);
  const shifted = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) shifted[i] = w[i] + h * v[i];
  const g0 = meanAdversarialLossGradient(w, X, y, eps, norm);
  const g1 = meanAdversarialLossGradient(shifted, X, y, eps, norm);
  for (let i = 0; i < g0.length; i++) g1[i] -= g0[i];
  return norm2(g1) / h;
}
