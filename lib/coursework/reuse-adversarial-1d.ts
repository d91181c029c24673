// Exercise 12.7's one-dimensional model of EntropySGD-AT's `reuseAdversarial` ablation [Derived here,
// building on T5]. The adversarial loss of a 1-D linear model under L∞,
//     f(θ) = meanₙ softplus(−yₙxₙθ + ε|θ|),
// has a kink at θ = 0 (T1(b)), and with the data below its minimum sits on the kink. EntropySGD with an
// attack per inner step samples p ∝ exp(−β[f(θ′) + (γ/2)(θ − θ′)²]), so its gradient estimate is
// F′_γ(θ) of the local entropy of f: continuous (T5). With `reuseAdversarial` the attack is computed once
// at the outer weights θ_c, δ* = −εy·sign(θ_c), and the inner loop samples the *frozen* loss
//     f_c(θ′) = meanₙ softplus(−yₙθ′(xₙ + δ*ₙ)) = meanₙ softplus(−yₙxₙθ′ + ε·sign(θ_c)·θ′),
// which is smooth in θ′ but switches with sign(θ_c). Its estimate γ(θ_c − E[θ′]) is the local-entropy
// derivative of f_c at θ_c, and jumps where sign(θ_c) changes: the reuse ablation does not smooth L_ε.
import { cleanLoss, meanAdversarialLoss, optimalAttack } from "../losses/adversarial-linear";
import { LocalEntropy1d } from "../theory/local-entropy-1d";

/** The data, the radius and the EntropySGD constants of exercise 12.7. */
export const REUSE_SETTING = {
  x: [1.0, 0.6, -0.4, 1.5] as readonly number[],
  y: [1, 1, -1, -1] as readonly number[],
  eps: 0.3,
  gamma: 1,
  beta: 50,
  /** A Lipschitz constant of f and of every f_c: maxₙ|xₙ| + ε. */
  lipschitz: 1.8,
} as const;

const { x, y, eps } = REUSE_SETTING;

/** f(θ) = meanₙ softplus(−yₙxₙθ + ε|θ|), the re-attacked L∞ adversarial loss. */
export function reuseAdversarialLoss(theta: number): number {
  return meanAdversarialLoss(new Float64Array([theta]), { data: Float64Array.from(x), d: 1 }, y, eps, "linf");
}

/** f_c(θ′): the loss at θ′ with the attack of θ_c held fixed (the frozen loss of the reuse ablation). */
export function frozenLossReference(thetaC: number, theta: number): number {
  let sum = 0;
  for (let n = 0; n < x.length; n++) {
    const delta = optimalAttack(new Float64Array([thetaC]), y[n], eps, "linf")[0];
    sum += cleanLoss(new Float64Array([theta]), new Float64Array([x[n] + delta]), y[n]);
  }
  return sum / x.length;
}

function localEntropyDerivative(f: (theta: number) => number, theta: number): number {
  const { gamma, beta, lipschitz } = REUSE_SETTING;
  return new LocalEntropy1d(f, { gamma, beta, thetaRange: [theta, theta], lipschitz }).derivative(theta);
}

/** EntropySGD's gradient estimate γ(θ − E[θ′]) with an attack per inner step: F′_γ of f at θ. */
export function reattackGradientReference(theta: number): number {
  return localEntropyDerivative(reuseAdversarialLoss, theta);
}

/** The same with `reuseAdversarial`: F′_γ of the frozen loss f_{θ_c} at θ_c. */
export function reuseGradientReference(thetaC: number): number {
  return localEntropyDerivative((t) => frozenLossReference(thetaC, t), thetaC);
}

/** The jump of the reuse estimate at θ_c = 0: its limit from the right minus its limit from the left. */
export function reuseJumpReference(): number {
  const side = (sign: number) => localEntropyDerivative((t) => frozenLossReference(sign, t), 0);
  return side(1) - side(-1);
}
