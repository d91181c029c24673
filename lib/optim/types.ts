// The optimiser contract the trainer drives. An optimiser updates a model's `params` (tf.Variables)
// in place and gets gradients from an oracle evaluated at the variables' CURRENT values. That is what
// lets one trainer serve all three optimisers: SGD asks once per step, SAM asks again at perturbed
// weights, and EntropySGD writes each inner iterate θ′ into the variables before asking, so an
// adversarial trainer's oracle re-attacks θ′ without knowing it is inside a Langevin chain (spec §5.6).
import type * as tf from "@tensorflow/tfjs";
import type { RngState } from "../core/rng";

export interface OracleRequest {
  /**
   * true: draw the next minibatch (and, in adversarial training, attack it at the current weights).
   * false: reuse the previous call's minibatch; SAM's second call evaluates the same examples at the
   * perturbed weights (the trainer decides whether to re-attack them there).
   */
  readonly freshBatch: boolean;
}

export interface OracleResult {
  /** Mean minibatch loss at the current weights (the data loss, without weight decay). */
  readonly loss: number;
  /** Gradients of that loss, one per variable, same order and shapes. The optimiser disposes them. */
  readonly grads: tf.Tensor[];
}

export type GradientOracle = (request: OracleRequest) => OracleResult;

export interface StepResult {
  /**
   * The loss of the step's FIRST oracle call. Every optimiser makes that call at the current weights θ
   * (EntropySGD's first inner iterate is θ′ = θ), so the number means the same for all of them: the
   * minibatch loss at the weights the step started from.
   */
  readonly loss: number;
  /** Oracle calls made by this step; the trainer multiplies by the attack's cost for its budget. */
  readonly oracleCalls: number;
}

export type OptimizerKind = "sgd" | "entropy-sgd" | "sam";

export interface Optimizer {
  readonly kind: OptimizerKind;
  readonly params: readonly tf.Variable[];
  /** Oracle calls every step() makes (SGD 1, SAM 2, EntropySGD L, or 1 when L = 0). */
  readonly oracleCallsPerStep: number;
  /** Every option after presets and defaults, JSON-serialisable, for result stamps. */
  readonly resolvedOptions: object;
  /**
   * One update. `progress` is the caller's clock for the learning-rate schedule: the trainer passes
   * epochs as a real number (e.g. 1.5) taken at the start of the step.
   */
  step(oracle: GradientOracle, progress: number): StepResult;
  /** The learning rate the schedule gives at `progress`. */
  learningRate(progress: number): number;
  /** Plain JSON data: momentum buffers, counters, RNG state; restoring it resumes bit-exactly. */
  state(): OptimizerState;
  /** Restores state(); throws before changing anything if it comes from another kind or other shapes. */
  loadState(state: OptimizerState): void;
  /** Frees the optimiser's tensors (not the variables). */
  dispose(): void;
}

/** Flat float32 values of one buffer per variable; JSON numbers hold float32 values exactly. */
export type Buffers = number[][];

export interface SgdState {
  readonly kind: "sgd";
  /** Shapes of the variables the state belongs to. */
  readonly shapes: number[][];
  /** Completed step() calls. */
  readonly steps: number;
  /** Momentum buffer v per variable, or null when momentum is 0. */
  readonly momentum: Buffers | null;
}

export interface EntropySgdState {
  readonly kind: "entropy-sgd";
  readonly shapes: number[][];
  /** Completed outer updates t; the scope is γ0(1+γ1)^t ('scoped') or γ0 ('constant'). */
  readonly t: number;
  /** The scope the next outer update will use (checked against γ0, γ1 and t on load). */
  readonly gamma: number;
  /** State of the stream that seeds the Langevin noise. */
  readonly rng: RngState;
  /** The outer SGD step (outer momentum buffer). */
  readonly outer: SgdState;
}

export interface SamState {
  readonly kind: "sam";
  readonly shapes: number[][];
  readonly steps: number;
  /** The base optimiser (SGD with momentum) that takes the step with the sharpness-aware gradient. */
  readonly base: SgdState;
}

export type OptimizerState = SgdState | EntropySgdState | SamState;
