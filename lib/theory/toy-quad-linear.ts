// The quadratic–linear toy of T2 [Derived here] (notebooks 05–07), in float64:
//     ℓ(x + δ, θ) = θᵀB(x + δ) − (μ/2)‖δ‖² + (ρ/2)‖θ‖²,    u = Bᵀθ = ∇_δ ℓ at δ = 0,
// with θ ∈ ℝᵐ, x, δ ∈ ℝᵈ and B an m×d matrix. Here L_θθ = ρ, L_θx = L_xθ = ‖B‖₂ and ∇²ₓₓℓ = −μI, so
// every regime of T2–T4 has a closed form:
//   * interior (‖δ*‖ < ε):  δ* = u/μ,  ∇²L_ε = ρI + BBᵀ/μ  (T2 attained: ‖∇²L_ε‖ = ρ + ‖B‖²/μ);
//   * L2 boundary (‖u‖ > με): δ* = εu/‖u‖,  ∇²L_ε = ρI + (ε/‖u‖) B(I − ûûᵀ)Bᵀ, and
//     ‖∇ₓℓ(x + δ*)‖ = ‖u‖ − με, so the local constant is ρ + ε‖B‖²/(‖∇ₓℓ‖ + με) (T3 with the true
//     curvature −μ in place of +L_xx);
//   * L∞: δ*_i = clip(u_i/μ, ±ε). Up to the linear and ρ terms, L_ε = Σᵢ hᵢ(uᵢ) with the Huber
//     function h(u) = u²/(2μ) for |u| ≤ με and ε|u| − με²/2 beyond, so ∇²L_ε = ρI + (1/μ) Σ_{free i} bᵢbᵢᵀ
//     (bᵢ = column i of B, "free" = |uᵢ| < με). With μ → 0 this tends to ε‖u‖₁ (non-smooth on d
//     hyperplanes) while the L2 version tends to ε‖u‖₂ (non-smooth only at u = 0): T1's structure.
// Danskin: ∇L_ε(θ) = B(x + δ*) + ρθ.
//
// Storage: B is row-major m×d, entry (i, j) at B[i·d + j]; row i multiplies θᵢ, column j multiplies
// (x + δ)ⱼ. Hessians are row-major m×m.
//
// Where regimes meet (‖u‖ = με for L2, |uᵢ| = με for L∞) δ*, L_ε and ∇L_ε are continuous and the
// Hessian is one-sided; `hessian` returns the formula of the regime `regime` reports, which counts
// the meeting point as boundary/saturated. With μ = 0 there is no interior: δ* = εû (L2) or
// ε sign(u) (L∞), and at u = 0 (L2) or uᵢ = 0 (L∞) every δ in the ball (that coordinate) is optimal:
// δ* = 0 there (that coordinate) is returned, and the L2 Hessian at u = 0 does not exist (RangeError).

import { assertNonNegative, assertObject, assertOneOf, assertPositiveInteger } from "../core/validate";
import { ballRadius2, decompositionBound, priorGradientBound, type CrossLipschitz } from "./bounds";
import { assertFiniteVector, distance2, dot, matTVec, matVec, norm2, spectralNorm } from "../core/linalg64";
import { NORMS, type Norm } from "../core/norms";

/** "interior": every constraint inactive; "l2-boundary": ‖δ*‖₂ = ε; L∞ with some / all coordinates at ±ε. */
export type ToyRegime = "interior" | "l2-boundary" | "linf-face" | "linf-vertex";

/** One step across a switching hyperplane: the gradient change and the bounds L1 and P0 put on it. */
export interface CrossingRow {
  readonly h: number;
  /** ‖∇L_ε(θ₂) − ∇L_ε(θ₁)‖₂. */
  readonly gradientChange: number;
  /** ‖δ*(θ₂) − δ*(θ₁)‖₂. */
  readonly attackMove: number;
  /** L1: L_θθ·h + L_θx·‖Δδ*‖. */
  readonly decompositionBound: number;
  /** P0: L_θθ·h + 2ε_2·L_θx, with ε_2 the ℓ2 radius of the ball (the worst case of ‖Δδ*‖). */
  readonly priorBound: number;
}

export interface QuadraticLinearToyOptions {
  /** Row-major m×d matrix B (entry (i, j) at B[i·d + j]). */
  readonly B: ArrayLike<number>;
  /** m = dim θ. */
  readonly rows: number;
  /** d = dim x. */
  readonly cols: number;
  /** μ ≥ 0: the concavity of ℓ in δ. */
  readonly mu: number;
  /** ρ ≥ 0: the ridge term on θ (L_θθ). */
  readonly rho: number;
  /** ε ≥ 0: the attack radius. */
  readonly eps: number;
  /** The clean input x (length d); zeros by default. It only shifts ∇L_ε by Bx. */
  readonly x?: ArrayLike<number>;
}

export class QuadraticLinearToy {
  readonly B: Float64Array;
  readonly m: number;
  readonly d: number;
  readonly mu: number;
  readonly rho: number;
  readonly eps: number;
  readonly x: Float64Array;
  /** ‖B‖₂, the largest singular value: L_θx = L_xθ. */
  readonly operatorNorm: number;

  constructor(options: QuadraticLinearToyOptions) {
    assertObject("options", options);
    const { rows, cols } = options;
    assertPositiveInteger("rows", rows);
    assertPositiveInteger("cols", cols);
    assertFiniteVector("B", options.B, rows * cols);
    assertNonNegative("mu", options.mu);
    assertNonNegative("rho", options.rho);
    assertNonNegative("eps", options.eps);
    if (options.x !== undefined) assertFiniteVector("x", options.x, cols);
    this.B = Float64Array.from(options.B);
    this.m = rows;
    this.d = cols;
    this.mu = options.mu;
    this.rho = options.rho;
    this.eps = options.eps;
    this.x = options.x === undefined ? new Float64Array(cols) : Float64Array.from(options.x);
    this.operatorNorm = spectralNorm(this.B, rows, cols);
  }

  /** A1's constants for this toy: L_θθ = ρ, L_θx = L_xθ = ‖B‖₂ (inputs to lib/theory/bounds). */
  assumptions(): CrossLipschitz {
    return { thetaTheta: this.rho, thetaX: this.operatorNorm, xTheta: this.operatorNorm };
  }

  private check(theta: ArrayLike<number>, norm?: Norm): void {
    assertFiniteVector("theta", theta, this.m);
    if (norm !== undefined) assertOneOf("norm", norm, NORMS);
  }

  /** u = Bᵀθ, the input gradient ∇_δℓ at δ = 0. */
  inputDirection(theta: ArrayLike<number>): Float64Array {
    this.check(theta);
    return matTVec(this.B, this.m, this.d, theta);
  }

  /** ℓ(x + δ, θ) for any δ (e.g. to run projected ascent against the closed form). */
  innerLoss(theta: ArrayLike<number>, delta: ArrayLike<number>): number {
    this.check(theta);
    assertFiniteVector("delta", delta, this.d);
    const u = matTVec(this.B, this.m, this.d, theta);
    let s = 0;
    for (let j = 0; j < this.d; j++) s += u[j] * (this.x[j] + delta[j]) - 0.5 * this.mu * delta[j] * delta[j];
    return s + 0.5 * this.rho * dot(theta, theta);
  }

  /** ∇ₓℓ(x + δ, θ) = u − μδ. */
  innerGradient(theta: ArrayLike<number>, delta: ArrayLike<number>): Float64Array {
    this.check(theta);
    assertFiniteVector("delta", delta, this.d);
    const u = matTVec(this.B, this.m, this.d, theta);
    for (let j = 0; j < this.d; j++) u[j] -= this.mu * delta[j];
    return u;
  }

  private attackFromDirection(u: Float64Array, norm: Norm): Float64Array {
    const { mu, eps, d } = this;
    const out = new Float64Array(d);
    if (norm === "l2") {
      const r = norm2(u);
      if (r > 0 && r >= mu * eps) for (let j = 0; j < d; j++) out[j] = (eps * u[j]) / r;
      else if (mu > 0) for (let j = 0; j < d; j++) out[j] = u[j] / mu;
      return out;
    }
    for (let j = 0; j < d; j++) out[j] = Math.abs(u[j]) >= mu * eps ? eps * Math.sign(u[j]) : u[j] / mu;
    return out;
  }

  /** The exact optimal attack δ*(θ) (interior u/μ, L2 boundary εû, L∞ clip(uᵢ/μ, ±ε)). */
  attack(theta: ArrayLike<number>, norm: Norm): Float64Array {
    this.check(theta, norm);
    return this.attackFromDirection(matTVec(this.B, this.m, this.d, theta), norm);
  }

  /** The adversarial loss L_ε(θ) = ℓ(x + δ*, θ) = uᵀ(x + δ*) − (μ/2)‖δ*‖² + (ρ/2)‖θ‖². */
  loss(theta: ArrayLike<number>, norm: Norm): number {
    this.check(theta, norm);
    return this.innerLoss(theta, this.attack(theta, norm));
  }

  /** Danskin's gradient ∇L_ε(θ) = B(x + δ*) + ρθ. */
  gradient(theta: ArrayLike<number>, norm: Norm): Float64Array {
    this.check(theta, norm);
    const delta = this.attack(theta, norm);
    for (let j = 0; j < this.d; j++) delta[j] += this.x[j];
    const g = matVec(this.B, this.m, this.d, delta);
    for (let i = 0; i < this.m; i++) g[i] += this.rho * theta[i];
    return g;
  }

  /** Per coordinate, whether |δ*ᵢ| = ε under L∞ (|uᵢ| ≥ με). */
  linfSaturation(theta: ArrayLike<number>): boolean[] {
    this.check(theta);
    const u = matTVec(this.B, this.m, this.d, theta);
    return Array.from(u, (ui) => Math.abs(ui) >= this.mu * this.eps);
  }

  /** Which closed form applies at θ (meeting points count as boundary / saturated). */
  regime(theta: ArrayLike<number>, norm: Norm): ToyRegime {
    this.check(theta, norm);
    if (norm === "l2") {
      const r = norm2(matTVec(this.B, this.m, this.d, theta));
      return r < this.mu * this.eps ? "interior" : "l2-boundary";
    }
    const saturated = this.linfSaturation(theta).filter((s) => s).length;
    return saturated === 0 ? "interior" : saturated === this.d ? "linf-vertex" : "linf-face";
  }

  /**
   * How far θ is from a regime change, in units of u: |‖u‖ − με| for L2, minᵢ ||uᵢ| − με| for L∞.
   * Finite-difference Hessians with step h are exact (up to O(h²)) only when ‖B‖·h is below this.
   */
  kinkDistance(theta: ArrayLike<number>, norm: Norm): number {
    this.check(theta, norm);
    const u = matTVec(this.B, this.m, this.d, theta);
    const edge = this.mu * this.eps;
    if (norm === "l2") return Math.abs(norm2(u) - edge);
    let best = Infinity;
    for (let j = 0; j < this.d; j++) best = Math.min(best, Math.abs(Math.abs(u[j]) - edge));
    return best;
  }

  /** The closed-form Hessian ∇²L_ε(θ) (row-major m×m) of the regime at θ. */
  hessian(theta: ArrayLike<number>, norm: Norm): Float64Array {
    this.check(theta, norm);
    const { B, m, d, mu, rho, eps } = this;
    const u = matTVec(B, m, d, theta);
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) H[i * m + i] = rho;
    // Adds s·Σ_j w_j b_j b_jᵀ where b_j is column j of B.
    const addColumns = (s: number, weight: (j: number) => number) => {
      for (let j = 0; j < d; j++) {
        const wj = s * weight(j);
        if (wj === 0) continue;
        for (let a = 0; a < m; a++) {
          const ba = B[a * d + j] * wj;
          if (ba === 0) continue;
          for (let b = 0; b < m; b++) H[a * m + b] += ba * B[b * d + j];
        }
      }
    };
    if (norm === "linf") {
      // With μ = 0 no coordinate is free, so only ρI remains.
      if (mu > 0) addColumns(1 / mu, (j) => (Math.abs(u[j]) < mu * eps ? 1 : 0));
      return H;
    }
    const r = norm2(u);
    if (eps === 0) return H; // no attack: δ* = 0 and L_ε is the clean loss
    if (r < mu * eps) {
      addColumns(1 / mu, () => 1);
      return H;
    }
    if (r === 0) throw new RangeError(`hessian does not exist at u = Bᵀθ = 0 with mu = 0 (the cone point of ε‖u‖₂)`);
    // ρI + (ε/‖u‖)(BBᵀ − (Bû)(Bû)ᵀ)
    addColumns(eps / r, () => 1);
    const Bu = matVec(B, m, d, u);
    const c = eps / (r * r * r);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) H[a * m + b] -= c * Bu[a] * Bu[b];
    return H;
  }

  /** ‖∇ₓℓ(x + δ*, θ)‖₂ = ‖u − μδ*‖₂: 0 in the interior, ‖u‖ − με on the L2 sphere (S4's flatness). */
  inputGradientNorm(theta: ArrayLike<number>, norm: Norm): number {
    this.check(theta, norm);
    return norm2(this.innerGradient(theta, this.attack(theta, norm)));
  }

  /**
   * The local smoothness constant the theory assigns to θ's regime:
   *   interior      ρ + ‖B‖²/μ                    (T2; equals ‖∇²L_ε‖₂),
   *   L2 boundary   ρ + ε‖B‖²/(‖∇ₓℓ‖ + με) = ρ + ε‖B‖²/‖u‖   (T3 with curvature −μ; ≥ ‖∇²L_ε‖₂, with
   *                 equality when û is orthogonal to B's top right singular vector),
   *   L∞            ρ + ‖B_F‖²/μ over the free columns F (T4(a): ρ = L_θθ at a vertex; equals ‖∇²L_ε‖₂).
   * The regimes agree where they meet (‖u‖ = με gives ρ + ‖B‖²/μ from both L2 formulas).
   */
  localConstant(theta: ArrayLike<number>, norm: Norm): number {
    this.check(theta, norm);
    const { B, m, d, mu, rho, eps } = this;
    const u = matTVec(B, m, d, theta);
    if (eps === 0) return rho;
    if (norm === "l2") {
      const r = norm2(u);
      if (r < mu * eps) return rho + this.operatorNorm ** 2 / mu;
      if (r === 0) return Infinity;
      return rho + (eps * this.operatorNorm ** 2) / r;
    }
    const free: number[] = [];
    for (let j = 0; j < d; j++) if (Math.abs(u[j]) < mu * eps) free.push(j);
    if (free.length === 0) return rho;
    const BF = new Float64Array(m * free.length);
    for (let i = 0; i < m; i++) free.forEach((j, k) => (BF[i * free.length + k] = B[i * d + j]));
    return rho + spectralNorm(BF, m, free.length) ** 2 / mu;
  }

  /**
   * Crossing the hyperplane (Bᵀθ)_j = 0, where an L∞ attack's coordinate j switches sign: θ₁ is `base`
   * projected onto the hyperplane and moved back by half of 1e-9 along its unit normal n (column j of B,
   * normalised), θ₂ = θ₁ + h·n. Per h: the gradient change, how far the attack moved, and the L1 and P0
   * bounds on the change (notebook 02; T4(b): under L∞ the change stays ≈ 2ε·‖b_j‖ however small h).
   */
  hyperplaneCrossing(base: ArrayLike<number>, column: number, steps: readonly number[], norm: Norm): CrossingRow[] {
    this.check(base, norm);
    if (!Number.isInteger(column) || column < 0 || column >= this.d) throw new RangeError(`column must be an integer in [0, ${this.d}), got ${column}`);
    const b = Array.from({ length: this.m }, (_, i) => this.B[i * this.d + column]);
    const length = norm2(b);
    if (!(length > 0)) throw new RangeError(`column ${column} of B is zero: it defines no hyperplane`);
    const normal = b.map((v) => v / length);
    const offset = dot(base, normal);
    const theta1 = Array.from(base, (t, i) => t - offset * normal[i] - 0.5e-9 * normal[i]);
    const radius = ballRadius2(this.eps, norm, this.d);
    const [attack1, gradient1] = [this.attack(theta1, norm), this.gradient(theta1, norm)];
    return steps.map((h) => {
      const theta2 = theta1.map((t, i) => t + h * normal[i]);
      const attackMove = distance2(this.attack(theta2, norm), attack1);
      return {
        h,
        gradientChange: distance2(this.gradient(theta2, norm), gradient1),
        attackMove,
        decompositionBound: decompositionBound(this.assumptions(), h, attackMove),
        priorBound: priorGradientBound(this.assumptions(), radius, h),
      };
    });
  }
}
