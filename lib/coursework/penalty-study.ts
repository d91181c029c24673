// Exercise 12.8: claim C4 at model level with an input-gradient penalty [Project design; the penalty
// λ‖∇ₓℓ‖² is the per-model variant of E4 in paper-spec §7], in the setting where everything is closed
// form: a linear model with the logistic loss under an L2 attack (T1(a)). At the adversarial point
//     ∇ₓℓ(x + δ*, w) = −y σ(u) w,   u = −y wᵀx + ε‖w‖₂,   so   ‖∇ₓℓ‖² = σ(u)²‖w‖²,
// and, with σ′ = σ(1 − σ) and ∇_w u = −y x + ε w/‖w‖,
//     ∇_w ‖∇ₓℓ‖² = 2σ(u)²[(1 − σ(u))‖w‖²(−y x + ε w/‖w‖) + w].
// A larger λ makes the model flatter in input space (smaller ‖∇ₓℓ‖); T1(a)'s curvature term ε/‖w‖
// predicts that the adversarial loss then gets *less* smooth in w: C4.
import { norm2 } from "../core/linalg64";
import { Rng } from "../core/rng";
import { adversarialMargin, meanAdversarialLossGradient, meanAdversarialLossGradientRatio, sigmoid } from "../losses/adversarial-linear";
import { blobsFloat64 } from "../data/synthetic-2d";
import { median } from "../parameter-space/statistics";

export type PenaltyGradient = (w: Float64Array, x: Float64Array, y: number, eps: number) => Float64Array;

/** ‖∇ₓℓ(x + δ*, w)‖₂² = σ(u)²‖w‖² for the L2 attack. */
export function penaltyReference(w: Float64Array, x: Float64Array, y: number, eps: number): number {
  const s = sigmoid(adversarialMargin(w, x, y, eps, "l2"));
  return s * s * norm2(w) ** 2;
}

/** ∇_w of penaltyReference. */
export const penaltyGradientReference: PenaltyGradient = (w, x, y, eps) => {
  const s = sigmoid(adversarialMargin(w, x, y, eps, "l2"));
  const r = norm2(w);
  return w.map((wi, i) => 2 * s * s * ((1 - s) * r * r * (-y * x[i] + (eps * wi) / r) + wi));
};

export const PENALTY_STUDY = { lambdas: [0, 0.1, 0.3, 1, 3], eps: 0.5, steps: 300, lr: 0.2, h: 1e-4, directions: 8, examples: 200 } as const;

/** Two 2-D data sets of two Gaussian blobs: classes that overlap, and classes that are separable (with margin). */
export const PENALTY_DATA = {
  overlapping: { std: 1, radius: 1 },
  separable: { std: 0.5, radius: 2 },
} as const;
export type PenaltyData = keyof typeof PENALTY_DATA;

export interface PenaltyRow {
  readonly lambda: number;
  readonly weightNorm: number;
  /** S4: meanₙ ‖∇ₓℓ(xₙ + δ*ₙ, w)‖₂ (smaller = flatter in input space). */
  readonly flatness: number;
  /** S1: median over random unit directions of the gradient-Lipschitz ratio at step h. */
  readonly s1: number;
}

/**
 * Trains the L2-adversarial logistic model with the penalty λ·meanₙ‖∇ₓℓ‖² for each λ of PENALTY_STUDY
 * (full-batch gradient descent from w = (0.5, 0.5)) on one of the two data sets, and measures S4 and S1.
 */
export function penaltyStudy(penaltyGradient: PenaltyGradient, dataset: PenaltyData = "overlapping", seed = 0): PenaltyRow[] {
  const { lambdas, eps, steps, lr, h, directions, examples } = PENALTY_STUDY;
  const blobs = blobsFloat64({ n: examples, centers: 2, ...PENALTY_DATA[dataset], seed });
  const data = { data: blobs.x, d: 2 };
  const y = Array.from(blobs.y, (c) => 2 * c - 1);
  const row = (n: number) => blobs.x.subarray(2 * n, 2 * n + 2);
  return lambdas.map((lambda) => {
    let w = new Float64Array([0.5, 0.5]);
    for (let t = 0; t < steps; t++) {
      const g = meanAdversarialLossGradient(w, data, y, eps, "l2");
      for (let n = 0; n < examples; n++) {
        const p = penaltyGradient(w, row(n), y[n], eps);
        for (let i = 0; i < 2; i++) g[i] += (lambda * p[i]) / examples;
      }
      w = w.map((wi, i) => wi - lr * g[i]);
    }
    let flatness = 0;
    for (let n = 0; n < examples; n++) flatness += (sigmoid(adversarialMargin(w, row(n), y[n], eps, "l2")) * norm2(w)) / examples;
    const rng = new Rng(seed);
    const ratios = Array.from({ length: directions }, () => {
      const angle = 2 * Math.PI * rng.uniform();
      return meanAdversarialLossGradientRatio(w, new Float64Array([Math.cos(angle), Math.sin(angle)]), h, data, y, eps, "l2");
    });
    return { lambda, weightNorm: norm2(w), flatness, s1: median(ratios) };
  });
}
