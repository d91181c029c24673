// Sweeps of the quadratic–linear toy for notebooks 05 and 06 [Derived here]: where to put θ so that a
// regime or a bound is exactly attained, the local smoothness constant of each regime beside the
// spectral norm of the finite-difference Hessian of the Danskin gradient (the "measured" side), and
// Sinha, Namkoong & Duchi's penalised problem on the same toy.
//
// Geometry used throughout (B = Σ σₖ aₖ vₖᵀ, its SVD; u = Bᵀθ):
//   * θ along a₁ (the top left singular vector) makes u = σ₁ (a₁ᵀθ) v₁: u grows fastest with θ there;
//   * θ ⟂ a₁ makes û ⟂ v₁, so on the L2 sphere (I − ûûᵀ) keeps v₁ and
//     ‖∇²L_ε‖₂ = ρ + ε‖B‖²/‖u‖ exactly: T3's constant is attained, not only an upper bound.
import { assertFiniteVector, column, matMul, matTVec, norm2, symmetricEigen, transpose } from "../core/linalg64";
import type { Norm } from "../core/norms";
import { Rng } from "../core/rng";
import { assertObject, assertPositive } from "../core/validate";
import { interiorSmoothnessConstant, sinhaSmoothnessConstant } from "./bounds";
import { finiteDifferenceHessian, symmetricSpectralNorm } from "./finite-differences";
import { QuadraticLinearToy, type ToyRegime } from "./toy-quad-linear";

/** θ along `direction` scaled so that ‖u‖₂ = ‖Bᵀθ‖₂ = inputNorm. */
export function thetaWithInputNorm(toy: QuadraticLinearToy, direction: ArrayLike<number>, inputNorm: number): Float64Array {
  assertFiniteVector("direction", direction, toy.m);
  assertPositive("inputNorm", inputNorm);
  const r = norm2(matTVec(toy.B, toy.m, toy.d, direction));
  if (!(r > 0)) throw new RangeError("direction must not lie in the null space of Bᵀ (then u = 0 for every scale)");
  return Float64Array.from(direction, (v) => (v * inputNorm) / r);
}

/** a₁: the unit θ-direction with ‖Bᵀa₁‖ = ‖B‖₂ (top eigenvector of BBᵀ). */
export function steepestDirection(toy: QuadraticLinearToy): Float64Array {
  const gram = matMul(toy.B, toy.m, toy.d, transpose(toy.B, toy.m, toy.d), toy.m);
  return column(symmetricEigen(gram, toy.m).vectors, toy.m, 0);
}

/**
 * A seeded unit θ-direction orthogonal to a₁ (so that û ⟂ v₁ and T3's constant is attained on the L2
 * sphere). Needs m ≥ 2 and Bᵀ non-zero on that direction.
 */
export function flatDirection(toy: QuadraticLinearToy, seed = 0): Float64Array {
  if (toy.m < 2) throw new RangeError(`flatDirection needs dim θ = rows ≥ 2, got ${toy.m}`);
  const a1 = steepestDirection(toy);
  const v = new Rng(seed).normalArray(toy.m);
  const along = v.reduce((s, x, i) => s + x * a1[i], 0);
  const w = v.map((x, i) => x - along * a1[i]);
  const length = norm2(w);
  return w.map((x) => x / length);
}

/** One θ of a sweep: the regime, the theory's local constant and the measured Hessian norm. */
export interface ConstantRow {
  /** ‖u‖₂ = ‖Bᵀθ‖₂. */
  readonly inputNorm: number;
  /** ‖∇ₓℓ(x + δ*, θ)‖₂ (S4's flatness): 0 in the interior, ‖u‖ − με on the L2 sphere. */
  readonly inputGradientNorm: number;
  readonly regime: ToyRegime;
  /** toy.localConstant: T2's ρ + ‖B‖²/μ inside, T3's ρ + ε‖B‖²/‖u‖ on the L2 sphere, T4(a)'s under L∞. */
  readonly formula: number;
  /** ‖∇²L_ε(θ)‖₂ from central differences of the Danskin gradient. */
  readonly measured: number;
  /** The difference step used (smaller than the given one near a regime change). */
  readonly step: number;
}

/**
 * For θ on the ray `direction` at each ‖u‖ in `inputNorms`: the local constant the theory gives and the
 * spectral norm of the finite-difference Hessian (step h, shrunk to a tenth of the distance to the next
 * regime change so both sides of θ lie in one smooth piece, and to 1e-5·‖u‖/‖B‖ near u = 0).
 */
export function constantProfile(toy: QuadraticLinearToy, direction: ArrayLike<number>, inputNorms: readonly number[], norm: Norm, h = 1e-5): ConstantRow[] {
  assertPositive("h", h);
  return inputNorms.map((r) => {
    const theta = thetaWithInputNorm(toy, direction, r);
    // On the sphere the third derivative grows like 1/‖u‖², so the O(h²) error relative to the curvature
    // is ~(step·‖B‖/‖u‖)²: the step also shrinks with ‖u‖ (1e-5·‖u‖/‖B‖ keeps it near 1e-10).
    const step = Math.min(h, (0.1 * toy.kinkDistance(theta, norm)) / toy.operatorNorm, (1e-5 * r) / toy.operatorNorm);
    if (!(step > 0)) throw new RangeError(`‖u‖ = ${r} lies on a regime change (distance 0): no one-sided smooth piece to difference in`);
    const H = finiteDifferenceHessian((t) => toy.gradient(t, norm), theta, step);
    return {
      inputNorm: r,
      inputGradientNorm: toy.inputGradientNorm(theta, norm),
      regime: toy.regime(theta, norm),
      formula: toy.localConstant(theta, norm),
      measured: symmetricSpectralNorm(H, toy.m),
      step,
    };
  });
}

/** Sinha et al.'s Lemma 1 on the toy, at one penalty γ. */
export interface PenaltyRow {
  readonly gamma: number;
  /** ‖∇²φ_γ‖₂ of the penalised loss φ_γ(θ) = sup_δ ℓ(x + δ, θ) − (γ/2)‖δ‖², from finite differences. */
  readonly measured: number;
  /** Lemma 1's L_θθ + L_θx L_xθ/(γ − L_xx) with L_xx = μ (Infinity for γ ≤ μ). */
  readonly sinha: number;
  /** T2's L_θθ + L_θx L_xθ/μ' with μ' = μ + γ, the true strong concavity of the penalised inner problem. */
  readonly interior: number;
}

/**
 * The penalised robust loss of Sinha, Namkoong & Duchi (2018) on the toy: the inner problem
 * sup_δ θᵀB(x + δ) − ((μ + γ)/2)‖δ‖² is unconstrained and (μ + γ)-strongly concave, i.e. the toy with
 * concavity μ + γ and no active constraint. Its Hessian ρI + BBᵀ/(μ + γ) is measured at `theta` by
 * finite differences, beside Lemma 1's constant (with L_xx = μ, the Lipschitz constant of ∇ₓℓ = u − μδ)
 * and T2's with the true concavity.
 */
export function penaltyComparison(toy: QuadraticLinearToy, theta: ArrayLike<number>, gammas: readonly number[], h = 1e-5): PenaltyRow[] {
  assertObject("toy", toy);
  assertFiniteVector("theta", theta, toy.m);
  const assumptions = toy.assumptions();
  return gammas.map((gamma) => {
    assertPositive("gamma", gamma);
    // No constraint: a radius so large that ‖u‖ < (μ + γ)ε everywhere one looks.
    const penalised = new QuadraticLinearToy({ B: toy.B, rows: toy.m, cols: toy.d, mu: toy.mu + gamma, rho: toy.rho, eps: 1e100, x: toy.x });
    const H = finiteDifferenceHessian((t) => penalised.gradient(t, "l2"), theta, h);
    return {
      gamma,
      measured: symmetricSpectralNorm(H, toy.m),
      sinha: sinhaSmoothnessConstant(assumptions, gamma, toy.mu),
      interior: interiorSmoothnessConstant(assumptions, toy.mu + gamma),
    };
  });
}

/** ‖δ*(θ + h v̂) − δ*(θ)‖₂ / h: how fast the exact attack moves with θ (T2: at most ‖B‖/μ inside). */
export function attackSpeed(toy: QuadraticLinearToy, theta: ArrayLike<number>, direction: ArrayLike<number>, h: number, norm: Norm): number {
  assertFiniteVector("theta", theta, toy.m);
  assertFiniteVector("direction", direction, toy.m);
  assertPositive("h", h);
  const length = norm2(direction);
  const moved = Float64Array.from(theta, (t, i) => t + (h * direction[i]) / length);
  const a = toy.attack(theta, norm);
  const b = toy.attack(moved, norm);
  return norm2(b.map((v, i) => v - a[i])) / h;
}
