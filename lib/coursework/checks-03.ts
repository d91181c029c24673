// Exercises of notebook 03 (binary linear classification): the gradient of the L∞ adversarial logistic loss
// written from T1, and the size of its jump across a hyperplane wᵢ = 0 (T1(b)). References: the library's
// closed-form gradient (lib/losses/adversarial-linear.ts) and T1(b)'s jump (lib/theory/bounds.ts), and a
// one-sided difference of the loss itself.
import { adversarialLoss, adversarialLossGradient, adversarialMargins, meanAdversarialLossGradient } from "../losses/adversarial-linear";
import { linearLinfGradientJump } from "../theory/bounds";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, vectorCase } from "./feedback";

export interface Answers03 {
  "03.1": {
    /** ∇_w softplus(−y wᵀx + ε‖w‖₁) for one example, where no wᵢ is 0. */
    gradient: (w: Float64Array, x: Float64Array, y: number, eps: number) => Float64Array;
    /** The jump of coordinate i of the batch-mean gradient as w crosses wᵢ = 0, given every example's margin uₙ. */
    jump: (eps: number, margins: Float64Array) => number;
  };
}

const v = (...values: number[]) => new Float64Array(values);
const TOLERANCE = { relative: 1e-9, absolute: 1e-12 };

// A small batch in ℝ³ (labels ±1) and the weights on either side of the hyperplane w₁ = 0.
const X = [v(0.8, -0.3, 0.5), v(-0.6, 0.9, 0.2), v(0.4, 0.7, -1.1), v(-1.2, -0.4, 0.3)];
const Y = [1, -1, 1, -1];
const W_BAR = v(0.6, 0, -0.4);

/** The reference jump: the difference of the batch-mean L∞ gradient in coordinate 1 across w₁ = 0, in the limit. */
export function linfJumpAcrossReference(eps: number, h = 1e-9): number {
  const side = (s: number) => meanAdversarialLossGradient(v(W_BAR[0], s * h, W_BAR[2]), X, Y, eps, "linf")[1];
  return side(1) - side(-1);
}

export const EXERCISES_03: readonly ExerciseDefinition[] = [
  {
    id: "03.1",
    title: "the L∞ adversarial gradient and its jump across wᵢ = 0",
    minutes: 20,
    cases: (answer: Answers03["03.1"]) => [
      vectorCase(
        "∇ℓ_ε at w = (0.5, −1.2, 0.3), x = (0.8, −0.3, 0.5), y = +1, ε = 0.2",
        () => answer.gradient(v(0.5, -1.2, 0.3), v(0.8, -0.3, 0.5), 1, 0.2),
        adversarialLossGradient(v(0.5, -1.2, 0.3), v(0.8, -0.3, 0.5), 1, 0.2, "linf"),
        TOLERANCE,
        "∇ℓ_ε = σ(u)(−y x + ε sign(w)) with u = −y wᵀx + ε‖w‖₁: σ of the adversarial margin, not of the clean one",
      ),
      vectorCase(
        "∇ℓ_ε at w = (−0.7, 0.4, 2), x = (0.1, 0.9, −0.4), y = −1, ε = 0.5",
        () => answer.gradient(v(-0.7, 0.4, 2), v(0.1, 0.9, -0.4), -1, 0.5),
        adversarialLossGradient(v(-0.7, 0.4, 2), v(0.1, 0.9, -0.4), -1, 0.5, "linf"),
        TOLERANCE,
        "the dual norm of L∞ is ‖w‖₁ (sum of |wᵢ|), and its gradient is sign(w), not w/‖w‖₂",
      ),
      numberCase(
        "your ∂₀ℓ_ε against (ℓ_ε(w + t e₀) − ℓ_ε(w − t e₀)) / 2t, t = 1e-6, at w = (0.5, −1.2, 0.3), x = (0.8, −0.3, 0.5), y = −1, ε = 0.3",
        () => answer.gradient(v(0.5, -1.2, 0.3), v(0.8, -0.3, 0.5), -1, 0.3)[0],
        (adversarialLoss(v(0.5 + 1e-6, -1.2, 0.3), v(0.8, -0.3, 0.5), -1, 0.3, "linf") -
          adversarialLoss(v(0.5 - 1e-6, -1.2, 0.3), v(0.8, -0.3, 0.5), -1, 0.3, "linf")) /
          2e-6,
        { relative: 1e-6, absolute: 1e-9 },
        "the gradient must be the derivative of softplus(−y wᵀx + ε‖w‖₁): check the sign of the y x term",
      ),
      numberCase(
        "the jump J for margins u = (0, 1, −2), ε = 0.3",
        () => answer.jump(0.3, v(0, 1, -2)),
        linearLinfGradientJump(0.3, v(0, 1, -2)),
        TOLERANCE,
        "J = 2ε·meanₙ σ(uₙ): sign(wᵢ) goes from −1 to +1, a change of 2, weighted by each example's σ(uₙ)",
      ),
      numberCase(
        "J for a batch of 4 in ℝ³ crossing w₁ = 0 at w̄ = (0.6, 0, −0.4), ε = 0.25, from its margins at w̄, against the gradient difference at w₁ = ±1e-9",
        () => answer.jump(0.25, adversarialMargins(W_BAR, X, Y, 0.25, "linf")),
        linfJumpAcrossReference(0.25),
        { relative: 1e-6 },
        "average σ(uₙ) over the examples (the batch-mean loss), do not sum",
      ),
    ],
  },
];
