// Finite differences of a float64 gradient function θ ↦ ∇f(θ) (the toy's Danskin gradient, closed-form
// losses): the Hessian by central differences, its spectral norm, and the gradient-Lipschitz ratio S1
// R(h) = ‖∇f(θ + h v̂) − ∇f(θ)‖₂ / h of paper-spec §4 without tfjs. They are the independent side of the
// theory notebooks' checks: a closed-form Hessian or smoothness constant is compared with what the
// gradient itself does.
//
// Accuracy of the central difference: O(h²) truncation (the third derivative) plus O(u/h) rounding,
// u ≈ 1.1e-16 relative to the gradient's size; h ≈ 1e-5 balances them near 1e-10 for O(1) curvature.
// Both sides of θ must lie in one smooth piece: within the toy's `kinkDistance` (divided by ‖B‖).
import { assertFiniteVector, norm2, symmetricEigen } from "../core/linalg64";
import { assertObject, assertPositive } from "../core/validate";

/** A float64 gradient: θ (length m) ↦ ∇f(θ) (length m). */
export type GradientFunction64 = (theta: Float64Array) => ArrayLike<number>;

function assertGradientFunction(gradient: unknown): asserts gradient is GradientFunction64 {
  if (typeof gradient !== "function") throw new TypeError(`gradient must be a function θ ↦ ∇f(θ), got ${String(gradient)}`);
}

/**
 * The Hessian of f at θ by central differences of its gradient, row-major m×m: column j is
 * [∇f(θ + h eⱼ) − ∇f(θ − h eⱼ)] / 2h. Not symmetrised (its asymmetry is a measure of the error).
 */
export function finiteDifferenceHessian(gradient: GradientFunction64, theta: ArrayLike<number>, h: number): Float64Array {
  assertGradientFunction(gradient);
  assertFiniteVector("theta", theta);
  assertPositive("h", h);
  const m = theta.length;
  const H = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[j] += h;
    minus[j] -= h;
    const gp = gradient(plus);
    const gm = gradient(minus);
    if (gp.length !== m || gm.length !== m) throw new RangeError(`gradient must return ${m} numbers for θ of length ${m}, got ${gp.length}`);
    for (let i = 0; i < m; i++) H[i * m + j] = (gp[i] - gm[i]) / (2 * h);
  }
  return H;
}

/** The largest |eigenvalue| of the symmetric part of a row-major m×m matrix: ‖H‖₂ for a Hessian. */
export function symmetricSpectralNorm(H: ArrayLike<number>, m: number): number {
  const { values } = symmetricEigen(H, m);
  return Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
}

export interface GradientRatioOptions {
  /** The direction v (any non-zero length; only its orientation is used). */
  readonly direction: ArrayLike<number>;
  /** Absolute steps h > 0 (‖Δθ‖ = h). */
  readonly h: readonly number[];
}

/**
 * S1 in float64: R(h) = ‖∇f(θ + h v̂) − ∇f(θ)‖₂ / h for each h. Bounded by the local smoothness
 * constant while θ + hv̂ stays in a smooth region; ~J/h across a jump J of the gradient.
 */
export function gradientRatio(gradient: GradientFunction64, theta: ArrayLike<number>, options: GradientRatioOptions): number[] {
  assertGradientFunction(gradient);
  assertFiniteVector("theta", theta);
  assertObject("options", options);
  assertFiniteVector("direction", options.direction, theta.length);
  const length = norm2(options.direction);
  if (!(length > 0)) throw new RangeError("direction must be non-zero");
  if (!Array.isArray(options.h) || options.h.length === 0) throw new RangeError(`h must be a non-empty array of steps, got ${String(options.h)}`);
  options.h.forEach((h, i) => assertPositive(`h[${i}]`, h));
  const start = Float64Array.from(theta);
  const g0 = gradient(start);
  return options.h.map((h) => {
    const moved = start.map((t, i) => t + (h * options.direction[i]) / length);
    const g = gradient(moved);
    let s = 0;
    for (let i = 0; i < g.length; i++) s += (g[i] - g0[i]) ** 2;
    return Math.sqrt(s) / h;
  });
}
