// Exercises of notebook 02 (smoothness and the prior bound): the gradient-Lipschitz ratio S1 written by
// hand, and the optimal attack of the μ = 0 quadratic–linear toy with the size of its jump at an L∞ sign
// flip. References: functions whose ratio is known in closed form (a quadratic, |θ| at its kink, the
// logistic loss), the library's dual-norm maximiser (lib/losses/adversarial-linear.ts) and the toy's own
// δ* (lib/theory/toy-quad-linear.ts).
import { norm2 } from "../core/linalg64";
import { dualNormDirection, sigmoid } from "../losses/adversarial-linear";
import { QuadraticLinearToy } from "../theory/toy-quad-linear";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, propertyCase, vectorCase } from "./feedback";

export type Gradient64 = (theta: Float64Array) => Float64Array;

export interface Answers02 {
  /** R(h) = ‖∇f(θ + h v̂) − ∇f(θ)‖₂ / h with v̂ = v/‖v‖₂. */
  "02.1": (gradient: Gradient64, theta: Float64Array, direction: Float64Array, h: number) => number;
  "02.2": {
    /** δ* = argmax over ‖δ‖_p ≤ ε of uᵀδ (the toy with μ = 0, u = Bᵀθ). */
    attack: (u: Float64Array, eps: number, norm: "l2" | "linf") => Float64Array;
    /** ‖Δδ*‖₂ when k coordinates of an L∞ attack change sign. */
    flipJump: (eps: number, flipped: number) => number;
  };
}

/** Reference R(h). */
export function gradientLipschitzRatioReference(gradient: Gradient64, theta: Float64Array, direction: Float64Array, h: number): number {
  const unit = norm2(direction);
  const g0 = gradient(theta);
  const g1 = gradient(theta.map((t, i) => t + (h * direction[i]) / unit));
  return norm2(g1.map((g, i) => g - g0[i])) / h;
}

const v = (...values: number[]) => new Float64Array(values);
const A = [v(2, 1, 0), v(1, 2, 0), v(0, 0, 5)]; // eigenvalues 1, 3, 5; e₃ is the top eigenvector
const quadratic: Gradient64 = (t) => v(...A.map((row) => row.reduce((s, a, j) => s + a * t[j], 0)));
const absolute: Gradient64 = (t) => t.map(Math.sign);
const xLogistic = v(1.2, -0.4, 0.8);
const logistic: Gradient64 = (t) => {
  const s = sigmoid(-t.reduce((acc, ti, i) => acc + ti * xLogistic[i], 0));
  return xLogistic.map((xi) => -s * xi);
};
const TOLERANCE = { relative: 1e-9, absolute: 1e-12 };

// The toy of notebook 02 (seeded B 3×4, μ = 0, ρ = 1, ε = 0.5), its δ* at one θ.
const toyB = [0.3, -1.1, 0.7, 0.2, -0.4, 0.9, 1.3, -0.6, 0.8, 0.1, -0.5, 1.0];
const toy = new QuadraticLinearToy({ B: toyB, rows: 3, cols: 4, mu: 0, rho: 1, eps: 0.5 });
const toyTheta = v(0.7, -0.4, 0.9);

export const EXERCISES_02: readonly ExerciseDefinition[] = [
  {
    id: "02.1",
    title: "the gradient-Lipschitz ratio R(h) by hand",
    minutes: 20,
    cases: (ratio: Answers02["02.1"]) => [
      numberCase(
        "quadratic ½θᵀAθ (eigenvalues 1, 3, 5) along its top eigenvector e₃, h = 0.01",
        () => ratio(quadratic, v(0.3, -0.2, 0.5), v(0, 0, 1), 0.01),
        5,
        TOLERANCE,
        "R(h) = ‖∇f(θ + h v) − ∇f(θ)‖₂ / h; for a quadratic it is ‖A v‖ at every h",
      ),
      numberCase(
        "the same with the direction (0, 0, 2), which is not a unit vector",
        () => ratio(quadratic, v(0.3, -0.2, 0.5), v(0, 0, 2), 0.01),
        5,
        TOLERANCE,
        "normalise the direction first (v/‖v‖₂): R must not depend on the length of v",
      ),
      numberCase(
        "|θ| at its kink θ = 0, direction 1, h = 1e-3",
        () => ratio(absolute, v(0), v(1), 1e-3),
        1000,
        TOLERANCE,
        "the gradient jumps from 0 (sign 0) to 1, so R(h) = 1/h; step from θ to θ + h v, not symmetrically",
      ),
      numberCase(
        "logistic softplus(−θᵀx) at θ = (0.1, 0.2, −0.1) along (1, 1, 0), h = 0.1",
        () => ratio(logistic, v(0.1, 0.2, -0.1), v(1, 1, 0), 0.1),
        gradientLipschitzRatioReference(logistic, v(0.1, 0.2, -0.1), v(1, 1, 0), 0.1),
        TOLERANCE,
        "take the L2 norm of the gradient difference, then divide by h",
      ),
      propertyCase(
        "θ is left unchanged by the call",
        () => {
          const theta = v(0.3, -0.2, 0.5);
          ratio(quadratic, theta, v(0, 0, 1), 0.01);
          return theta;
        },
        "(0.3, −0.2, 0.5)",
        (t) => (t instanceof Float64Array && t[0] === 0.3 && t[1] === -0.2 && t[2] === 0.5 ? null : `θ became (${Array.from(t as Float64Array).join(", ")})`),
        "build θ + h v̂ in a new array (theta.map(...)); do not add to θ in place",
      ),
    ],
  },
  {
    id: "02.2",
    title: "the toy's optimal attack and its jump at an L∞ sign flip",
    minutes: 20,
    cases: (answer: Answers02["02.2"]) => [
      vectorCase(
        "L2: δ* for u = (3, −4, 0.5), ε = 0.5",
        () => answer.attack(v(3, -4, 0.5), 0.5, "l2"),
        dualNormDirection(v(3, -4, 0.5), "l2").map((n) => 0.5 * n),
        TOLERANCE,
        "maximising uᵀδ over the L2 ball puts δ on the sphere along u: δ* = ε u/‖u‖₂ (Cauchy–Schwarz)",
      ),
      vectorCase(
        "L∞: δ* for u = (3, −4, 0.5), ε = 0.5",
        () => answer.attack(v(3, -4, 0.5), 0.5, "linf"),
        dualNormDirection(v(3, -4, 0.5), "linf").map((n) => 0.5 * n),
        TOLERANCE,
        "maximising uᵀδ over the L∞ ball puts every coordinate at ±ε with the sign of uᵢ: δ* = ε sign(u)",
      ),
      ...(["l2", "linf"] as const).map((norm) =>
        vectorCase(
          `the toy of this notebook (B 3×4, ε = 0.5): δ* at θ = (0.7, −0.4, 0.9), ${norm === "l2" ? "L2" : "L∞"}`,
          () => answer.attack(v(...toy.inputDirection(toyTheta)), 0.5, norm),
          toy.attack(toyTheta, norm),
          TOLERANCE,
          "u = Bᵀθ is what the toy's attack maximises against: δ* depends on θ only through u",
        ),
      ),
      numberCase(
        "‖Δδ*‖₂ when 1 coordinate flips sign, ε = 0.5",
        () => answer.flipJump(0.5, 1),
        1,
        TOLERANCE,
        "a flipped coordinate goes from −ε to +ε: it moves by 2ε",
      ),
      numberCase(
        "‖Δδ*‖₂ when 4 coordinates flip sign, ε = 0.5",
        () => answer.flipJump(0.5, 4),
        2,
        TOLERANCE,
        "k coordinates each move by 2ε in orthogonal directions: the L2 length is 2ε√k, not 2εk",
      ),
    ],
  },
];
