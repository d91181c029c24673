// Full-batch gradient descent with a fixed learning rate on T1's exact adversarial loss of the binary
// linear model, in float64 (E1's "fixed-lr GD curve", paper-spec §7) [Project design]:
//     w_{t+1} = w_t − η ∇L_ε(w_t),   ∇L_ε = meanₙ σ(uₙ)(−yₙxₙ + ε n_p(w))   (lib/losses/adversarial-linear.ts).
// A β-smooth loss decreases at every step when η < 2/β (the descent lemma, a Standard result). Under
// L∞ the gradient jumps by 2ε·mean σ(u) across every hyperplane wᵢ = 0 (T1(b)); once the ε‖w‖₁ term
// has pulled a coordinate to 0 the iterate steps back and forth across it with amplitude about
// η·(that jump), whatever η, and the loss goes up and down with it. `oscillation` counts both.
import { assertFiniteVector } from "../core/linalg64";
import { LP_NORMS, type LpNorm } from "../core/norms";
import { assertInteger, assertNonNegative, assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";
import { meanAdversarialLoss, meanAdversarialLossGradient, type Rows64 } from "../losses/adversarial-linear";

export interface LinearGradientDescentOptions {
  readonly X: Rows64;
  /** Labels ±1, one per row. */
  readonly y: ArrayLike<number>;
  readonly eps: number;
  readonly norm: LpNorm;
  /** w₀. */
  readonly start: Float64Array;
  /** The fixed learning rate η. */
  readonly stepSize: number;
  readonly steps: number;
}

export interface LinearGradientDescentResult {
  /** w₀ … w_T (T + 1 points). */
  readonly weights: Float64Array[];
  /** L_ε(w₀) … L_ε(w_T). */
  readonly losses: number[];
}

export function linearGradientDescent(options: LinearGradientDescentOptions): LinearGradientDescentResult {
  const { X, y, eps, norm, start, stepSize, steps } = options;
  assertNonNegative("eps", eps);
  assertOneOf("norm", norm, LP_NORMS);
  assertFiniteVector("start", start);
  assertPositive("stepSize", stepSize);
  assertPositiveInteger("steps", steps);
  let w = Float64Array.from(start);
  const weights = [w];
  const losses = [meanAdversarialLoss(w, X, y, eps, norm)];
  for (let t = 0; t < steps; t++) {
    const g = meanAdversarialLossGradient(w, X, y, eps, norm);
    w = w.map((wi, i) => wi - stepSize * g[i]);
    weights.push(w);
    losses.push(meanAdversarialLoss(w, X, y, eps, norm));
  }
  return { weights, losses };
}

/** Sign changes along a sequence, ignoring entries with |value| ≤ tolerance (rounding-level noise). */
export function signChanges(values: ArrayLike<number>, tolerance = 0): number {
  assertNonNegative("tolerance", tolerance);
  let previous = 0;
  let changes = 0;
  for (let k = 0; k < values.length; k++) {
    if (!(Math.abs(values[k]) > tolerance)) continue;
    const sign = Math.sign(values[k]);
    if (previous !== 0 && sign !== previous) changes += 1;
    previous = sign;
  }
  return changes;
}

export interface Oscillation {
  /** Steps looked at: from step `from` to the end. */
  readonly steps: number;
  /** Steps whose loss is above the previous one by more than the tolerance. */
  readonly lossIncreases: number;
  /** Sign changes of the loss decrease L_t − L_{t+1}. */
  readonly decreaseSignChanges: number;
  /** Sign changes of each coordinate w_i. */
  readonly weightSignChanges: number[];
}

/**
 * How much a trajectory oscillates from step `from` on (default 0). Loss changes of at most
 * `tolerance`·(1 + |L_t|) (default 1e-12) are rounding, not movement, and are not counted.
 */
export function oscillation(trajectory: LinearGradientDescentResult, from = 0, tolerance = 1e-12): Oscillation {
  const { weights, losses } = trajectory;
  assertInteger("from", from, 0);
  if (from >= losses.length - 1) throw new RangeError(`from must be below the last step ${losses.length - 1}, got ${from}`);
  assertNonNegative("tolerance", tolerance);
  const decreases: number[] = [];
  for (let t = from; t < losses.length - 1; t++) {
    const change = losses[t] - losses[t + 1];
    decreases.push(Math.abs(change) > tolerance * (1 + Math.abs(losses[t])) ? change : 0);
  }
  const tail = weights.slice(from);
  return {
    steps: decreases.length,
    lossIncreases: decreases.filter((change) => change < 0).length,
    decreaseSignChanges: signChanges(decreases),
    weightSignChanges: Array.from(weights[0], (_, i) => signChanges(tail.map((w) => w[i]))),
  };
}
