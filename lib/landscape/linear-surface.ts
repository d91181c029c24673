// F1 [Project design; the closed forms are T1, Derived here]: the batch-mean adversarial loss of the
// binary linear model over a grid of w ∈ ℝ², per threat (clean, L2, L∞ at some ε), in float64, with a
// kink detector beside the loss: the local gradient-Lipschitz ratio
//     ρ(w) = maxₖ ‖∇L_ε(w + s eₖ) − ∇L_ε(w − s eₖ)‖ / (2s),   k = 1, 2, s tiny (default 1e-6),
// which is about the curvature where L_ε is smooth and about J/(2s) — huge — on a crease where the
// gradient jumps by J. On a grid with an odd number of points over a symmetric range the axes w₁ = 0,
// w₂ = 0 lie on the grid, so the creases T1 predicts show as lines (L∞: both axes, T1(b)) or a point
// (L2: the cone point w = 0, T1(a)), and the L2 ratio rises like ε/‖w‖ towards it.
import { LP_NORMS, type LpNorm } from "../core/norms";
import { assertInteger, assertNonNegative, assertOneOf, assertPositive } from "../core/validate";
import { meanAdversarialLoss, meanAdversarialLossGradient, type Rows64 } from "../losses/adversarial-linear";

export interface LinearSurfaceThreat {
  readonly norm: LpNorm;
  /** 0 gives the clean loss. */
  readonly eps: number;
  /** The name of the panel, e.g. "L∞, ε = 0.3". */
  readonly label: string;
}

export interface LinearSurfaceOptions {
  /** Two-dimensional examples (d = 2). */
  readonly X: Rows64;
  readonly y: ArrayLike<number>;
  readonly threats: readonly LinearSurfaceThreat[];
  /** The square [low, high]² of w; default [−2, 2]. */
  readonly range?: readonly [number, number];
  /** Grid points per axis (≥ 2); default 201 (paper-spec §8, F1). */
  readonly points?: number;
  /** The half-step s of the kink detector; default 1e-6. */
  readonly kinkStep?: number;
}

// A type alias (not an interface), so that rows pass as chart rows (Record<string, unknown>).
export type LinearSurfaceRow = {
  readonly threat: string;
  readonly w1: number;
  readonly w2: number;
  readonly loss: number;
  /** ρ(w) of the file header. */
  readonly localRatio: number;
  /** log₁₀ ρ(w) (the colour scale of the kink map). */
  readonly log10LocalRatio: number;
};

/** The grid's coordinates; values within rounding of 0 are exactly 0 (the axes lie on the grid). */
export function surfaceAxis(range: readonly [number, number], points: number): number[] {
  const [low, high] = range;
  const step = (high - low) / (points - 1);
  return Array.from({ length: points }, (_, k) => {
    const value = low + k * step;
    return Math.abs(value) < 1e-9 * step ? 0 : value;
  });
}

function gradientJump(w1: number, w2: number, axis: 0 | 1, s: number, X: Rows64, y: ArrayLike<number>, eps: number, norm: LpNorm): number {
  const plus = Float64Array.of(w1, w2);
  const minus = Float64Array.of(w1, w2);
  plus[axis] += s;
  minus[axis] -= s;
  const a = meanAdversarialLossGradient(plus, X, y, eps, norm);
  const b = meanAdversarialLossGradient(minus, X, y, eps, norm);
  return Math.hypot(a[0] - b[0], a[1] - b[1]) / (2 * s);
}

/** One row per threat and grid point (threats in order, then w₂ from low to high, then w₁). */
export function linearLossSurface(options: LinearSurfaceOptions): LinearSurfaceRow[] {
  const { X, y, threats, range = [-2, 2], points = 201, kinkStep = 1e-6 } = options;
  const d = Array.isArray(X) ? (X[0] as Float64Array | undefined)?.length : (X as { d: number }).d;
  if (d !== 2) throw new RangeError(`X must hold two-dimensional examples (w ∈ ℝ²), got rows of length ${String(d)}`);
  if (!Array.isArray(threats) || threats.length === 0) throw new RangeError("threats must be a non-empty array of {norm, eps, label}");
  threats.forEach((t, k) => {
    assertOneOf(`threats[${k}].norm`, t.norm, LP_NORMS);
    assertNonNegative(`threats[${k}].eps`, t.eps);
  });
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1])) throw new RangeError(`range must be [low, high] with low < high, got ${JSON.stringify(range)}`);
  assertInteger("points", points, 2);
  assertPositive("kinkStep", kinkStep);
  const axis = surfaceAxis(range, points);
  const rows: LinearSurfaceRow[] = [];
  for (const { norm, eps, label } of threats) {
    for (const w2 of axis) {
      for (const w1 of axis) {
        const loss = meanAdversarialLoss(Float64Array.of(w1, w2), X, y, eps, norm);
        const localRatio = Math.max(gradientJump(w1, w2, 0, kinkStep, X, y, eps, norm), gradientJump(w1, w2, 1, kinkStep, X, y, eps, norm));
        rows.push({ threat: label, w1, w2, loss, localRatio, log10LocalRatio: Math.log10(localRatio) });
      }
    }
  }
  return rows;
}
