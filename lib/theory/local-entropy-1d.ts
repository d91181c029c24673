// One-dimensional local entropy by quadrature (T5; notebook 09, figure F7), in float64.
//
// Minimised convention (paper-spec §2; Chaudhari et al. 2017 use the opposite sign and maximise):
//     F_γ(θ) = −(1/β) log ∫ exp(−β[f(θ′) + (γ/2)(θ − θ′)²]) dθ′.
// With p_θ(θ′) ∝ exp(−β[f(θ′) + (γ/2)(θ − θ′)²]) (the Gibbs density the Langevin inner loop samples),
//     F′_γ(θ) = γ(θ − E_p[θ′]),     F″_γ(θ) = γ − βγ² Var_p[θ′]            [Derived here, T5]
// so F″ ≤ γ always, and 0 ≤ F″ when f is convex (Brascamp–Lieb: Var ≤ 1/(βγ)). As β → ∞, F_γ tends
// to the Moreau envelope min_θ′ f(θ′) + (γ/2)(θ − θ′)², whose derivative γ(θ − prox(θ)) is
// γ-Lipschitz even where f′ jumps.
//
// Quadrature: one uniform grid of θ′ shared by every θ, with f evaluated once per node; for each θ
// the integrals are log-sum-exp sums (the largest exponent is factored out), so nothing overflows
// for any β. Grid choice (documented because F″ depends on resolving p_θ):
//   * spacing: the Gaussian factor has standard deviation σ = 1/√(βγ); a G-Lipschitz f can make p_θ
//     as narrow as 1/(βG) (a kink at the prox point gives a Laplace-shaped peak), so the spacing is
//     min(σ, 1/(βG)) / pointsPerScale (default 16 points per scale);
//   * extent: [θ_min − W, θ_max + W] with W = widthInStd·σ + G/γ (default widthInStd = 12). For a
//     convex G-Lipschitz f, the mode of p_θ is within G/γ of θ and p_θ is βγ-strongly log-concave
//     around it, so the mass beyond W is below e^(−widthInStd²/2).
// Each evaluation checks that p_θ is negligible (log-ratio < −36) at any grid edge it reaches and
// throws a RangeError otherwise (θ outside the range, or f not G-Lipschitz with the G passed).
// Trapezoid sums of smooth Gaussian-like integrands converge spectrally; at a kink of f the error is
// O(spacing²).

import { assertFiniteNumber, assertInteger, assertNonNegative, assertObject, assertPositive } from "../core/validate";

export interface LocalEntropyGridOptions {
  /** Scope γ > 0 (the coupling strength). */
  readonly gamma: number;
  /** Inverse temperature β > 0. */
  readonly beta: number;
  /** The range of θ at which F_γ will be evaluated. */
  readonly thetaRange: readonly [number, number];
  /** A Lipschitz constant G of f on the grid (≥ 0; 0 by default). Sets the spacing and the extent. */
  readonly lipschitz?: number;
  /** Extent of the grid beyond thetaRange in Gaussian standard deviations (default 12). */
  readonly widthInStd?: number;
  /** Nodes per resolution scale min(σ, 1/(βG)) (default 16). */
  readonly pointsPerScale?: number;
  /** Refuse grids larger than this many nodes (default 4,000,000). */
  readonly maxPoints?: number;
}

export interface LocalEntropyPoint {
  readonly theta: number;
  /** F_γ(θ). */
  readonly value: number;
  /** F′_γ(θ) = γ(θ − mean). */
  readonly derivative: number;
  /** F″_γ(θ) = γ − βγ² variance. */
  readonly secondDerivative: number;
  /** E_p[θ′]. */
  readonly mean: number;
  /** Var_p[θ′]. */
  readonly variance: number;
}

export interface LocalEntropyCurve {
  readonly theta: Float64Array;
  readonly value: Float64Array;
  readonly derivative: Float64Array;
  readonly secondDerivative: Float64Array;
}

// log-weights below the maximum by more than this contribute < e^−45 ≈ 3e-20 each: skipped.
const NEGLIGIBLE_LOG_WEIGHT = 45;
// The density at a grid edge must be below e^−36 ≈ 2e-16 of its peak.
const EDGE_LOG_WEIGHT = 36;
// Nodes per block of the pruning bound.
const BLOCK = 256;

function assertFunction(name: string, f: unknown): asserts f is (theta: number) => number {
  if (typeof f !== "function") throw new TypeError(`${name} must be a function of one number, got ${String(f)}`);
}

/** F_γ, F′_γ and F″_γ of a 1-D function f, by quadrature on a grid fixed at construction. */
export class LocalEntropy1d {
  readonly gamma: number;
  readonly beta: number;
  /** Grid nodes θ′ₖ = start + k·spacing. */
  readonly start: number;
  readonly spacing: number;
  readonly size: number;
  /** f(θ′ₖ) at every node. */
  readonly values: Float64Array;
  // Per block of BLOCK nodes, the smallest f and where it is: an upper bound on every log-weight in
  // the block, so blocks that cannot come within NEGLIGIBLE_LOG_WEIGHT of the peak are skipped.
  private readonly blockMin: Float64Array;
  private readonly blockArgMin: Int32Array;
  private readonly scratch: Float64Array;

  constructor(f: (theta: number) => number, options: LocalEntropyGridOptions) {
    assertFunction("f", f);
    assertObject("options", options);
    assertPositive("gamma", options.gamma);
    assertPositive("beta", options.beta);
    const range = options.thetaRange;
    if (!Array.isArray(range) || range.length !== 2) throw new RangeError(`thetaRange must be [min, max], got ${String(range)}`);
    assertFiniteNumber("thetaRange[0]", range[0]);
    assertFiniteNumber("thetaRange[1]", range[1]);
    if (range[1] < range[0]) throw new RangeError(`thetaRange must satisfy min ≤ max, got [${range[0]}, ${range[1]}]`);
    const lipschitz = options.lipschitz ?? 0;
    const widthInStd = options.widthInStd ?? 12;
    const pointsPerScale = options.pointsPerScale ?? 16;
    const maxPoints = options.maxPoints ?? 4_000_000;
    assertNonNegative("lipschitz", lipschitz);
    assertPositive("widthInStd", widthInStd);
    assertPositive("pointsPerScale", pointsPerScale);
    assertPositive("maxPoints", maxPoints);

    const { gamma, beta } = options;
    const sigma = 1 / Math.sqrt(beta * gamma);
    const resolution = lipschitz > 0 ? Math.min(sigma, 1 / (beta * lipschitz)) : sigma;
    const spacing = resolution / pointsPerScale;
    const width = widthInStd * sigma + lipschitz / gamma;
    const size = Math.ceil((range[1] - range[0] + 2 * width) / spacing) + 1;
    if (!(size <= maxPoints)) {
      throw new RangeError(
        `the grid would need ${size} nodes (> maxPoints = ${maxPoints}) for beta = ${beta}, gamma = ${gamma}, lipschitz = ${lipschitz}; ` +
          `narrow thetaRange, lower pointsPerScale or raise maxPoints`,
      );
    }
    this.gamma = gamma;
    this.beta = beta;
    this.start = range[0] - width;
    this.spacing = spacing;
    this.size = size;
    this.values = new Float64Array(size);
    const blocks = Math.ceil(size / BLOCK);
    this.blockMin = new Float64Array(blocks).fill(Infinity);
    this.blockArgMin = new Int32Array(blocks);
    for (let k = 0; k < size; k++) {
      const t = this.start + k * spacing;
      const v = f(t);
      if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`f(${t}) must be a finite number, got ${String(v)}`);
      this.values[k] = v;
      const b = Math.floor(k / BLOCK);
      if (v < this.blockMin[b]) {
        this.blockMin[b] = v;
        this.blockArgMin[b] = k;
      }
    }
    this.scratch = new Float64Array(size);
  }

  /** The grid node θ′ₖ. */
  node(k: number): number {
    return this.start + k * this.spacing;
  }

  /** F_γ(θ), its first two derivatives and the mean and variance of p_θ. */
  at(theta: number): LocalEntropyPoint {
    assertFiniteNumber("theta", theta);
    const { gamma, beta, start, spacing, size, values, scratch, blockMin, blockArgMin } = this;
    const logWeight = (k: number) => {
      const r = theta - (start + k * spacing);
      return -beta * (values[k] + 0.5 * gamma * r * r);
    };
    const blocks = blockMin.length;
    // A lower bound on the peak log-weight: the best of each block's smallest-f node.
    let floor = -Infinity;
    for (let b = 0; b < blocks; b++) floor = Math.max(floor, logWeight(blockArgMin[b]));
    // Exact log-weights in every block whose upper bound −β(min f + (γ/2)·dist²) can reach the peak.
    const included: number[] = [];
    let peak = -Infinity;
    for (let b = 0; b < blocks; b++) {
      const lo = b * BLOCK;
      const hi = Math.min(size, lo + BLOCK) - 1;
      const tLo = start + lo * spacing;
      const tHi = start + hi * spacing;
      const dist = theta < tLo ? tLo - theta : theta > tHi ? theta - tHi : 0;
      if (-beta * (blockMin[b] + 0.5 * gamma * dist * dist) < floor - NEGLIGIBLE_LOG_WEIGHT) continue;
      included.push(b);
      for (let k = lo; k <= hi; k++) {
        const a = logWeight(k);
        scratch[k] = a;
        if (a > peak) peak = a;
      }
    }
    const first = included[0];
    const last = included[included.length - 1];
    if ((first === 0 && scratch[0] - peak > -EDGE_LOG_WEIGHT) || (last === blocks - 1 && scratch[size - 1] - peak > -EDGE_LOG_WEIGHT)) {
      throw new RangeError(`theta = ${theta}: the Gibbs density is not negligible at the grid edge; widen thetaRange or pass a larger lipschitz / widthInStd`);
    }
    // Moments about the node nearest θ keep the sums well conditioned.
    const centre = start + Math.min(size - 1, Math.max(0, Math.round((theta - start) / spacing))) * spacing;
    let mass = 0;
    let moment = 0;
    for (const b of included) {
      const hi = Math.min(size, (b + 1) * BLOCK);
      for (let k = b * BLOCK; k < hi; k++) {
        const a = scratch[k] - peak;
        // The weight replaces the log-weight for the second pass; negligible nodes get exactly 0.
        const e = a < -NEGLIGIBLE_LOG_WEIGHT ? 0 : Math.exp(a);
        scratch[k] = e;
        mass += e;
        moment += e * (start + k * spacing - centre);
      }
    }
    const shift = moment / mass;
    let second = 0;
    for (const b of included) {
      const hi = Math.min(size, (b + 1) * BLOCK);
      for (let k = b * BLOCK; k < hi; k++) {
        const e = scratch[k];
        if (e === 0) continue;
        const r = start + k * spacing - centre - shift;
        second += e * r * r;
      }
    }
    const mean = centre + shift;
    const variance = second / mass;
    return {
      theta,
      value: -(peak + Math.log(mass * spacing)) / beta,
      derivative: gamma * (theta - mean),
      secondDerivative: gamma - beta * gamma * gamma * variance,
      mean,
      variance,
    };
  }

  value(theta: number): number {
    return this.at(theta).value;
  }

  derivative(theta: number): number {
    return this.at(theta).derivative;
  }

  secondDerivative(theta: number): number {
    return this.at(theta).secondDerivative;
  }

  /** F_γ, F′_γ, F″_γ at every θ (e.g. for plotting F7). */
  curve(thetas: ArrayLike<number>): LocalEntropyCurve {
    const n = thetas.length;
    const out = {
      theta: Float64Array.from(thetas),
      value: new Float64Array(n),
      derivative: new Float64Array(n),
      secondDerivative: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const p = this.at(thetas[i]);
      out.value[i] = p.value;
      out.derivative[i] = p.derivative;
      out.secondDerivative[i] = p.secondDerivative;
    }
    return out;
  }
}

export interface MoreauEnvelopePoint {
  /** min_θ′ f(θ′) + (γ/2)(θ − θ′)². */
  readonly value: number;
  /** The minimiser prox_{f/γ}(θ). */
  readonly prox: number;
  /** γ(θ − prox), the derivative where the prox point is unique. */
  readonly derivative: number;
}

/**
 * The Moreau envelope M_γ f(θ) = min_θ′ f(θ′) + (γ/2)(θ − θ′)² [Standard result: Moreau 1965; the
 * β → ∞ limit of F_γ], with M′ = γ(θ − prox(θ)). The minimum is located on a grid of `points`
 * nodes over [θ − radius, θ + radius] and refined by golden-section search between the neighbours of
 * the best node. For a G-Lipschitz f the prox point is within G/γ of θ, so radius ≥ G/γ suffices;
 * a minimiser on the edge of the interval throws a RangeError. Accuracy: the prox point to ~1e-8
 * relative where the objective is smooth at the minimum (golden section's √(machine ε) limit), to
 * rounding where f has a kink at the minimum; for a nonconvex f, the global minimiser up to the grid
 * resolution.
 */
export function moreauEnvelope(f: (theta: number) => number, gamma: number, theta: number, options: { radius: number; points?: number }): MoreauEnvelopePoint {
  assertFunction("f", f);
  assertPositive("gamma", gamma);
  assertFiniteNumber("theta", theta);
  assertObject("options", options);
  assertPositive("radius", options.radius);
  const points = options.points ?? 2001;
  assertInteger("points", points, 5);
  const objective = (t: number) => {
    const v = f(t);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`f(${t}) must be a finite number, got ${String(v)}`);
    return v + 0.5 * gamma * (theta - t) * (theta - t);
  };
  const lo = theta - options.radius;
  const step = (2 * options.radius) / (points - 1);
  let best = 0;
  let bestValue = Infinity;
  for (let k = 0; k < points; k++) {
    const v = objective(lo + k * step);
    if (v < bestValue) {
      bestValue = v;
      best = k;
    }
  }
  if (best === 0 || best === points - 1) {
    throw new RangeError(`theta = ${theta}: the prox point lies at the edge of [theta − radius, theta + radius]; raise radius (${options.radius})`);
  }
  let a = lo + (best - 1) * step;
  let b = lo + (best + 1) * step;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = objective(c);
  let fd = objective(d);
  const tolerance = 4 * Number.EPSILON * (1 + Math.abs(theta));
  for (let i = 0; i < 200 && b - a > tolerance; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = objective(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = objective(d);
    }
  }
  const prox = fc <= fd ? c : d;
  const value = Math.min(fc, fd, bestValue);
  return { value, prox, derivative: gamma * (theta - prox) };
}

/** The central second difference (f(θ + h) − 2f(θ) + f(θ − h))/h²: → f″ where f is C², ~ jump/h at a kink of f′. */
export function secondDifference(f: (theta: number) => number, theta: number, h: number): number {
  assertFunction("f", f);
  assertFiniteNumber("theta", theta);
  assertPositive("h", h);
  return (f(theta + h) - 2 * f(theta) + f(theta - h)) / (h * h);
}
