// Exercise of notebook 06 (the L2 boundary): the quadratic–linear toy's Hessian while the L2 attack is on
// the sphere, and its exact local constant, T3 with the true curvature −μ in place of +L_xx. References:
// central differences of the toy's exact gradient (lib/theory/finite-differences.ts on
// lib/theory/toy-quad-linear.ts) and T3's constant (lib/theory/bounds.ts, l2BoundaryLocalConstant).
import { l2BoundaryLocalConstant } from "../theory/bounds";
import { finiteDifferenceHessian } from "../theory/finite-differences";
import { QuadraticLinearToy } from "../theory/toy-quad-linear";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, vectorCase } from "./feedback";

export interface Answers06 {
  "06.1": {
    /** ∇²L_ε (row-major m×m) of the toy under L2 at a θ where ‖u‖ = ‖Bᵀθ‖ > με (δ* = εu/‖u‖ on the sphere). */
    hessian: (B: Float64Array, m: number, d: number, rho: number, eps: number, theta: Float64Array) => Float64Array;
    /** The toy's local constant from ‖B‖₂, ρ, μ, ε and the flatness ‖∇ₓℓ(x + δ*)‖₂ at the attack. */
    constant: (operatorNorm: number, rho: number, mu: number, eps: number, flatness: number) => number;
  };
}

const B34 = new Float64Array([0.3, -1.1, 0.7, 0.2, -0.4, 0.9, 1.3, -0.6, 0.8, 0.1, -0.5, 1.0]);
const THETA = new Float64Array([0.7, -0.4, 0.9]);

/** Reference: the Hessian of the toy (3×4, ε = 0.5, ρ = 0.3) by central differences of its exact gradient, on the sphere. */
export function boundaryHessianReference(mu: number): Float64Array {
  const toy = new QuadraticLinearToy({ B: B34, rows: 3, cols: 4, mu, rho: 0.3, eps: 0.5 });
  if (toy.regime(THETA, "l2") !== "l2-boundary") throw new Error("the reference θ is not on the sphere");
  return finiteDifferenceHessian((t) => toy.gradient(t, "l2"), THETA, 1e-5);
}

export const EXERCISES_06: readonly ExerciseDefinition[] = [
  {
    id: "06.1",
    title: "the toy's Hessian on the L2 sphere and its exact local constant",
    minutes: 25,
    cases: (answer: Answers06["06.1"]) => [
      ...[0.5, 0].map((mu) =>
        vectorCase(
          `∇²L_ε of the 3×4 toy (ρ = 0.3, ε = 0.5, μ = ${mu}) at θ = (0.7, −0.4, 0.9), against central differences of ∇L_ε`,
          () => answer.hessian(B34.slice(), 3, 4, 0.3, 0.5, THETA.slice()),
          boundaryHessianReference(mu),
          { relative: 1e-6, absolute: 1e-8 },
          "on the sphere δ* = εû, so L_ε = θᵀBx + ε‖Bᵀθ‖ − με²/2 + (ρ/2)‖θ‖²: the Hessian of ε‖u‖ is (ε/‖u‖)(I − ûûᵀ), " +
            "so ∇²L_ε = ρI + (ε/‖u‖) B(I − ûûᵀ)Bᵀ — it does not depend on μ",
        ),
      ),
      ...[
        [2.1, 0.5, 0.5, 0.5, 1.2],
        [2.1, 0.5, 0.5, 0.5, 0.05],
        [1.5, 0, 0, 0.3, 0.4],
      ].map(([normB, rho, mu, eps, flatness]) =>
        numberCase(
          `β_loc for ‖B‖₂ = ${normB}, ρ = ${rho}, μ = ${mu}, ε = ${eps}, ‖∇ₓℓ(x + δ*)‖₂ = ${flatness}`,
          () => answer.constant(normB, rho, mu, eps, flatness),
          l2BoundaryLocalConstant({ thetaTheta: rho, thetaX: normB, xTheta: normB }, -mu, eps, flatness),
          { relative: 1e-12 },
          "β_loc = ρ + ε‖B‖²/(‖∇ₓℓ‖ + με): T3's denominator ‖∇ₓℓ‖ − εL_xx with the true curvature −μ in place of +L_xx (a plus, not a minus)",
        ),
      ),
    ],
  },
];
