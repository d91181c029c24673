// S1 on T1's binary linear model with the exact attack, in float64 [T1: formulas Derived here; the
// measurements Project design]. The gradient of the batch-mean adversarial loss is the closed form of
// lib/losses/adversarial-linear.ts, so nothing here is estimated but the ratio itself:
//
//   * hyperplaneCrossing: R(h) = ‖∇L_ε(w̄ + (h/2)eᵢ) − ∇L_ε(w̄ − (h/2)eᵢ)‖/h across the hyperplane
//     wᵢ = 0 at a point w̄ ≠ 0 of it. L2 is smooth there (R levels off at ‖∇²L_ε eᵢ‖); under L∞ the
//     gradient jumps by J = 2ε·meanₙ σ(uₙ) in coordinate i (T1(b)), so R(h) ≈ J/h: 10× per decade.
//   * l2RatioAgainstNorm: the L2 ratio along a unit direction v ⟂ w at points w = r·ŵ on a ray towards
//     0, with h = relativeStep·r, against the T1(a) bound ¼(R + ε)² + 2ε/max(‖w₁‖, ‖w₂‖) and the
//     tangential curvature ε·meanₙ σ(uₙ)/‖w‖ of the term ε‖w‖₂ (its Hessian is (I − ŵŵᵀ)/‖w‖), which
//     dominates as r → 0: the L2 loss is smooth away from 0 with a constant that grows like ε/‖w‖.
import { assertFiniteVector, norm2 } from "../core/linalg64";
import { LP_NORMS, type LpNorm } from "../core/norms";
import { Rng, assertSeed } from "../core/rng";
import { assertInteger, assertNonNegative, assertOneOf, assertPositive } from "../core/validate";
import { adversarialMargins, meanAdversarialLossGradientRatio, sigmoid, type Rows64 } from "../losses/adversarial-linear";
import { logLogSlope } from "../parameter-space/statistics";
import { linearL2SmoothnessConstant, linearLinfGradientJump } from "../theory/bounds";

/** h = 1e-1 … 1e-5 (paper-spec §3, T1 expected behaviour; float64 keeps every digit needed). */
export const CROSSING_STEPS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];

function rowCount(X: Rows64): number {
  return Array.isArray(X) ? X.length : (X as { data: Float64Array; d: number }).data.length / (X as { d: number }).d;
}

/** maxₙ ‖xₙ‖₂, the R of T1(a). */
export function largestRowNorm(X: Rows64): number {
  if (Array.isArray(X)) return Math.max(...(X as readonly Float64Array[]).map((row) => norm2(row)));
  const { data, d } = X as { data: Float64Array; d: number };
  let largest = 0;
  for (let n = 0; n * d < data.length; n++) largest = Math.max(largest, norm2(data.subarray(n * d, n * d + d)));
  return largest;
}

/** meanₙ σ(uₙ) at w: the weight of the ε-term in the gradient ∇L_ε = meanₙ σ(uₙ)(−yₙxₙ + ε n_p(w)). */
export function meanAttackWeight(w: Float64Array, X: Rows64, y: ArrayLike<number>, eps: number, norm: LpNorm): number {
  const margins = adversarialMargins(w, X, y, eps, norm);
  let s = 0;
  for (const u of margins) s += sigmoid(u);
  return s / margins.length;
}

export interface HyperplaneCrossingOptions {
  readonly X: Rows64;
  /** Labels ±1, one per row. */
  readonly y: ArrayLike<number>;
  /** A point whose coordinate `coordinate` is replaced by 0 to give the crossing point w̄ (w̄ ≠ 0). */
  readonly w: Float64Array;
  readonly coordinate: number;
  readonly eps: number;
  /** Default ["l2", "linf"]. */
  readonly norms?: readonly LpNorm[];
  /** Default CROSSING_STEPS. */
  readonly h?: readonly number[];
}

export interface HyperplaneCrossingSeries {
  readonly norm: LpNorm;
  /** R(h) per step. */
  readonly ratios: number[];
  /** max R / min R − 1 over the steps (smooth: ≈ 0). */
  readonly spread: number;
  /** Growth of R per decade of h between consecutive steps (a jump: 10). */
  readonly growthPerDecade: number[];
  /** Log–log slope of R against h (0: smooth, −1: a jump). */
  readonly slope: number;
}

export interface HyperplaneCrossingResult {
  readonly h: number[];
  /** w̄: the crossing point, coordinate i set to 0. */
  readonly crossing: Float64Array;
  readonly coordinate: number;
  readonly eps: number;
  /** T1(b)'s jump of the L∞ gradient at w̄, 2ε·meanₙ σ(uₙ) (lib/theory/bounds.ts); R·h → it as h → 0. */
  readonly linfJump: number;
  readonly series: HyperplaneCrossingSeries[];
  /** One row per norm and step, for charts. */
  readonly rows: { norm: LpNorm; h: number; ratio: number }[];
}

/** R(h) across the hyperplane w_i = 0 at w̄ (see the file header), per norm. */
export function hyperplaneCrossing(options: HyperplaneCrossingOptions): HyperplaneCrossingResult {
  const { X, y, w, coordinate, eps, norms = ["l2", "linf"], h = CROSSING_STEPS } = options;
  assertFiniteVector("w", w);
  assertInteger("coordinate", coordinate, 0);
  if (coordinate >= w.length) throw new RangeError(`coordinate must be below w.length = ${w.length}, got ${coordinate}`);
  assertPositive("eps", eps);
  norms.forEach((norm, k) => assertOneOf(`norms[${k}]`, norm, LP_NORMS));
  if (h.length < 2) throw new RangeError(`h must hold at least two steps, got ${h.length}`);
  h.forEach((step, k) => assertPositive(`h[${k}]`, step));
  const crossing = Float64Array.from(w);
  crossing[coordinate] = 0;
  if (norm2(crossing) === 0) throw new RangeError("w must have a nonzero coordinate besides `coordinate` (the crossing point w̄ must not be 0)");
  const unit = new Float64Array(w.length);
  unit[coordinate] = 1;
  const series = norms.map((norm): HyperplaneCrossingSeries => {
    const ratios = h.map((step) => {
      const start = Float64Array.from(crossing);
      start[coordinate] = -step / 2;
      return meanAdversarialLossGradientRatio(start, unit, step, X, y, eps, norm);
    });
    const growthPerDecade = ratios.slice(1).map((r, k) => (r / ratios[k]) ** (1 / Math.log10(h[k] / h[k + 1])));
    const spread = Math.max(...ratios) / Math.min(...ratios) - 1;
    return { norm, ratios, spread, growthPerDecade, slope: logLogSlope([...h], ratios) };
  });
  const linfJump = linearLinfGradientJump(eps, adversarialMargins(crossing, X, y, eps, "linf"));
  const rows = series.flatMap((s) => s.ratios.map((ratio, k) => ({ norm: s.norm, h: h[k], ratio })));
  return { h: [...h], crossing, coordinate, eps, linfJump, series, rows };
}

export interface L2RatioAgainstNormOptions {
  readonly X: Rows64;
  readonly y: ArrayLike<number>;
  /** The ray's direction ŵ (any nonzero vector; normalised here). */
  readonly direction: Float64Array;
  readonly eps: number;
  /** The norms r = ‖w‖ of the points w = r·ŵ; default 1, 0.1, 0.01, 0.001, 1e-4. */
  readonly sizes?: readonly number[];
  /** h = relativeStep·r; default 1e-4 (local: the step is small beside ‖w‖). */
  readonly relativeStep?: number;
  /** Seed of the random unit direction v ⟂ ŵ along which the ratio is taken; default 0. */
  readonly seed?: number;
  /** Instead of a random draw: the vector whose component ⟂ ŵ, normalised, is v. */
  readonly along?: Float64Array;
}

export interface L2RatioAgainstNormRow {
  /** r = ‖w‖. */
  readonly normW: number;
  readonly h: number;
  /** ‖∇L(w + hv) − ∇L(w)‖/h. */
  readonly ratio: number;
  /** T1(a)'s constant ¼(R + ε)² + 2ε/max(‖w‖, ‖w + hv‖). */
  readonly bound: number;
  /** ε·meanₙ σ(uₙ)/‖w‖: the curvature of ε‖w‖₂ along v, weighted as in the gradient. */
  readonly tangentialCurvature: number;
}

/** The L2 ratio at points w = r·ŵ along a unit v ⟂ ŵ, with T1(a)'s bound (see the file header). */
export function l2RatioAgainstNorm(options: L2RatioAgainstNormOptions): L2RatioAgainstNormRow[] {
  const { X, y, direction, eps, sizes = [1, 1e-1, 1e-2, 1e-3, 1e-4], relativeStep = 1e-4, seed = 0, along } = options;
  assertFiniteVector("direction", direction);
  const length = norm2(direction);
  if (length === 0 || direction.length < 2) throw new RangeError("direction must be a nonzero vector of length ≥ 2 (a direction ⟂ to it is needed)");
  assertNonNegative("eps", eps);
  sizes.forEach((r, k) => assertPositive(`sizes[${k}]`, r));
  assertPositive("relativeStep", relativeStep);
  assertSeed(seed);
  const unit = direction.map((v) => v / length);
  let draw: Float64Array;
  if (along === undefined) {
    const rng = new Rng(seed);
    draw = Float64Array.from({ length: unit.length }, () => rng.normal());
  } else {
    assertFiniteVector("along", along, unit.length);
    draw = Float64Array.from(along);
  }
  const component = draw.reduce((s, v, i) => s + v * unit[i], 0);
  const tangent = draw.map((v, i) => v - component * unit[i]);
  const tangentLength = norm2(tangent);
  if (!(tangentLength > 1e-12 * norm2(draw))) throw new RangeError("along must not be parallel to direction (v ⟂ ŵ is needed)");
  const v = tangent.map((t) => t / tangentLength);
  if (rowCount(X) === 0) throw new RangeError("X must have at least one row");
  const radius = largestRowNorm(X);
  return sizes.map((r) => {
    const w = unit.map((u) => u * r);
    const h = relativeStep * r;
    const ratio = meanAdversarialLossGradientRatio(w, v, h, X, y, eps, "l2");
    const moved = w.map((wi, i) => wi + h * v[i]);
    const bound = linearL2SmoothnessConstant(radius, eps, r, norm2(moved));
    const tangentialCurvature = (eps * meanAttackWeight(w, X, y, eps, "l2")) / r;
    return { normW: r, h, ratio, bound, tangentialCurvature };
  });
}
