// Exercise of notebook 08 (smoothness of networks' adversarial losses): reading S1 against h. The log–log
// slope of R(h) separates a smooth loss (0) from a jump of the gradient (−1), and R(h)·h at the smallest h
// estimates the jump. References: the library's slope (lib/parameter-space/statistics.ts, which Table B
// reports) and T1(b)'s jump on a linear model crossing wᵢ = 0 (lib/smoothness/linear-closed-form.ts).
import { logLogSlope } from "../parameter-space/statistics";
import { hyperplaneCrossing } from "../smoothness/linear-closed-form";
import type { ExerciseDefinition } from "./exercise";
import { numberCase } from "./feedback";

export interface Answers08 {
  "08.1": {
    /** The least-squares slope of log R against log h. */
    slope: (h: readonly number[], ratios: readonly number[]) => number;
    /** The size of the gradient's jump estimated from the ratios: R(h)·h at the smallest h. */
    jump: (h: readonly number[], ratios: readonly number[]) => number;
  };
}

const H = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];
const rows = [
  [0.8, -0.3, 0.5],
  [-0.6, 0.9, 0.2],
  [0.4, 0.7, -1.1],
  [-1.2, -0.4, 0.3],
].map((r) => Float64Array.from(r));

/** The crossing of w₁ = 0 at w̄ = (0.6, 0, −0.4) on four examples in ℝ³, ε = 0.25: R(h) under L2 and L∞ and T1(b)'s jump. */
export function crossingReference() {
  return hyperplaneCrossing({ X: rows, y: [1, -1, 1, -1], w: Float64Array.of(0.6, 0.5, -0.4), coordinate: 1, eps: 0.25, h: H });
}

const mixed = H.map((h) => 0.5 + 0.02 / h);

export const EXERCISES_08: readonly ExerciseDefinition[] = [
  {
    id: "08.1",
    title: "reading S1 against h: the log–log slope and the size of the jump",
    minutes: 15,
    cases: (answer: Answers08["08.1"]) => {
      const crossing = crossingReference();
      const [l2, linf] = crossing.series;
      return [
        numberCase(
          "slope of R(h) = 3 at every h (a smooth loss)",
          () =>
            answer.slope(
              H,
              H.map(() => 3),
            ),
          0,
          { absolute: 1e-12 },
          "fit log R against log h; a constant ratio has slope 0",
        ),
        numberCase(
          "slope of R(h) = 2/h (a pure jump)",
          () =>
            answer.slope(
              H,
              H.map((h) => 2 / h),
            ),
          -1,
          { relative: 1e-12 },
          "the slope of log(2/h) against log h is −1 whatever the base of the logarithm",
        ),
        numberCase(
          "slope of R(h) = 0.5 + 0.02/h over h = 1e-1 … 1e-5 (a jump on top of a smooth part)",
          () => answer.slope(H, mixed),
          logLogSlope(H, mixed),
          { relative: 1e-9 },
          "a least-squares fit over all points, not the slope between the first and the last",
        ),
        numberCase(
          "slope of the L2 ratios across w₁ = 0 on the linear model (smooth there)",
          () => answer.slope(H, l2.ratios),
          l2.slope,
          { relative: 1e-9, absolute: 1e-12 },
          "the same least-squares fit of log R against log h",
        ),
        numberCase(
          "the jump from the L∞ ratios across w₁ = 0, against T1(b)'s 2ε·mean σ(u)",
          () => answer.jump(H, linf.ratios),
          crossing.linfJump,
          { relative: 1e-3 },
          "R(h)·h tends to the jump as h → 0: take the product at the smallest h",
        ),
        numberCase(
          "the jump from the same ratios listed with h ascending",
          () => answer.jump([...H].reverse(), [...linf.ratios].reverse()),
          crossing.linfJump,
          { relative: 1e-3 },
          "use the smallest h, wherever it is in the list, not the last entry",
        ),
      ];
    },
  },
];
