// Exercises of notebook 01 (attacks primer): one step of PGD-L∞ and of PGD-L2 written by hand, in
// float64 on plain arrays. References: the update rules of paper-spec §5.1–5.2 (Madry et al. 2018; Rice
// et al. 2020), the library's NORM_FLOOR for a zero gradient, and T1's closed-form δ* of a linear model
// (lib/losses/adversarial-linear.ts), which ten or twenty steps from δ = 0 must reach.
import { NORM_FLOOR } from "../core/norms";
import { optimalAttack, sigmoid } from "../losses/adversarial-linear";
import type { ExerciseDefinition } from "./exercise";
import { vectorCase, type CaseResult } from "./feedback";

/** One PGD step on δ for an input x in [0, 1]^d: δ ← Π(δ + step), then x + δ clipped to [0, 1]. */
export type PgdStep = (x: Float64Array, delta: Float64Array, gradient: Float64Array, stepSize: number, eps: number) => Float64Array;

export interface Answers01 {
  "01.1": PgdStep;
  "01.2": PgdStep;
}

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function clipToBox(x: Float64Array, delta: Float64Array): Float64Array {
  return delta.map((d, i) => clip(x[i] + d, 0, 1) - x[i]);
}

/** Reference: δ ← clip(δ + α sign g, −ε, ε), then x + δ clipped to [0, 1]. */
export const pgdLinfStepReference: PgdStep = (x, delta, gradient, stepSize, eps) =>
  clipToBox(
    x,
    delta.map((d, i) => clip(d + stepSize * Math.sign(gradient[i]), -eps, eps)),
  );

/** Reference: δ ← δ + α g/(‖g‖₂ + 1e-12), rescaled onto the ε-ball if outside, then x + δ clipped to [0, 1]. */
export const pgdL2StepReference: PgdStep = (x, delta, gradient, stepSize, eps) => {
  const norm = Math.hypot(...gradient);
  const moved = delta.map((d, i) => d + (stepSize * gradient[i]) / (norm + NORM_FLOOR));
  const length = Math.hypot(...moved);
  return clipToBox(x, length > eps ? moved.map((d) => (d * eps) / length) : moved);
};

const v = (...values: number[]) => new Float64Array(values);
const TOLERANCE = { relative: 1e-9, absolute: 1e-12 };

/** Runs `steps` steps of a PGD step function from δ = 0 on the logistic loss of a linear model. */
function linearModelAttack(step: PgdStep, w: Float64Array, y: number, x: Float64Array, eps: number, stepSize: number, steps: number): Float64Array {
  let delta = new Float64Array(w.length);
  for (let k = 0; k < steps; k++) {
    // ∇_δ softplus(−y wᵀ(x + δ)) = −y σ(−y wᵀ(x + δ)) w.
    const margin = -y * w.reduce((s, wi, i) => s + wi * (x[i] + delta[i]), 0);
    delta = step(
      x,
      delta,
      w.map((wi) => -y * sigmoid(margin) * wi),
      stepSize,
      eps,
    );
  }
  return delta;
}

interface StepCase {
  readonly name: string;
  readonly args: Parameters<PgdStep>;
  readonly hint: string;
}

function stepCases(answer: PgdStep, reference: PgdStep, cases: readonly StepCase[]): CaseResult[] {
  return cases.map((c) => vectorCase(c.name, () => answer(...c.args), reference(...c.args), TOLERANCE, c.hint));
}

const half = v(0.5, 0.5, 0.5);
const w5 = v(0.8, -1.2, 0.3, -0.05, 2.0);
const x5 = new Float64Array(5).fill(0.5);

export const EXERCISES_01: readonly ExerciseDefinition[] = [
  {
    id: "01.1",
    title: "one step of PGD-L∞",
    minutes: 15,
    cases: (answer: PgdStep) => [
      ...stepCases(answer, pgdLinfStepReference, [
        {
          name: "a step from inside the box: x = (0.5, 0.5, 0.5), δ = (0, 0.01, −0.02), g = (1, −2, 0.5), α = 0.01, ε = 0.03",
          args: [half, v(0, 0.01, -0.02), v(1, -2, 0.5), 0.01, 0.03],
          hint: "the L∞ step is α·sign(g) in every coordinate, whatever the size of g",
        },
        {
          name: "a step that leaves the ε-box: δ = (0.025, −0.025, 0), g = (1, −1, 1), α = 0.01, ε = 0.03",
          args: [half, v(0.025, -0.025, 0), v(1, -1, 1), 0.01, 0.03],
          hint: "after the step, clip every coordinate of δ to [−ε, ε]",
        },
        {
          name: "a coordinate whose partial derivative is 0: g = (0, 1, 0), α = 0.01, ε = 0.03",
          args: [half, v(0.005, 0, -0.005), v(0, 1, 0), 0.01, 0.03],
          hint: "sign(0) = 0 (Math.sign): a coordinate with a zero partial derivative does not move",
        },
        {
          name: "pixels at the edge of the image: x = (0.99, 0, 0.5), δ = 0, g = (1, −1, 1), α = 0.02, ε = 0.03",
          args: [v(0.99, 0, 0.5), v(0, 0, 0), v(1, -1, 1), 0.02, 0.03],
          hint: "finally clip x + δ to [0, 1]: a pixel at 0.99 can only move up by 0.01, one at 0 cannot move down",
        },
      ]),
      vectorCase(
        "ten steps of α = ε/4 from δ = 0 on a linear model (d = 5, ε = 0.05) reach T1's vertex δ* = −εy·sign(w)",
        () => linearModelAttack(answer, w5, 1, x5, 0.05, 0.0125, 10),
        optimalAttack(w5, 1, 0.05, "linf"),
        TOLERANCE,
        "each step must ascend the loss: move along +sign(∂ℓ/∂δ), and stay on the vertex once there",
      ),
    ],
  },
  {
    id: "01.2",
    title: "one step of PGD-L2",
    minutes: 15,
    cases: (answer: PgdStep) => [
      ...stepCases(answer, pgdL2StepReference, [
        {
          name: "a step along g/‖g‖₂: x = (0.5, 0.5, 0.5), δ = 0, g = (3, 4, 0), α = 0.1, ε = 1",
          args: [half, v(0, 0, 0), v(3, 4, 0), 0.1, 1],
          hint: "the L2 step is α·g/‖g‖₂: a step of length α in the direction of the gradient",
        },
        {
          name: "a step that leaves the ε-ball: δ = (0.3, 0, 0), g = (0, 1, 0), α = 0.4, ε = 0.4",
          args: [half, v(0.3, 0, 0), v(0, 1, 0), 0.4, 0.4],
          hint: "if ‖δ‖₂ > ε after the step, rescale δ by ε/‖δ‖₂ (the projection onto the ball), do not clip coordinates",
        },
        {
          name: "a zero gradient: δ = (0.1, 0, 0), g = (0, 0, 0), α = 0.1, ε = 0.5",
          args: [half, v(0.1, 0, 0), v(0, 0, 0), 0.1, 0.5],
          hint: "guard the division: divide by ‖g‖₂ + 1e-12 (as the library does), so a zero gradient gives a zero step, not NaN",
        },
        {
          name: "a pixel near 1 after the projection: x = (0.95, 0.5, 0.5), δ = 0, g = (1, 0, 0), α = 0.2, ε = 0.5",
          args: [v(0.95, 0.5, 0.5), v(0, 0, 0), v(1, 0, 0), 0.2, 0.5],
          hint: "after projecting onto the ball, clip x + δ to [0, 1]",
        },
      ]),
      vectorCase(
        "twenty steps of α = ε/5 from δ = 0 on a linear model (d = 5, ε = 0.1) reach T1's δ* = −εy·w/‖w‖₂",
        () => linearModelAttack(answer, w5, -1, x5, 0.1, 0.02, 20),
        optimalAttack(w5, -1, 0.1, "l2"),
        TOLERANCE,
        "each step must ascend the loss along +∂ℓ/∂δ; once on the sphere, the projection keeps δ at δ*",
      ),
    ],
  },
];
