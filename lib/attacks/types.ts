import type * as tf from "@tensorflow/tfjs";
import type { Norm } from "../core/norms";
import type { Classifier } from "../models/classifier";

/**
 * How an attack draws its starting perturbation δ₀ (then x + δ₀ is clipped to the bounds).
 *  - "zero": δ₀ = 0 (deterministic).
 *  - L∞ "uniform": uniform in the ε-box [−ε, ε]^d (Madry et al. 2018; Rice et al. 2020). Default for L∞.
 *  - L∞ "uniform-step": uniform in the box of the step size [−α, α]^d, clipped to the ε-box (the start
 *    of Liu et al. 2020's code, paper-spec §5.1).
 *  - L2 "gaussian-scaled": z/‖z‖₂ · u · ε with z ~ N(0, I), u ~ U(0, 1) per example (Rice et al. 2020,
 *    torchattacks). Default for L2 (see `defaultStart`). Not uniform in the ball: the radius is
 *    uniform, so in high dimension its mass sits much nearer 0 than the ball's.
 *  - L2 "uniform-ball": uniform in the ε-ball, z/‖z‖₂ · ε · u^(1/d) (Foolbox, ART). In high dimension
 *    nearly every draw lies close to the sphere.
 *  - L2 "uniform-data-box": x' uniform in the data bounds, δ₀ = x' − x projected onto the ε-ball
 *    (advertorch's `rand_init_delta`). Almost always on the sphere; needs finite bounds.
 *  - "sphere" (both norms): a random direction scaled to norm exactly ε: L∞ t/‖t‖_∞ · ε with
 *    t ~ U(−1, 1)^d, L2 z/‖z‖₂ · ε (AutoAttack's APGD start, the default of `apgd`).
 */
export type StartMode = "zero" | "uniform" | "uniform-step" | "gaussian-scaled" | "uniform-ball" | "uniform-data-box" | "sphere";

/** Start modes allowed for each norm. */
export const START_MODES: { readonly [N in Norm]: readonly StartMode[] } = {
  linf: ["zero", "uniform", "uniform-step", "sphere"],
  l2: ["zero", "gaussian-scaled", "uniform-ball", "uniform-data-box", "sphere"],
};

/**
 * The objective an attack maximises per example: "ce" (cross-entropy) or "dlr" (Croce & Hein 2020,
 * ≥ 3 classes). Targeted attacks (CE only) maximise −CE towards the label passed as `y`.
 */
export type AttackLoss = "ce" | "dlr";
export const ATTACK_LOSSES: readonly AttackLoss[] = ["ce", "dlr"];

/** Step size along the iterations: constant, or α_k = α·½(1 + cos(πk/K)) for k = 0 … K−1. */
export type StepSchedule = "constant" | "cosine";

export interface PgdOptions {
  norm: Norm;
  /** Radius of the threat model, ≥ 0 (0 returns x unchanged). */
  eps: number;
  /** Number of gradient steps K per restart, a positive integer. */
  steps: number;
  /** Step size α (> 0). Default 2.5·eps/steps (paper-spec §5.2); 20·eps/steps with the cosine schedule. */
  stepSize?: number;
  /** Default true. `false` starts at δ = 0 and makes the attack fully deterministic. */
  randomStart?: boolean;
  /** Start distribution when randomStart is true; default "uniform" (L∞) or "gaussian-scaled" (L2). */
  start?: StartMode;
  /** Independent runs; per example the one whose final point has the highest loss is kept. Default 1. */
  restarts?: number;
  /** Box the adversarial input must stay in. Default [0, 1]; [-Infinity, Infinity] switches it off. */
  bounds?: [number, number];
  /** Seed of the random starts. Default 0: the same call gives the same perturbation. */
  seed?: number;
  /** Objective, default "ce". */
  loss?: AttackLoss;
  /** Minimise the CE of the label given as y (a target class) instead of maximising it. Default false. */
  targeted?: boolean;
  /** Default "constant". */
  stepSchedule?: StepSchedule;
}

export interface FgsmOptions {
  norm: Norm;
  eps: number;
  bounds?: [number, number];
  loss?: AttackLoss;
  targeted?: boolean;
}

export interface ApgdOptions {
  norm: Norm;
  eps: number;
  /** Iterations N_iter per restart. Default 100 (Croce & Hein 2020). */
  steps?: number;
  restarts?: number;
  bounds?: [number, number];
  seed?: number;
  /** Default "ce" (APGD-CE); "dlr" gives APGD-DLR. */
  loss?: AttackLoss;
  /** Start distribution, default "sphere" (the official code); "zero" makes APGD deterministic. */
  start?: StartMode;
  /** Threshold of the oscillation condition, default 0.75 (the paper's ρ). */
  rho?: number;
  /**
   * "adversarial" (default, AutoAttack's `perturb`): per example a misclassified iterate when one was
   * found, else the highest-loss point. "max-loss": always the highest-loss point (`best_loss=True`).
   */
  keep?: "adversarial" | "max-loss";
}

/** A PGD run with what the smoothness estimators need besides the adversarial inputs. */
export interface PgdResult {
  /** x + δ, gradient stopped. */
  xAdv: tf.Tensor;
  /** The attack objective at xAdv, per example (CE or DLR; −CE when targeted). */
  loss: tf.Tensor1D;
  /**
   * Convergence gap per example: objective at the final iterate minus objective 10 iterates earlier
   * (at the start when steps ≤ 10), for the run that was kept (paper-spec §4, numerics note).
   */
  gap: tf.Tensor1D;
}

/**
 * An attack bound to its options: (model, x, y[, seed]) → adversarial inputs x + δ (a new tensor, not
 * connected to any gradient tape: the trainers differentiate at a fixed δ, Danskin's theorem). `seed`,
 * when given, replaces the bound seed for this call (a trainer passes one per batch).
 */
export interface Attack {
  (model: Classifier, x: tf.Tensor, y: tf.Tensor1D, seed?: number): tf.Tensor;
  /** Short description, e.g. "PGD-10 linf eps=0.3 (alpha=0.075)". */
  readonly description: string;
  /**
   * Cost of one call per example, for budget accounting: input-gradient evaluations (one forward and
   * one backward pass each) and extra forward-only passes.
   */
  readonly cost: { readonly gradientEvaluations: number; readonly forwardPasses: number };
}
