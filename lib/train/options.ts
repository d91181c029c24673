// The options of `fit`, their defaults and their checks. Everything that shapes a run is plain JSON
// (presets write it, checkpoints compare it, result files record it); only the progress display, the
// checkpoint location and the per-epoch callback are not part of a run's identity. A training attack
// given as a bound Attack (any attack of lib/attacks) enters the JSON as its description.
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertNonNegative, assertPositive, assertPositiveInteger } from "../core/validate";
import { pgdAttack } from "../attacks/pgd";
import type { Attack, PgdOptions } from "../attacks/types";
import type { Classifier } from "../models/classifier";
import { assertOptimizerSpec, resolveOptimizerSpec, type OptimizerSpec } from "../optim/registry";
import { stepDecay } from "../optim/schedules";
import { assertTrainingData, type TrainingData } from "./oracle";
import type { EpochLogEntry } from "./log";

export interface FitData {
  /** The training split. */
  readonly train: TrainingData;
  /** The held-out split evaluated after every epoch; absent or null: no evaluation. */
  readonly test?: TrainingData | null;
}

export interface FitEvaluationOptions {
  /**
   * The attack of the per-epoch robust accuracy. Default: PGD-20 at the training attack's norm and ε
   * (α = 2.5ε/20, one random start); without a training attack, none (clean accuracy only).
   */
  attack?: PgdOptions | null;
  /** Evaluate the first `examples` held-out examples each epoch; default (null) all of them. */
  examples?: number | null;
  /** Examples per evaluation batch; default 500. */
  batchSize?: number;
  /** Seed of the evaluation attack's starts, the same at every epoch so epochs compare; default 0. */
  seed?: number;
  /** Evaluate every `every` epochs (and always after the last); default 1. */
  every?: number;
  /**
   * Attacks run once after training on every held-out example, by name (e.g. {"pgd-20": ...,
   * "pgd-50x5": ...}): Table A's columns. Default none.
   */
  final?: Record<string, PgdOptions>;
}

export interface FitOptions {
  /**
   * Passes over the training data (the progress clock of learning-rate schedules and ε warm-up). A
   * pass is batchesPerEpoch minibatches drawn by the oracle, whatever the optimiser: EntropySGD's outer
   * step draws L of them, so at equal epochs SGD and EntropySGD spend the same gradient evaluations;
   * SAM spends about twice as many. May be fractional (e.g. 12.5 for SAM at the budget of 25 SGD epochs).
   */
  epochs: number;
  /** Minibatch size, at most the number of training examples; default 128. */
  batchSize?: number;
  /** Seeds the minibatch order, the training attack's starts and EntropySGD's noise; default 0. */
  seed?: number;
  /** Skip each epoch's smaller last minibatch; default false. */
  dropLast?: boolean;
  /**
   * Default: SGD, momentum 0.9, weight decay 5e-4, lr 0.05 ×0.1 at 50% and 75% of the epochs (paper-spec
   * §6). SAM's `reattack` and EntropySGD's `reuseAdversarial` say how their extra oracle calls treat the
   * training attack.
   */
  optimizer?: OptimizerSpec;
  /**
   * The training attack: PGD options (any), or any bound Attack of lib/attacks (e.g. `fgsm({...})`,
   * recorded by its description; it cannot be warmed up and needs an explicit evaluation.attack).
   * Null or absent: standard training.
   */
  attack?: PgdOptions | Attack | null;
  /** Epochs over which ε ramps linearly from 0 (warmup.ts; PGD options only); default 0 (none). */
  epsWarmup?: number;
  /** Stop before a step that would take the gradient evaluations past this budget; default null (no limit). */
  maxGradientEvaluations?: number | null;
  /** λ of the input-gradient penalty λ·mean ‖∇ₓCE‖₂² at the trained-on inputs (oracle.ts); default 0 (none). */
  inputGradientPenalty?: number;
  /** Per-epoch and final evaluation on `data.test`; null: none. The default needs `data.test`. */
  evaluation?: FitEvaluationOptions | null;
  /** Name of the run: checkpoints go to data/checkpoints/<run>/ and the progress line shows it. */
  run?: string;
  /** Checkpoint folder (overrides the one `run` names); absent with no `run`: no checkpoints. */
  checkpointDir?: string;
  /**
   * With checkpoints: true (default) continues the checkpointed run if there is one (a finished run
   * returns at once), false starts over and replaces it.
   */
  resume?: boolean;
  /** Show a progress line (notebook) or bar (terminal); default true. AT_QUIET=1 silences it. */
  progress?: boolean;
  /** Called after each epoch's checkpoint is written. */
  onEpochEnd?: (entry: EpochLogEntry) => void | Promise<void>;
  /**
   * Called after every optimiser step with the run's step count and the model at its new weights (S2
   * measures the gradient change of one step this way). Not part of a run's identity.
   */
  onStep?: (step: number) => void;
}

export const FIT_OPTION_NAMES = [
  "epochs",
  "batchSize",
  "seed",
  "dropLast",
  "optimizer",
  "attack",
  "epsWarmup",
  "maxGradientEvaluations",
  "inputGradientPenalty",
  "evaluation",
  "run",
  "checkpointDir",
  "resume",
  "progress",
  "onEpochEnd",
  "onStep",
] as const;

const EVALUATION_OPTION_NAMES = ["attack", "examples", "batchSize", "seed", "every", "final"] as const;

export interface ResolvedEvaluation {
  attack: PgdOptions | null;
  examples: number | null;
  batchSize: number;
  seed: number;
  every: number;
  final: Record<string, PgdOptions>;
}

/** A training attack in a run's JSON: PGD options, or a bound Attack's description. */
export type AttackConfig = PgdOptions | { readonly description: string };

/** Everything that defines a run, as JSON: what a checkpoint must match and a result file records. */
export interface FitConfig {
  epochs: number;
  batchSize: number;
  seed: number;
  dropLast: boolean;
  /** The optimiser spec with the trainer's defaults filled in and its learning rate described. */
  optimizer: Record<string, unknown>;
  attack: AttackConfig | null;
  epsWarmup: number;
  maxGradientEvaluations: number | null;
  /** Present only when > 0, so that runs without the penalty keep their configuration (and checkpoints). */
  inputGradientPenalty?: number;
  evaluation: ResolvedEvaluation | null;
}

/** The streams a run's seed is split into: the oracle's (minibatch order, attack starts) and EntropySGD's noise. */
export interface RunSeeds {
  readonly oracle: number;
  readonly noise: number;
}

export function runSeeds(seed: number): RunSeeds {
  assertSeed(seed);
  const streams = new Rng(seed);
  return { oracle: streams.seed(), noise: streams.seed() };
}

export interface ResolvedFitOptions {
  readonly config: FitConfig;
  /** The training attack as given (PGD options or a bound Attack), or null. */
  readonly attack: PgdOptions | Attack | null;
  readonly seeds: RunSeeds;
  /** The spec the optimiser is built from (may hold a Schedule function). */
  readonly optimizer: OptimizerSpec;
  readonly run: string | null;
  readonly checkpointDir: string | null;
  readonly resume: boolean;
  readonly progress: boolean;
  readonly onEpochEnd: ((entry: EpochLogEntry) => void | Promise<void>) | null;
  readonly onStep: ((step: number) => void) | null;
}

const PLAIN_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * The optimiser of paper-spec §6 (after Rice et al. 2020): SGD with momentum 0.9, weight decay 5e-4,
 * lr 0.05 multiplied by 0.1 at 50% and 75% of the run's epochs.
 */
export function defaultOptimizer(epochs: number): OptimizerSpec {
  return { kind: "sgd", lr: stepDecay(0.05, 0.1, epochs), momentum: 0.9, weightDecay: 5e-4 };
}

/** A bound Attack of lib/attacks (a function with a description and a cost), not PGD options. */
export function isBoundAttack(attack: unknown): attack is Attack {
  return typeof attack === "function" && typeof (attack as Attack).description === "string" && typeof (attack as Attack).cost === "object";
}

/** The training attack in the run's JSON. */
function attackConfig(attack: PgdOptions | Attack | null): AttackConfig | null {
  return attack === null ? null : isBoundAttack(attack) ? { description: attack.description } : attack;
}

/** Throws unless every input lies within the attack's box (checked once here, not at the first step). */
function assertWithinBounds(data: TrainingData, attack: PgdOptions, name: string): void {
  const [low, high] = attack.bounds ?? [0, 1];
  const range = tf.tidy(() => tf.stack([tf.min(data.x), tf.max(data.x)]));
  const [min, max] = range.dataSync();
  range.dispose();
  if (min < low || max > high) {
    throw new RangeError(`${name}.x must lie within the attack's bounds [${low}, ${high}], got values in [${min}, ${max}]`);
  }
}

function resolveEvaluation(
  value: FitEvaluationOptions | null | undefined,
  attack: PgdOptions | Attack | null,
  test: TrainingData | null,
): ResolvedEvaluation | null {
  if (value === null) return null;
  if (value === undefined && test === null) return null;
  if (test === null) throw new RangeError("evaluation needs held-out data: pass data.test, or evaluation: null");
  const o = value ?? {};
  if (typeof o !== "object" || Array.isArray(o)) throw new TypeError(`evaluation must be an object or null, got ${String(o)}`);
  assertKnownOptions("evaluation", o, EVALUATION_OPTION_NAMES);
  if (o.attack === undefined && isBoundAttack(attack)) {
    throw new RangeError(
      `evaluation.attack must be given (PGD options or null) when the training attack is a bound Attack (${attack.description}): its threat model is not known here`,
    );
  }
  const defaultAttack: PgdOptions | null = attack === null || isBoundAttack(attack) ? null : { norm: attack.norm, eps: attack.eps, steps: 20 };
  const evaluationAttack = o.attack === undefined ? defaultAttack : o.attack;
  if (evaluationAttack !== null) {
    pgdAttack(evaluationAttack); // checks the options
    assertWithinBounds(test, evaluationAttack, "data.test");
  }
  const examples = o.examples ?? null;
  if (examples !== null) {
    assertPositiveInteger("evaluation.examples", examples);
    if (examples > test.x.shape[0]) throw new RangeError(`evaluation.examples must be at most the ${test.x.shape[0]} held-out examples, got ${examples}`);
  }
  const batchSize = o.batchSize ?? 500;
  assertPositiveInteger("evaluation.batchSize", batchSize);
  const seed = o.seed ?? 0;
  assertSeed(seed, "evaluation.seed");
  const every = o.every ?? 1;
  assertPositiveInteger("evaluation.every", every);
  const final = o.final ?? {};
  if (final === null || typeof final !== "object" || Array.isArray(final)) {
    throw new TypeError(`evaluation.final must be an object {name: PgdOptions}, got ${String(final)}`);
  }
  for (const [name, options] of Object.entries(final)) {
    if (!PLAIN_NAME.test(name)) throw new RangeError(`evaluation.final: attack names must be plain words (letters, digits, . _ -), got "${name}"`);
    pgdAttack(options);
  }
  return { attack: evaluationAttack, examples, batchSize, seed, every, final: { ...final } };
}

/**
 * Checks the data and every option (before any training), fills in the defaults, and returns the
 * run's JSON configuration. Optimiser options are checked when the optimiser is built (lib/optim),
 * which the trainer also does before training.
 */
export function resolveFitOptions(model: Classifier, data: FitData, options: FitOptions): ResolvedFitOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`options must be an object with at least {epochs}, got ${String(options)}`);
  }
  assertKnownOptions("fit", options, FIT_OPTION_NAMES);
  if (data === null || typeof data !== "object") throw new TypeError(`data must be {train, test?}, got ${String(data)}`);
  assertKnownOptions("fit data", data, ["train", "test"]);
  assertTrainingData(model, data.train, "data.train");
  const test = data.test ?? null;
  if (test !== null) assertTrainingData(model, test, "data.test");
  const n = data.train.x.shape[0];

  const { epochs, batchSize = 128, seed = 0, dropLast = false, attack = null, epsWarmup = 0 } = options;
  assertPositive("epochs", epochs);
  assertPositiveInteger("batchSize", batchSize);
  if (batchSize > n) throw new RangeError(`batchSize must be at most the number of training examples (${n}), got ${batchSize}`);
  assertSeed(seed);
  assertBoolean("dropLast", dropLast);
  const optimizer = options.optimizer ?? defaultOptimizer(epochs);
  assertOptimizerSpec(optimizer);
  if (attack !== null && !isBoundAttack(attack)) {
    pgdAttack(attack); // checks the attack options
    assertWithinBounds(data.train, attack, "data.train");
  }
  assertNonNegative("epsWarmup", epsWarmup);
  if (epsWarmup > 0 && attack === null) throw new RangeError(`epsWarmup needs a training attack, got epsWarmup ${epsWarmup} with attack null`);
  if (epsWarmup > 0 && isBoundAttack(attack)) {
    throw new RangeError(`epsWarmup needs PGD options (rebuilt at every radius), got the bound attack ${attack.description}`);
  }
  const maxGradientEvaluations = options.maxGradientEvaluations ?? null;
  if (maxGradientEvaluations !== null) assertPositiveInteger("maxGradientEvaluations", maxGradientEvaluations);
  const inputGradientPenalty = options.inputGradientPenalty ?? 0;
  assertNonNegative("inputGradientPenalty", inputGradientPenalty);
  const evaluation = resolveEvaluation(options.evaluation, attack, test);

  const run = options.run ?? null;
  if (run !== null && (typeof run !== "string" || !PLAIN_NAME.test(run))) {
    throw new RangeError(`run must be a plain name (letters, digits, . _ -), got ${JSON.stringify(run)}`);
  }
  const checkpointDir = options.checkpointDir ?? null;
  if (checkpointDir !== null && (typeof checkpointDir !== "string" || checkpointDir === "")) {
    throw new TypeError(`checkpointDir must be a folder path, got ${JSON.stringify(checkpointDir)}`);
  }
  const resume = options.resume ?? true;
  assertBoolean("resume", resume);
  const progress = options.progress ?? true;
  assertBoolean("progress", progress);
  const onEpochEnd = options.onEpochEnd ?? null;
  if (onEpochEnd !== null && typeof onEpochEnd !== "function") throw new TypeError(`onEpochEnd must be a function, got ${String(onEpochEnd)}`);
  const onStep = options.onStep ?? null;
  if (onStep !== null && typeof onStep !== "function") throw new TypeError(`onStep must be a function, got ${String(onStep)}`);

  const seeds = runSeeds(seed);
  const config: FitConfig = {
    epochs,
    batchSize,
    seed,
    dropLast,
    optimizer: resolveOptimizerSpec(optimizer, { horizon: epochs, seed: seeds.noise }),
    attack: attackConfig(attack),
    epsWarmup,
    maxGradientEvaluations,
    ...(inputGradientPenalty > 0 ? { inputGradientPenalty } : {}),
    evaluation,
  };
  return { config, attack, seeds, optimizer, run, checkpointDir, resume, progress, onEpochEnd, onStep };
}
