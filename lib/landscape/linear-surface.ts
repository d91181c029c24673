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
import { dualNorm, dualNormDirection, meanAdversarialLoss, sigmoid, softplus, type Rows64 } from "../losses/adversarial-linear";

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

/** The examples as two coordinate columns, checked once (meanAdversarialLoss checks X and y). */
function columns(X: Rows64, y: ArrayLike<number>): { x1: Float64Array; x2: Float64Array; labels: Float64Array } {
  meanAdversarialLoss(Float64Array.of(0, 0), X, y, 0, "l2");
  const rows = Array.isArray(X) ? (X as readonly Float64Array[]) : null;
  const flat = rows === null ? (X as { data: Float64Array }).data : null;
  const count = y.length;
  const x1 = new Float64Array(count);
  const x2 = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    x1[n] = rows ? rows[n][0] : (flat as Float64Array)[2 * n];
    x2[n] = rows ? rows[n][1] : (flat as Float64Array)[2 * n + 1];
  }
  return { x1, x2, labels: Float64Array.from(y) };
}

type Columns = ReturnType<typeof columns>;

/**
 * ∇L_ε at (w₁, w₂) = meanₙ σ(uₙ)(−yₙxₙ + ε n_p(w)): the formula of adversarial-linear.ts in one pass over
 * the columns, without re-checking the data at each of the grid's many points (the tests compare it
 * with meanAdversarialLossGradient).
 */
function gradient2d(w1: number, w2: number, data: Columns, eps: number, norm: LpNorm): [number, number] {
  const w = Float64Array.of(w1, w2);
  const penalty = eps * dualNorm(w, norm);
  const [n1, n2] = dualNormDirection(w, norm);
  const { x1, x2, labels } = data;
  let g1 = 0;
  let g2 = 0;
  for (let n = 0; n < labels.length; n++) {
    const s = sigmoid(-labels[n] * (w1 * x1[n] + w2 * x2[n]) + penalty);
    g1 += s * (-labels[n] * x1[n] + eps * n1);
    g2 += s * (-labels[n] * x2[n] + eps * n2);
  }
  return [g1 / labels.length, g2 / labels.length];
}

function loss2d(w1: number, w2: number, data: Columns, eps: number, norm: LpNorm): number {
  const penalty = eps * dualNorm(Float64Array.of(w1, w2), norm);
  const { x1, x2, labels } = data;
  let total = 0;
  for (let n = 0; n < labels.length; n++) total += softplus(-labels[n] * (w1 * x1[n] + w2 * x2[n]) + penalty);
  return total / labels.length;
}

function gradientJump(w1: number, w2: number, axis: 0 | 1, s: number, data: Columns, eps: number, norm: LpNorm): number {
  const [a1, a2] = axis === 0 ? gradient2d(w1 + s, w2, data, eps, norm) : gradient2d(w1, w2 + s, data, eps, norm);
  const [b1, b2] = axis === 0 ? gradient2d(w1 - s, w2, data, eps, norm) : gradient2d(w1, w2 - s, data, eps, norm);
  return Math.hypot(a1 - b1, a2 - b2) / (2 * s);
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
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1]))
    throw new RangeError(`range must be [low, high] with low < high, got ${JSON.stringify(range)}`);
  assertInteger("points", points, 2);
  assertPositive("kinkStep", kinkStep);
  const axis = surfaceAxis(range, points);
  const data = columns(X, y);
  const rows: LinearSurfaceRow[] = [];
  for (const { norm, eps, label } of threats) {
    for (const w2 of axis) {
      for (const w1 of axis) {
        const loss = loss2d(w1, w2, data, eps, norm);
        const localRatio = Math.max(gradientJump(w1, w2, 0, kinkStep, data, eps, norm), gradientJump(w1, w2, 1, kinkStep, data, eps, norm));
        rows.push({ threat: label, w1, w2, loss, localRatio, log10LocalRatio: Math.log10(localRatio) });
      }
    }
  }
  return rows;
}
