// Exercise of notebook 09 (local-entropy smoothing): the local entropy of a quadratic f(w) = (a/2)w² in
// closed form. p_θ is Gaussian, so F_γ is a quadratic whose curvature is the "harmonic" combination
// aγ/(a + γ) ≤ min(a, γ), for every β. Reference: the notebook's quadrature (lib/theory/local-entropy-1d.ts).
import { LocalEntropy1d } from "../theory/local-entropy-1d";
import type { ExerciseDefinition } from "./exercise";
import { numberCase } from "./feedback";

export interface Answers09 {
  "09.1": {
    /** F′_γ(θ) for f(w) = (a/2)w² at scope γ and inverse temperature β. */
    derivative: (a: number, gamma: number, beta: number, theta: number) => number;
    /** F″_γ for the same f (it does not depend on θ). */
    curvature: (a: number, gamma: number, beta: number) => number;
  };
}

/** Reference: F′_γ(θ) and F″_γ(θ) of f(w) = (a/2)w² by quadrature over θ′ (the notebook's LocalEntropy1d). */
export function quadraticLocalEntropyReference(a: number, gamma: number, beta: number, theta: number): { derivative: number; secondDerivative: number } {
  const f = (w: number) => 0.5 * a * w * w;
  return new LocalEntropy1d(f, { gamma, beta, thetaRange: [theta, theta], lipschitz: a * (Math.abs(theta) + 2) }).at(theta);
}

const TOLERANCE = { relative: 1e-8, absolute: 1e-10 };
const SETTINGS = [
  [2, 1, 1, -0.7],
  [2, 1, 100, 1.2],
  [0.5, 4, 10, 0.9],
] as const;

export const EXERCISES_09: readonly ExerciseDefinition[] = [
  {
    id: "09.1",
    title: "the local entropy of a quadratic in closed form",
    minutes: 20,
    cases: (answer: Answers09["09.1"]) => [
      ...SETTINGS.map(([a, gamma, beta, theta]) =>
        numberCase(
          `F′_γ(θ) for a = ${a}, γ = ${gamma}, β = ${beta}, θ = ${theta}, against quadrature`,
          () => answer.derivative(a, gamma, beta, theta),
          quadraticLocalEntropyReference(a, gamma, beta, theta).derivative,
          TOLERANCE,
          "F′_γ(θ) = γ(θ − E[θ′]); p_θ ∝ exp(−β[(a/2)θ′² + (γ/2)(θ − θ′)²]) is Gaussian with mean γθ/(a + γ)",
        ),
      ),
      ...SETTINGS.map(([a, gamma, beta, theta]) =>
        numberCase(
          `F″_γ for a = ${a}, γ = ${gamma}, β = ${beta}, against quadrature at θ = ${theta}`,
          () => answer.curvature(a, gamma, beta),
          quadraticLocalEntropyReference(a, gamma, beta, theta).secondDerivative,
          TOLERANCE,
          "by T5, F″ = γ − βγ²Var_p(θ′) with Var = 1/(β(a + γ)): β cancels, and F″ = aγ/(a + γ), below both a and γ",
        ),
      ),
    ],
  },
];
