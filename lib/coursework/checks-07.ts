// Exercise of notebook 07 (L∞ vertices and sign flips): where each coordinate of an L∞ attack with the data
// box sits in its interval [max(−ε, −xᵢ), min(ε, 1 − xᵢ)]: at ±ε, at a data bound, or inside. T4 says
// (almost) none is inside. Reference: the library's split (lib/smoothness/box-saturation.ts), which the
// notebook's S5 numbers come from.
import * as tf from "@tensorflow/tfjs";
import { boxPositions } from "../smoothness/box-saturation";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, propertyCase } from "./feedback";

export interface BoxShares {
  /** |δᵢ| ≥ ε − 1e-6. */
  readonly atEps: number;
  /** Not at ±ε, but x + δ within 1e-6 of 0 or 1. */
  readonly atDataBound: number;
  /** Neither. */
  readonly inside: number;
}

export interface Answers07 {
  /** The shares of the coordinates of δ = adv − x in each position, for one example. */
  "07.1": (x: Float64Array, adv: Float64Array, eps: number) => BoxShares;
}

/** Reference: the library's boxPositions on a batch of one. */
export function boxSharesReference(x: Float64Array, adv: Float64Array, eps: number): BoxShares {
  const [xs, advs] = [tf.tensor2d(Float32Array.from(x), [1, x.length]), tf.tensor2d(Float32Array.from(adv), [1, adv.length])];
  try {
    const p = boxPositions(xs, advs, eps);
    return { atEps: p.atEps[0], atDataBound: p.atDataBound[0], inside: p.inside[0] };
  } finally {
    xs.dispose();
    advs.dispose();
  }
}

const v = (...values: number[]) => new Float64Array(values);
// Eight pixels, ε = 0.1: three at ±ε (one 5e-7 short of it), two stopped by a bound (a black pixel pushed down,
// a pixel at 0.95 pushed up), one black pixel left at 0 (δ = 0 at the bound), two inside.
const X8 = v(0.5, 0.3, 0.5, 0, 0.95, 0, 0.4, 0.7);
const ADV8 = v(0.6, 0.2, 0.5 + 0.1 - 5e-7, 0, 1, 0, 0.45, 0.69);
const TOLERANCE = { absolute: 1e-12 };

export const EXERCISES_07: readonly ExerciseDefinition[] = [
  {
    id: "07.1",
    title: "where an L∞ attack with the data box sits: at ±ε, at a data bound, inside",
    minutes: 15,
    cases: (shares: Answers07["07.1"]) => {
      const expected = boxSharesReference(X8, ADV8, 0.1);
      const hints: Record<keyof BoxShares, string> = {
        atEps: "count |δᵢ| ≥ ε − 1e-6: a coordinate 5e-7 short of ε is saturated (PGD's float arithmetic rarely hits ε exactly)",
        atDataBound: "a coordinate is at a data bound when x + δ is within 1e-6 of 0 or 1 and it is not already counted at ±ε (δ = 0 on a black pixel counts)",
        inside: "inside = 1 − atEps − atDataBound: every coordinate is in exactly one position",
      };
      return [
        ...(["atEps", "atDataBound", "inside"] as const).map((key) =>
          numberCase(
            `${key} for 8 pixels, ε = 0.1, x = (0.5, 0.3, 0.5, 0, 0.95, 0, 0.4, 0.7)`,
            () => shares(X8, ADV8, 0.1)[key],
            expected[key],
            TOLERANCE,
            hints[key],
          ),
        ),
        propertyCase(
          "a pixel at 1 pushed by −ε to 0.9 with ε = 0.1 counts at ±ε only, once",
          () => shares(v(1, 0.5), v(0.9, 0.5), 0.1),
          "{ atEps: 0.5, atDataBound: 0, inside: 0.5 }",
          (s) => {
            const r = s as BoxShares;
            return r && Math.abs(r.atEps - 0.5) < 1e-12 && Math.abs(r.atDataBound) < 1e-12 && Math.abs(r.inside - 0.5) < 1e-12 ? null : JSON.stringify(r);
          },
          "the data bound is about x + δ (0.9 is not a bound), not about x; and a coordinate at ±ε is not counted again",
        ),
      ];
    },
  },
];
