// A Monte Carlo estimate of the local-entropy gradient ∇F_γ(θ) = γ(θ − E_p[θ′]) (T5), in float64 on a
// closed-form gradient of f, for 1-D or small-d functions. It is the Langevin dynamics EntropySGD runs
// in its inner loop (paper-spec §5.5), without minibatches and with a plain average, so that its
// output can be checked against quadrature and closed forms:
//     θ′ ← θ′ − η[∇f(θ′) + γ(θ′ − θ)] + √(2η/β) ξ,   ξ ~ N(0, I),
// the unadjusted Langevin algorithm for p_θ(θ′) ∝ exp(−β[f(θ′) + (γ/2)‖θ − θ′‖²]). Its stationary law
// differs from p_θ by O(η) in general; for a quadratic f the drift is linear and the stationary mean
// is exact for every stable η (η(a + γ) < 2), so only Monte Carlo error remains.
// (EntropySGD's noise √η·ε_th corresponds to β = 2/ε_th² here.)
//
// The Monte Carlo error is measured honestly: `chains` independent chains (seeded forks of one Rng)
// each give a time average after burn-in, and the standard error is the spread of those averages
// over √chains, which accounts for the autocorrelation within a chain.

import { Rng } from "../core/rng";
import { assertInteger, assertObject, assertPositive, assertPositiveInteger } from "../core/validate";
import { assertFiniteVector } from "../core/linalg64";

export interface LangevinOptions {
  /** Scope γ > 0. */
  readonly gamma: number;
  /** Inverse temperature β > 0. */
  readonly beta: number;
  /** Step η > 0. */
  readonly stepSize: number;
  /** Steps kept per chain (after burn-in), ≥ 1. */
  readonly steps: number;
  /** Steps discarded at the start of each chain (default 0). */
  readonly burnIn?: number;
  /** Independent chains, ≥ 2 (the standard error needs a spread). */
  readonly chains: number;
  /** Seed of the Rng whose forks drive the chains. */
  readonly seed: number;
}

export interface LangevinEstimate {
  /** γ(θ − mean): the estimate of ∇F_γ(θ). */
  readonly gradient: Float64Array;
  /** Average of θ′ over all chains and kept steps: the estimate of E_p[θ′]. */
  readonly mean: Float64Array;
  /** Per coordinate, the standard error of `gradient` (γ · sd of the chain means / √chains). */
  readonly standardError: Float64Array;
  /** Each chain's time average of θ′. */
  readonly chainMeans: Float64Array[];
}

/**
 * Estimates ∇F_γ(θ) for f with gradient `gradient` by `chains` Langevin chains started at θ.
 * `gradient(θ′)` must return ∇f(θ′) with the length of θ.
 */
export function localEntropyGradientByLangevin(
  gradient: (thetaPrime: Float64Array) => ArrayLike<number>,
  theta: ArrayLike<number> | number,
  options: LangevinOptions,
): LangevinEstimate {
  if (typeof gradient !== "function") throw new TypeError(`gradient must be a function, got ${String(gradient)}`);
  assertFiniteVector("theta", typeof theta === "number" ? [theta] : theta);
  const centre = typeof theta === "number" ? Float64Array.of(theta) : Float64Array.from(theta);
  if (centre.length === 0) throw new RangeError("theta must have length ≥ 1, got length 0");
  assertObject("options", options);
  const { gamma, beta, stepSize, steps, chains, seed } = options;
  const burnIn = options.burnIn ?? 0;
  assertPositive("gamma", gamma);
  assertPositive("beta", beta);
  assertPositive("stepSize", stepSize);
  assertPositiveInteger("steps", steps);
  assertInteger("burnIn", burnIn, 0);
  assertInteger("chains", chains, 2);
  const root = new Rng(seed);

  const d = centre.length;
  const noise = Math.sqrt((2 * stepSize) / beta);
  const chainMeans: Float64Array[] = [];
  for (let c = 0; c < chains; c++) {
    const rng = root.fork();
    const state = Float64Array.from(centre);
    const sum = new Float64Array(d);
    for (let t = 0; t < burnIn + steps; t++) {
      const g = gradient(state);
      if (g === null || typeof g !== "object" || g.length !== d) {
        throw new RangeError(`gradient must return an array of length ${d}, got ${g === null || g === undefined ? String(g) : `length ${g.length}`}`);
      }
      for (let i = 0; i < d; i++) {
        const drift = g[i] + gamma * (state[i] - centre[i]);
        state[i] += -stepSize * drift + noise * rng.normal();
      }
      if (!state.every(Number.isFinite)) {
        throw new RangeError(`the chain diverged at step ${t} (stepSize = ${stepSize} is too large for this f and gamma = ${gamma})`);
      }
      if (t >= burnIn) for (let i = 0; i < d; i++) sum[i] += state[i];
    }
    for (let i = 0; i < d; i++) sum[i] /= steps;
    chainMeans.push(sum);
  }

  const mean = new Float64Array(d);
  const standardError = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (const m of chainMeans) s += m[i];
    mean[i] = s / chains;
    let ss = 0;
    for (const m of chainMeans) ss += (m[i] - mean[i]) ** 2;
    standardError[i] = (gamma * Math.sqrt(ss / (chains - 1))) / Math.sqrt(chains);
  }
  const estimate = new Float64Array(d);
  for (let i = 0; i < d; i++) estimate[i] = gamma * (centre[i] - mean[i]);
  return { gradient: estimate, mean, standardError, chainMeans };
}
