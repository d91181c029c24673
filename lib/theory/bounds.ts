// The constants of the theory (paper-spec §3), each next to its formula and its label:
//   [Standard result]  published elsewhere (the source is named), and
//   [Derived here]     this project's reconstruction, not a quotation of the paper.
// Notation (A1): L_θθ, L_θx, L_xθ, L_xx are Lipschitz constants of ∇_θℓ and ∇_xℓ in θ and x; L_θ is
// the Lipschitz constant of ℓ in θ; ε the attack radius; μ the strong concavity of ℓ in x near δ*.
//
// Conventions: every function validates its arguments and throws a RangeError naming the argument
// and its value. Where a formula's denominator vanishes or changes sign, so that the statement
// certifies nothing (T3 with ‖∇ₓℓ‖ ≤ εL_xx, Sinha's Lemma 1 with γ ≤ L_xx, T1(a) at w = 0), the
// function returns Infinity rather than throwing: "no finite constant" is a meaningful answer to
// plot, and callers that need a finite number can test Number.isFinite.

import type { LpNorm } from "../core/norms";
import { assertFiniteNumber, assertNonNegative, assertObject, assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";

function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

// ---------------------------------------------------------------------------------------------
// P0 and L1: the prior bound and the decomposition

export interface SmoothnessAssumptions {
  /** L_θθ: ‖∇_θℓ(x, θ₁) − ∇_θℓ(x, θ₂)‖ ≤ L_θθ‖Δθ‖. */
  readonly thetaTheta: number;
  /** L_θx: ‖∇_θℓ(x₁, θ) − ∇_θℓ(x₂, θ)‖ ≤ L_θx‖Δx‖. */
  readonly thetaX: number;
}

function assertAssumptions(a: SmoothnessAssumptions): void {
  assertObject("assumptions", a);
  assertNonNegative("thetaTheta", a.thetaTheta);
  assertNonNegative("thetaX", a.thetaX);
}

/**
 * P0 [Standard result: Liu, Salzmann, Lin, Tomioka, Süsstrunk, NeurIPS 2020, commonly cited form]:
 *     ‖∇L_ε(θ₁) − ∇L_ε(θ₂)‖ ≤ L_θθ‖Δθ‖ + 2εL_θx.
 * The offset 2εL_θx (two attacks differ by at most the ball's diameter 2ε) does not vanish as
 * ‖Δθ‖ → 0, so this bound allows the gradient to jump. L_θx is measured against ‖Δx‖_p in the threat
 * norm, whose ball has diameter 2ε; with L_θx measured in ℓ2 instead, replace ε by the ℓ2 radius of
 * the ball (ε for L2, ε√d for L∞, see `ballRadius2`). Returns the right-hand side.
 */
export function priorGradientBound(assumptions: SmoothnessAssumptions, eps: number, parameterDistance: number): number {
  assertAssumptions(assumptions);
  assertNonNegative("eps", eps);
  assertNonNegative("parameterDistance", parameterDistance);
  return assumptions.thetaTheta * parameterDistance + 2 * eps * assumptions.thetaX;
}

/**
 * P0, first half [Standard result: Liu et al. 2020]: |L_ε(θ₁) − L_ε(θ₂)| ≤ L_θ‖Δθ‖ (the max over the
 * ball of L_θ-Lipschitz functions is L_θ-Lipschitz). Returns the right-hand side.
 */
export function priorLossBound(lossLipschitz: number, parameterDistance: number): number {
  assertNonNegative("lossLipschitz", lossLipschitz);
  assertNonNegative("parameterDistance", parameterDistance);
  return lossLipschitz * parameterDistance;
}

/** The ℓ2 radius of the threat ball: ε for "l2", ε√d for "linf" (its corners), ε for "l1". */
export function ballRadius2(eps: number, norm: LpNorm, dimension: number): number {
  assertNonNegative("eps", eps);
  assertPositiveInteger("dimension", dimension);
  assertOneOf("norm", norm, ["l2", "linf", "l1"] as const);
  return norm === "linf" ? eps * Math.sqrt(dimension) : eps;
}

/**
 * L1, decomposition lemma [Derived here]: with δᵢ = δ*(x, θᵢ),
 *     ‖∇L_ε(θ₁) − ∇L_ε(θ₂)‖ ≤ L_θθ‖θ₁ − θ₂‖ + L_θx‖δ*(θ₁) − δ*(θ₂)‖
 * (add and subtract ∇_θℓ(x + δ₁, θ₂), then the triangle inequality). P0 is the worst case
 * ‖Δδ*‖ ≤ 2ε. Returns the right-hand side.
 */
export function decompositionBound(assumptions: SmoothnessAssumptions, parameterDistance: number, attackDistance: number): number {
  assertAssumptions(assumptions);
  assertNonNegative("parameterDistance", parameterDistance);
  assertNonNegative("attackDistance", attackDistance);
  return assumptions.thetaTheta * parameterDistance + assumptions.thetaX * attackDistance;
}

// ---------------------------------------------------------------------------------------------
// T1: binary linear classification with the logistic loss

/**
 * T1(a), L2 constraint [Derived here]: for w₁, w₂ ≠ 0 and R = maxₙ‖xₙ‖₂,
 *     ‖∇ℓ⁽²⁾_ε(w₁) − ∇ℓ⁽²⁾_ε(w₂)‖ ≤ [¼(R + ε)² + 2ε / max(‖w₁‖, ‖w₂‖)] ‖w₁ − w₂‖.
 * (σ is ¼-Lipschitz and ≤ 1, ‖−yx + εŵ‖ ≤ R + ε, and ‖ŵ₁ − ŵ₂‖ ≤ 2‖w₁ − w₂‖/max(‖w₁‖, ‖w₂‖).)
 * Returns the bracket; Infinity when both norms are 0 (the cone point w = 0).
 */
export function linearL2SmoothnessConstant(radius: number, eps: number, normW1: number, normW2: number): number {
  assertNonNegative("radius", radius);
  assertNonNegative("eps", eps);
  assertNonNegative("normW1", normW1);
  assertNonNegative("normW2", normW2);
  const larger = Math.max(normW1, normW2);
  const curvature = eps === 0 ? 0 : larger === 0 ? Infinity : (2 * eps) / larger;
  return 0.25 * (radius + eps) ** 2 + curvature;
}

/**
 * T1(b), L∞ constraint, where the sign pattern of w is fixed [Derived here]: the loss is smooth with
 * constant ¼(R + ε√d)² (there n_∞ = sign(w) is constant and ‖−yx + ε sign(w)‖ ≤ R + ε√d).
 */
export function linearLinfSmoothRegionConstant(radius: number, eps: number, dimension: number): number {
  assertNonNegative("radius", radius);
  assertNonNegative("eps", eps);
  assertPositiveInteger("dimension", dimension);
  return 0.25 * (radius + eps * Math.sqrt(dimension)) ** 2;
}

/**
 * T1(b), the jump [Derived here]: crossing a hyperplane w_i = 0, sign(w_i) flips and the gradient
 * σ(u)(−yx + ε sign(w)) changes by 2εσ(u) in coordinate i (plus O(‖Δw‖) from σ), so no Lipschitz
 * constant exists. For a batch mean, pass every example's margin uₙ: the jump is 2ε·meanₙ σ(uₙ).
 * Returns the size of the jump in the limit ‖Δw‖ → 0.
 */
export function linearLinfGradientJump(eps: number, margin: number | ArrayLike<number>): number {
  assertNonNegative("eps", eps);
  if (typeof margin === "number") {
    assertFiniteNumber("margin", margin);
    return 2 * eps * sigmoid(margin);
  }
  if (margin === null || typeof margin !== "object" || margin.length === 0) {
    throw new RangeError(`margin must be a number or a non-empty array of numbers, got ${String(margin)}`);
  }
  let s = 0;
  for (let n = 0; n < margin.length; n++) {
    assertFiniteNumber(`margin[${n}]`, margin[n]);
    s += sigmoid(margin[n]);
  }
  return (2 * eps * s) / margin.length;
}

// ---------------------------------------------------------------------------------------------
// T2 and Sinha et al.: interior optimum / penalised attack

export interface CrossLipschitz extends SmoothnessAssumptions {
  /** L_xθ: ‖∇ₓℓ(x, θ₁) − ∇ₓℓ(x, θ₂)‖ ≤ L_xθ‖Δθ‖. */
  readonly xTheta: number;
}

function assertCross(a: CrossLipschitz): void {
  assertAssumptions(a);
  assertNonNegative("xTheta", a.xTheta);
}

/**
 * T2, interior optimum [Derived here]: if ‖δ*‖_p < ε and ∇²ₓₓℓ ⪯ −μI near δ*, the implicit function
 * theorem gives ‖Δδ*‖ ≤ (L_xθ/μ)‖Δθ‖, hence the local smoothness constant
 *     L_θθ + L_θx L_xθ / μ.
 * Attained by the quadratic–linear toy in its interior (ρ + ‖B‖²/μ).
 */
export function interiorSmoothnessConstant(assumptions: CrossLipschitz, mu: number): number {
  assertCross(assumptions);
  assertPositive("mu", mu);
  return assumptions.thetaTheta + (assumptions.thetaX * assumptions.xTheta) / mu;
}

/** T2's attack Lipschitz constant L_xθ/μ [Derived here]: ‖δ*(θ₁) − δ*(θ₂)‖ ≤ (L_xθ/μ)‖Δθ‖ locally. */
export function interiorAttackLipschitz(xTheta: number, mu: number): number {
  assertNonNegative("xTheta", xTheta);
  assertPositive("mu", mu);
  return xTheta / mu;
}

/**
 * Sinha, Namkoong & Duchi 2018, Lemma 1 [Standard result]: the penalised robust loss
 * φ_γ(θ; x) = sup_z ℓ(z, θ) − (γ/2)‖z − x‖² with penalty γ > L_xx is smooth with constant
 *     L_θθ + L_θx L_xθ / (γ − L_xx).
 * Returns Infinity when γ ≤ L_xx (the inner problem need not be strongly concave; no constant).
 */
export function sinhaSmoothnessConstant(assumptions: CrossLipschitz, penalty: number, xx: number): number {
  assertCross(assumptions);
  assertPositive("penalty", penalty);
  assertNonNegative("xx", xx);
  const gap = penalty - xx;
  if (gap <= 0) return Infinity;
  return assumptions.thetaTheta + (assumptions.thetaX * assumptions.xTheta) / gap;
}

// ---------------------------------------------------------------------------------------------
// T3: L2 constraint active

/**
 * T3 attack sensitivity [Derived here]: on the sphere ‖δ*‖₂ = ε, with λ = ‖∇ₓℓ(x + δ*)‖₂/ε > L_xx,
 *     ‖Δδ*‖ ≲ ε L_xθ / (‖∇ₓℓ(x + δ*, θ)‖₂ − ε L_xx) · ‖Δθ‖.
 * `xx` may be negative to pass a known curvature in place of the Lipschitz bound (the toy's true
 * curvature is −μ). Returns Infinity when the denominator is ≤ 0 (the statement does not apply).
 */
export function l2BoundaryAttackLipschitz(xTheta: number, xx: number, eps: number, inputGradientNorm: number): number {
  assertNonNegative("xTheta", xTheta);
  assertFiniteNumber("xx", xx);
  assertNonNegative("eps", eps);
  assertNonNegative("inputGradientNorm", inputGradientNorm);
  const denominator = inputGradientNorm - eps * xx;
  if (denominator <= 0) return Infinity;
  return (eps * xTheta) / denominator;
}

/**
 * T3 local constant [Derived here]:
 *     β_loc = L_θθ + ε L_θx L_xθ / (‖∇ₓℓ(x + δ*, θ)‖₂ − ε L_xx),   valid when ‖∇ₓℓ‖₂ > ε L_xx.
 * A flatter input landscape at the adversarial point (smaller ‖∇ₓℓ‖) gives a larger constant (C4).
 * Returns Infinity when ‖∇ₓℓ‖₂ − εL_xx ≤ 0. With xx = −μ (true curvature) it is the toy's
 * L2-boundary constant ρ + ε‖B‖²/(‖∇ₓℓ‖ + με).
 */
export function l2BoundaryLocalConstant(assumptions: CrossLipschitz, xx: number, eps: number, inputGradientNorm: number): number {
  assertCross(assumptions);
  const sensitivity = l2BoundaryAttackLipschitz(assumptions.xTheta, xx, eps, inputGradientNorm);
  if (!Number.isFinite(sensitivity)) return Infinity;
  return assumptions.thetaTheta + assumptions.thetaX * sensitivity;
}

// ---------------------------------------------------------------------------------------------
// T5: local entropy

function assertTemperatureScope(beta: number, gamma: number): void {
  assertPositive("beta", beta);
  assertPositive("gamma", gamma);
}

/**
 * T5 Stein radius [Derived here, building on Chaudhari et al. 2017]: under
 * p_θ(θ′) ∝ exp(−β[L(θ′) + (γ/2)‖θ − θ′‖²]) with L G-Lipschitz on ℝᵐ, Stein's identity
 * E[(θ′ − θ)·∇log p] = −m gives βγ E‖θ′ − θ‖² ≤ m + βG (E‖θ′ − θ‖²)^½, hence E‖θ′ − θ‖² ≤ s² with
 *     s = (βG + √(β²G² + 4βγm)) / (2βγ).
 */
export function steinRadius(beta: number, gamma: number, lipschitz: number, dimension: number): number {
  assertTemperatureScope(beta, gamma);
  assertNonNegative("lipschitz", lipschitz);
  assertPositiveInteger("dimension", dimension);
  const bg = beta * lipschitz;
  return (bg + Math.sqrt(bg * bg + 4 * beta * gamma * dimension)) / (2 * beta * gamma);
}

/**
 * T5.3 [Derived here]: ∇²F_γ = γI − βγ² Cov_p[θ′] with 0 ⪯ Cov ⪯ s²I (trace bound), so
 *     ‖∇F_γ(θ₁) − ∇F_γ(θ₂)‖ ≤ max(γ, βγ²s² − γ) ‖θ₁ − θ₂‖
 * for any G-Lipschitz L (no smoothness of L needed). Returns max(γ, βγ²s² − γ).
 */
export function localEntropySmoothnessConstant(beta: number, gamma: number, lipschitz: number, dimension: number): number {
  const s = steinRadius(beta, gamma, lipschitz, dimension);
  return Math.max(gamma, beta * gamma * gamma * s * s - gamma);
}

/**
 * T5.1–2 [Derived here; Brascamp–Lieb is a Standard result]: the Hessian of F_γ lies in
 * [lower, γ]·I, with lower = 0 when L is convex (Cov ⪯ (βγ)⁻¹I) and, otherwise, the Stein-radius
 * bound γ − βγ²s² (then `lipschitz` G and `dimension` m are required; a missing one is a RangeError).
 */
export function localEntropyHessianInterval(
  beta: number,
  gamma: number,
  options: { readonly convex: boolean; readonly lipschitz?: number; readonly dimension?: number },
): { lower: number; upper: number } {
  assertTemperatureScope(beta, gamma);
  assertObject("options", options);
  if (options.convex) return { lower: 0, upper: gamma };
  const s = steinRadius(beta, gamma, options.lipschitz as number, options.dimension as number);
  return { lower: gamma - beta * gamma * gamma * s * s, upper: gamma };
}

// ---------------------------------------------------------------------------------------------
// C1′: convergence of SGD on a smooth objective

export interface SgdConvergenceInputs {
  /** F(θ₀) − F*, the initial suboptimality (≥ 0). */
  readonly initialGap: number;
  /** Step size η, at most 1/β_F. */
  readonly stepSize: number;
  /** Number of steps T. */
  readonly steps: number;
  /** β_F, the smoothness constant of F. */
  readonly smoothness: number;
  /** σ², the variance of the stochastic gradient. */
  readonly gradientVariance: number;
}

/**
 * C1′ [Derived here; uses Ghadimi & Lan 2013, Standard result]: for a β_F-smooth F and SGD with step
 * η ≤ 1/β_F and unbiased gradients of variance σ²,
 *     (1/T) Σ_{t<T} E‖∇F(θ_t)‖² ≤ 2(F(θ₀) − F*)/(ηT) + ηβ_Fσ².
 * For F = F_γ, β_F is T5's constant, a guarantee plain AT lacks (L_ε has no finite β).
 * Throws a RangeError when η > 1/β_F (the bound does not hold there).
 */
export function sgdConvergenceBound(inputs: SgdConvergenceInputs): number {
  assertObject("inputs", inputs);
  assertNonNegative("initialGap", inputs.initialGap);
  assertPositive("stepSize", inputs.stepSize);
  assertPositiveInteger("steps", inputs.steps);
  assertPositive("smoothness", inputs.smoothness);
  assertNonNegative("gradientVariance", inputs.gradientVariance);
  if (inputs.stepSize * inputs.smoothness > 1) {
    throw new RangeError(`stepSize must be ≤ 1/smoothness = ${1 / inputs.smoothness}, got ${inputs.stepSize}`);
  }
  const { initialGap, stepSize, steps, smoothness, gradientVariance } = inputs;
  return (2 * initialGap) / (stepSize * steps) + stepSize * smoothness * gradientVariance;
}
