// The optimiser contract the trainer drives. An optimiser updates a model's `params` (tf.Variables)
// in place and gets gradients from an oracle evaluated at the variables' CURRENT values. That is what
// lets one trainer serve every optimiser: SGD asks once per step, SAM asks again at perturbed weights,
// and EntropySGD writes each inner iterate θ′ into the variables before asking, so an adversarial
// trainer's oracle re-attacks θ′ without knowing it is inside a Langevin chain (spec §5.6).
//
// The trainer knows optimisers only through this contract: what a step will ask of the oracle
// (`callPlan`, which prices the step against a budget before it is taken), what to log
// (`diagnostics`), how to describe the run (`description`) and how to save and resume (`state`). A new
// optimiser is one file that implements it and exports an OptimizerDefinition, listed in registry.ts.
import type * as tf from "@tensorflow/tfjs";

export interface OracleRequest {
  /**
   * true: draw the next minibatch (and, in adversarial training, attack it at the current weights).
   * false: the previous call's minibatch again, e.g. SAM's second call at the perturbed weights.
   */
  readonly freshBatch: boolean;
  /**
   * With freshBatch false, in adversarial training: attack the held minibatch again at the current
   * weights (true, the default) or reuse the adversarial inputs of the previous call (false).
   */
  readonly reattack?: boolean;
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
  /** Oracle calls made by this step (callPlan.length). */
  readonly oracleCalls: number;
}

/** Plain JSON data of an optimiser: its kind, the shapes of its variables, and what else it keeps. */
export interface OptimizerState {
  readonly kind: string;
  readonly shapes: number[][];
  /** What else the kind keeps (SgdState, SamState, EntropySgdState). */
  readonly [field: string]: unknown;
}

export interface Optimizer {
  /** The name its OptimizerDefinition registers, e.g. "sgd". */
  readonly kind: string;
  readonly params: readonly tf.Variable[];
  /** The oracle requests every step() makes, in order: SGD one, SAM two, EntropySGD L (one when L = 0). */
  readonly callPlan: readonly OracleRequest[];
  /** Every option after presets and defaults, JSON-serialisable, for result stamps. */
  readonly resolvedOptions: object;
  /** One line for a result's stamp, e.g. "SGD (momentum 0.9, wd 0.0005, lr 0.05 ×0.1 at epoch 1)". */
  readonly description: string;
  /** Numbers worth logging besides the learning rate, as they stand now (EntropySGD: its scope γ). */
  diagnostics(): Record<string, number>;
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

/** What the trainer knows of a run and lends an optimiser as defaults. */
export interface RunContext {
  /** The run's length in epochs. */
  readonly horizon: number;
  /** A seed derived from the run's seed, for the optimiser's own randomness. */
  readonly seed: number;
}

/** An optimiser kind, as registry.ts builds it from a JSON spec { kind, ...options }. */
export interface OptimizerDefinition<O extends object = object> {
  readonly kind: string;
  /** Options the run supplies when the spec leaves them out (EntropySGD: its horizon and noise seed). */
  runDefaults?(options: O, run: RunContext): Partial<O>;
  create(params: readonly tf.Variable[], options: O): Optimizer;
}

/** Flat float32 values of one buffer per variable; JSON numbers hold float32 values exactly. */
export type Buffers = number[][];
