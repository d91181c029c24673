// Exercise of notebook 11 (EntropySGD's γ0 and L): one outer step of EntropySGD written by hand, on the
// quadratic L(θ) = (a/2)θ² without Langevin noise, so the answer is a number. It shows what L and γ do: the
// inner chain descends L(θ′) + (γ/2)(θ − θ′)² towards its minimiser γθ/(a + γ), μ averages its iterates,
// and the step direction θ − μ approaches θ − γθ/(a + γ) = ∇F_γ(θ)/γ only when the chain had time to get
// there. Reference: the library's EntropySgd itself (lib/optim/entropy-sgd.ts, float32) on that oracle.
import * as tf from "@tensorflow/tfjs";
import { EntropySgd } from "../optim/entropy-sgd";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, propertyCase } from "./feedback";

export interface OuterStepSetting {
  /** Curvature a of L(θ′) = (a/2)θ′². */
  readonly a: number;
  /** The scope γ (held constant). */
  readonly gamma: number;
  /** Inner (Langevin) learning rate η′. */
  readonly innerLr: number;
  /** Inner steps L. */
  readonly L: number;
  /** Weight w of a new iterate in the running mean μ ← (1 − w)μ + wθ′. */
  readonly w: number;
}

export interface Answers11 {
  /** The unscaled outer direction G = θ − μ after one outer step from θ, without noise. */
  "11.1": (theta: number, setting: OuterStepSetting) => number;
}

/** G of the library's EntropySgd: noise 0, no momentum or weight decay, constant γ, unscaled step, lr 1 (so θ_new = θ − G). */
export function outerDirectionReference(theta: number, s: OuterStepSetting): number {
  const variable = tf.variable(tf.scalar(theta));
  const optimizer = new EntropySgd([variable], {
    preset: "chaudhari-paper",
    gammaSchedule: "constant",
    outerStep: "unscaled",
    noise: 0,
    gamma0: s.gamma,
    innerLr: s.innerLr,
    L: s.L,
    muNewSampleWeight: s.w,
    lr: 1,
  });
  try {
    optimizer.step(() => {
      const thetaPrime = variable.dataSync()[0];
      return { loss: 0.5 * s.a * thetaPrime ** 2, grads: [tf.scalar(s.a * thetaPrime)] };
    }, 0);
    return theta - variable.dataSync()[0];
  } finally {
    optimizer.dispose();
    variable.dispose();
  }
}

const SETTINGS: [string, OuterStepSetting][] = [
  ["L = 1: one inner step", { a: 2, gamma: 0.5, innerLr: 0.1, L: 1, w: 0.25 }],
  ["L = 5, γ = 0.5", { a: 2, gamma: 0.5, innerLr: 0.1, L: 5, w: 0.25 }],
  ["L = 20, a small scope γ = 0.03", { a: 2, gamma: 0.03, innerLr: 0.1, L: 20, w: 0.75 }],
  ["L = 50, w = 0.75: the chain settles", { a: 1, gamma: 1, innerLr: 0.2, L: 50, w: 0.75 }],
];
// float32 reference: relative 1e-4.
const TOLERANCE = { relative: 1e-4, absolute: 1e-6 };

export const EXERCISES_11: readonly ExerciseDefinition[] = [
  {
    id: "11.1",
    title: "one outer step of EntropySGD by hand, on a quadratic",
    minutes: 20,
    cases: (direction: Answers11["11.1"]) => [
      ...SETTINGS.map(([name, setting]) =>
        numberCase(
          `${name} (a = ${setting.a}, η′ = ${setting.innerLr}, w = ${setting.w}) from θ = 1.5`,
          () => direction(1.5, setting),
          outerDirectionReference(1.5, setting),
          TOLERANCE,
          "θ′ and μ start at θ; each inner step takes the gradient at the current θ′: d = aθ′ − γ(θ − θ′), θ′ ← θ′ − η′d, then μ ← (1 − w)μ + wθ′; G = θ − μ",
        ),
      ),
      propertyCase(
        "with many inner steps G approaches θ − γθ/(a + γ), the proximal point's offset (a = 1, γ = 1, η′ = 0.2, L = 400, w = 0.1)",
        () => direction(1.5, { a: 1, gamma: 1, innerLr: 0.2, L: 400, w: 0.1 }),
        "G within 1e-6 of 1.5 − 1.5·γ/(a + γ) = 0.75",
        (g) => (typeof g === "number" && Math.abs(g - 0.75) < 1e-6 ? null : String(g)),
        "the chain's fixed point solves aθ′ = γ(θ − θ′); μ forgets its start at the rate (1 − w)^L",
      ),
    ],
  },
];
