// Exercise of notebook 05 (interior optimum): the Hessian of the quadratic–linear toy's adversarial loss
// while the attack is inside the ball, and its norm, T2's constant. References: central differences of the
// toy's Danskin gradient (lib/theory/finite-differences.ts on lib/theory/toy-quad-linear.ts) and T2's
// constant ρ + ‖B‖²/μ (lib/theory/bounds.ts).
import { finiteDifferenceHessian } from "../theory/finite-differences";
import { interiorSmoothnessConstant } from "../theory/bounds";
import { QuadraticLinearToy } from "../theory/toy-quad-linear";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, vectorCase } from "./feedback";

export interface Answers05 {
  "05.1": {
    /** ∇²L_ε (row-major m×m) of the toy in its interior regime; B row-major m×d. */
    hessian: (B: Float64Array, m: number, d: number, mu: number, rho: number) => Float64Array;
    /** The local smoothness constant ‖∇²L_ε‖₂ there. */
    constant: (B: Float64Array, m: number, d: number, mu: number, rho: number) => number;
  };
}

// A 3×4 toy (m = 3 weights, d = 4 inputs) and a θ whose attack is inside the ball at both μ.
const B34 = new Float64Array([0.3, -1.1, 0.7, 0.2, -0.4, 0.9, 1.3, -0.6, 0.8, 0.1, -0.5, 1.0]);
const THETA = [0.05, -0.02, 0.04];
const toyAt = (mu: number, rho: number) => new QuadraticLinearToy({ B: B34, rows: 3, cols: 4, mu, rho, eps: 0.5, x: [0.2, -0.1, 0.4, 0.3] });

/** Reference: the Hessian by central differences of the exact gradient (interior: the gradient is linear, so exact). */
export function interiorHessianReference(mu: number, rho: number): Float64Array {
  const toy = toyAt(mu, rho);
  if (toy.regime(THETA, "l2") !== "interior") throw new Error("the reference θ left the interior");
  return finiteDifferenceHessian((t) => toy.gradient(t, "l2"), THETA, 1e-3);
}

const TOLERANCE = { relative: 1e-7, absolute: 1e-9 };

export const EXERCISES_05: readonly ExerciseDefinition[] = [
  {
    id: "05.1",
    title: "the Hessian of the interior-regime toy and T2's constant",
    minutes: 20,
    cases: (answer: Answers05["05.1"]) => [
      ...[
        [2, 1],
        [0.5, 0.3],
      ].map(([mu, rho]) =>
        vectorCase(
          `∇²L_ε of the 3×4 toy at μ = ${mu}, ρ = ${rho} (attack inside the ball), against central differences of ∇L_ε`,
          () => answer.hessian(B34.slice(), 3, 4, mu, rho),
          interiorHessianReference(mu, rho),
          TOLERANCE,
          "inside the ball δ* = u/μ = Bᵀθ/μ, so L_ε = θᵀBx + ‖Bᵀθ‖²/(2μ) + (ρ/2)‖θ‖² and ∇²L_ε = ρI + BBᵀ/μ (m×m, not BᵀB, which is d×d)",
        ),
      ),
      numberCase(
        "‖∇²L_ε‖₂ of the 3×4 toy at μ = 0.5, ρ = 0.3",
        () => answer.constant(B34.slice(), 3, 4, 0.5, 0.3),
        interiorSmoothnessConstant(toyAt(0.5, 0.3).assumptions(), 0.5),
        TOLERANCE,
        "the largest eigenvalue of ρI + BBᵀ/μ is ρ + σ_max(B)²/μ: the spectral norm of B, not its Frobenius norm",
      ),
      numberCase(
        "‖∇²L_ε‖₂ of a 2×2 toy B = [[3, 0], [0, 1]] at μ = 4, ρ = 0",
        () => answer.constant(new Float64Array([3, 0, 0, 1]), 2, 2, 4, 0),
        9 / 4,
        TOLERANCE,
        "the constant grows like 1/μ: the flatter ℓ is in δ (small μ), the faster the attack moves with θ",
      ),
    ],
  },
];
