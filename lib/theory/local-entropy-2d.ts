// The gradient of the local entropy of a function of two parameters by quadrature (T5; notebook 09's
// S1 on F_γ itself), in float64:
//     ∇F_γ(θ) = γ(θ − E_p[θ′]),   p_θ(θ′) ∝ exp(−β[f(θ′) + (γ/2)‖θ − θ′‖²]),
// with E_p[θ′] a log-sum-exp-weighted sum over a square grid centred at θ. The grid must resolve p_θ:
// its Gaussian factor has standard deviation σ = 1/√(βγ), and a G-Lipschitz f shifts its mode by at
// most G/γ, so the half-width defaults to 10σ + G/γ and the spacing to σ/8 (for the kinked losses of
// T1, whose p_θ has a Laplace-like peak of width 1/(βG), pass points to resolve it). Deterministic:
// unlike a Langevin estimate, it can be differenced at θ and θ + hv for any small h.
import { assertFiniteVector } from "../core/linalg64";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../core/validate";

export interface LocalEntropy2dOptions {
  readonly gamma: number;
  readonly beta: number;
  /** A Lipschitz constant of f (default 0): widens the grid by G/γ. */
  readonly lipschitz?: number;
  /** Half-width of the grid around θ (default 10σ + G/γ). */
  readonly halfWidth?: number;
  /** Nodes per axis (odd, default ⌈2·halfWidth/(σ/8)⌉ + 1). */
  readonly points?: number;
}

/** γ(θ − E_p[θ′]) for f: ℝ² → ℝ, and E_p[θ′]. */
export function localEntropyGradient2d(
  f: (w0: number, w1: number) => number,
  theta: ArrayLike<number>,
  options: LocalEntropy2dOptions,
): { gradient: [number, number]; mean: [number, number] } {
  if (typeof f !== "function") throw new TypeError(`f must be a function of two numbers, got ${String(f)}`);
  assertFiniteVector("theta", theta, 2);
  assertObject("options", options);
  const { gamma, beta, lipschitz = 0 } = options;
  assertPositive("gamma", gamma);
  assertPositive("beta", beta);
  assertNonNegative("lipschitz", lipschitz);
  const sigma = 1 / Math.sqrt(beta * gamma);
  const halfWidth = options.halfWidth ?? 10 * sigma + lipschitz / gamma;
  assertPositive("halfWidth", halfWidth);
  const points = options.points ?? Math.ceil((2 * halfWidth) / (sigma / 8)) + 1;
  assertInteger("points", points, 3);
  const step = (2 * halfWidth) / (points - 1);
  const logWeights = new Float64Array(points * points);
  let peak = -Infinity;
  for (let i = 0; i < points; i++) {
    const a = theta[0] - halfWidth + i * step;
    for (let j = 0; j < points; j++) {
      const b = theta[1] - halfWidth + j * step;
      const da = a - theta[0];
      const db = b - theta[1];
      const value = -beta * (f(a, b) + 0.5 * gamma * (da * da + db * db));
      logWeights[i * points + j] = value;
      if (value > peak) peak = value;
    }
  }
  let total = 0;
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < points; j++) {
      const w = Math.exp(logWeights[i * points + j] - peak);
      total += w;
      m0 += w * (i * step - halfWidth);
      m1 += w * (j * step - halfWidth);
    }
  }
  const mean: [number, number] = [theta[0] + m0 / total, theta[1] + m1 / total];
  return { gradient: [gamma * (theta[0] - mean[0]), gamma * (theta[1] - mean[1])], mean };
}
