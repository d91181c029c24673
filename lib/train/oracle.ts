// The training gradient oracle: the one place where (adversarial) training computes a loss and its
// parameter gradient. Every optimiser drives it through `step(oracle, progress)` (lib/optim/types.ts),
// and it always works at the variables' CURRENT values, so:
//
//   - SGD asks once per step: next minibatch, attacked at θ (paper-spec §5.4);
//   - SAM asks again with freshBatch false at θ + ε̂: the same minibatch, re-attacked there (reattack
//     true, default) or with the x + δ found at θ (reattack false);
//   - EntropySGD asks L times, after writing each inner iterate θ′ into the variables: each call draws a
//     fresh minibatch and attacks it at θ′ (§5.6), or, in the `reuseAdversarial` ablation, the first
//     call draws and attacks one and the others reuse its adversarial inputs.
//
// The gradient is that of the mean cross-entropy at x + δ with δ held fixed (Danskin's theorem): the
// attack returns a tensor outside any gradient tape, and the parameter gradient is taken at it.
//
// Reproducible and resumable: the minibatch order comes from a seeded EpochSampler and each attack call
// takes its own seed from a seeded stream; `state()` holds both, and the cost counters.
// Fast: the one synchronous read per call is the loss and the number of correct predictions, read
// together (the attack's own input check reads a few scalars too).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed, type RngState } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertNonNegative, assertPositiveInteger, assertRngState } from "../core/validate";
import { EpochSampler, type EpochSamplerState } from "../data/batches";
import { crossEntropyAndLogitGradient, crossEntropyFromOneHot, oneHotLabels } from "../losses/cross-entropy";
import type { Classifier } from "../models/classifier";
import type { Attack } from "../attacks/types";
import type { GradientOracle, OracleRequest, OracleResult } from "../optim/types";
import { PENALTY_GRADIENT_EVALUATIONS, inputGradientPenalty } from "./input-gradient-penalty";

export interface TrainingData {
  /** Inputs [n, ...model.inputShape], float32 (in the attack's bounds for adversarial training). */
  readonly x: tf.Tensor;
  /** int32 class ids [n]. */
  readonly y: tf.Tensor1D;
}

export interface TrainingOracleOptions {
  /** Minibatch size, at most the number of examples. */
  batchSize: number;
  /** Seeds the minibatch order and the stream of attack seeds (two streams derived from it). Default 0. */
  seed?: number;
  /** The training attack; null or absent: standard training on the clean inputs. */
  attack?: Attack | null;
  /** Skip the smaller last minibatch of each epoch (default false). */
  dropLast?: boolean;
  /** Continue from a saved `state()` (the sampler position, the attack-seed stream and the counters). */
  state?: TrainingOracleState;
  /**
   * λ ≥ 0 of the input-gradient penalty λ·mean ‖∇ₓCE‖₂² at the trained-on inputs (input-gradient-penalty.ts):
   * added to the gradients (not to the reported loss, which stays the data loss); default 0 (none).
   */
  inputGradientPenalty?: number;
}

const OPTION_NAMES = ["batchSize", "seed", "attack", "dropLast", "state", "inputGradientPenalty"] as const;

/** What the oracle has spent, in the units of budget.ts. */
export interface OracleCounts {
  /** Gradient evaluations: one forward and one backward pass for one example (attack steps included). */
  gradientEvaluations: number;
  /** Forward-only passes for one example (attack restarts' loss evaluations). */
  forwardPasses: number;
  /** Oracle calls answered. */
  oracleCalls: number;
  /** Minibatches drawn. */
  freshBatches: number;
  /** Examples drawn (the sum of the drawn minibatches' sizes). */
  examples: number;
  /** Attack calls. */
  attacks: number;
}

export interface TrainingOracleState {
  readonly sampler: EpochSamplerState;
  readonly attackSeeds: RngState;
  readonly counts: OracleCounts;
}

/** The last call's loss and accuracy on the inputs it trained on (adversarial ones in adversarial training). */
export interface CallStats {
  readonly loss: number;
  /** Correctly classified examples of the minibatch. */
  readonly correct: number;
  readonly examples: number;
  /** Whether the inputs were attacked (false in standard training or at ε = 0). */
  readonly adversarial: boolean;
}

export interface TrainingOracle extends GradientOracle {
  /** The attack used by the next calls; the trainer changes it during an ε warm-up. */
  attack: Attack | null;
  readonly sampler: EpochSampler;
  readonly counts: Readonly<OracleCounts>;
  readonly last: CallStats | null;
  /** Plain JSON, taken between optimiser steps (a step's requests other than fresh ones use the held minibatch). */
  state(): TrainingOracleState;
  /** Frees the held minibatch. */
  dispose(): void;
}

/** Throws unless `data` is float32 inputs of the model's shape and int32 labels that are class ids. */
export function assertTrainingData(model: Classifier, data: TrainingData, name = "data"): void {
  if (data === null || typeof data !== "object") throw new TypeError(`${name} must be {x, y} tensors, got ${String(data)}`);
  const { x, y } = data;
  if (!(x instanceof tf.Tensor) || x.isDisposed) throw new TypeError(`${name}.x must be a live tf.Tensor, got ${String(x)}`);
  if (!(y instanceof tf.Tensor) || y.isDisposed) throw new TypeError(`${name}.y must be a live int32 tf.Tensor1D, got ${String(y)}`);
  if (x.dtype !== "float32") throw new TypeError(`${name}.x must have dtype float32, got ${x.dtype}`);
  const shape = model.inputShape;
  if (x.rank !== shape.length + 1 || !shape.every((d, i) => x.shape[i + 1] === d) || x.shape[0] < 1) {
    throw new RangeError(`${name}.x must have shape [n ≥ 1, ${shape.join(", ")}] for model ${model.name}, got [${x.shape.join(", ")}]`);
  }
  if (y.dtype !== "int32" || y.rank !== 1 || y.shape[0] !== x.shape[0]) {
    throw new RangeError(`${name}.y must be an int32 Tensor1D of ${x.shape[0]} class ids, got ${y.dtype} [${y.shape.join(", ")}]`);
  }
  const labels = y.dataSync();
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0 && labels[i] < model.numClasses)) {
      throw new RangeError(`${name}.y[${i}] must be a class id in [0, ${model.numClasses}), got ${labels[i]}`);
    }
  }
}

function assertAttackOrNull(attack: unknown): asserts attack is Attack | null {
  if (attack === null) return;
  const a = attack as Partial<Attack> | undefined;
  if (typeof attack !== "function" || a?.cost === undefined || typeof a.cost.gradientEvaluations !== "number") {
    throw new TypeError(`attack must be an Attack (e.g. pgdAttack({...})) or null, got ${String(attack)}`);
  }
}

function copyCounts(c: OracleCounts): OracleCounts {
  return { ...c };
}

function checkCounts(value: unknown): OracleCounts {
  const keys: (keyof OracleCounts)[] = ["gradientEvaluations", "forwardPasses", "oracleCalls", "freshBatches", "examples", "attacks"];
  const c = value as Partial<OracleCounts> | null;
  if (c === null || typeof c !== "object" || !keys.every((k) => Number.isInteger(c[k]) && (c[k] as number) >= 0)) {
    throw new RangeError(`state.counts must hold non-negative integers ${keys.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return copyCounts(c as OracleCounts);
}

interface HeldBatch {
  x: tf.Tensor;
  y: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  /** The attacked inputs, or null when training on x itself. */
  xAdv: tf.Tensor | null;
}

/**
 * The minibatch's mean cross-entropy, how many examples the model gets right, and the gradients of that
 * mean with respect to the parameters (in their order): by the model's own backward pass where it has
 * one (the MLP: about 25 kernels a step instead of the tape's 100), by the engine's tape otherwise.
 */
function meanLossAndGradients(
  model: Classifier,
  inputs: tf.Tensor,
  y: tf.Tensor1D,
  oneHot: tf.Tensor2D,
): { value: tf.Scalar; correct: tf.Scalar; grads: tf.Tensor[] } {
  const correctOf = (logits: tf.Tensor2D) => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32")) as tf.Scalar;
  if (model.valueAndParamGradients !== undefined) {
    const own = model.valueAndParamGradients(inputs, (logits) => crossEntropyAndLogitGradient(logits, oneHot));
    const [value, correct] = tf.tidy(() => [tf.mean(own.value) as tf.Scalar, correctOf(own.logits)]);
    tf.dispose([own.logits, own.value]);
    return { value, correct, grads: own.grads };
  }
  let correct: tf.Scalar | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.logits(inputs);
    correct = tf.keep(correctOf(logits));
    return tf.mean(crossEntropyFromOneHot(logits, oneHot)) as tf.Scalar;
  }, model.params);
  return { value, correct: correct as unknown as tf.Scalar, grads: model.params.map((p) => grads[p.name]) };
}

/**
 * A gradient oracle over `data` for any optimiser of lib/optim. For example, one adversarial
 * EntropySGD step (the bench's `entropy-sgd-step`):
 *
 *     const oracle = trainingOracle(model, train, { batchSize: 128, seed: 0, attack: pgdAttack({ norm: "linf", eps: 0.1, steps: 10 }) });
 *     new EntropySgd(model.params, { L: 5, horizon: 1 }).step(oracle, 0);
 *
 * The caller owns `data` and must call `dispose()`.
 */
export function trainingOracle(model: Classifier, data: TrainingData, options: TrainingOracleOptions): TrainingOracle {
  assertKnownOptions("trainingOracle", options, OPTION_NAMES);
  const { batchSize, seed = 0, attack = null, dropLast = false, state, inputGradientPenalty: lambda = 0 } = options;
  assertTrainingData(model, data);
  const n = data.x.shape[0];
  assertPositiveInteger("batchSize", batchSize);
  if (batchSize > n) throw new RangeError(`batchSize must be at most the number of training examples (${n}), got ${batchSize}`);
  assertSeed(seed);
  assertAttackOrNull(attack);
  assertBoolean("dropLast", dropLast);
  assertNonNegative("inputGradientPenalty", lambda);

  let sampler: EpochSampler;
  let seeds: Rng;
  let counts: OracleCounts;
  if (state !== undefined) {
    if (state === null || typeof state !== "object") throw new TypeError(`state must be a TrainingOracleState, got ${String(state)}`);
    sampler = EpochSampler.fromState(state.sampler);
    if (sampler.n !== n || sampler.batchSize !== batchSize || sampler.dropLast !== dropLast) {
      throw new RangeError(
        `state.sampler is for ${sampler.n} examples in batches of ${sampler.batchSize} (dropLast ${sampler.dropLast}), ` +
          `not ${n} in batches of ${batchSize} (dropLast ${dropLast})`,
      );
    }
    assertRngState("state.attackSeeds", state.attackSeeds);
    seeds = Rng.fromState(state.attackSeeds);
    counts = checkCounts(state.counts);
  } else {
    const streams = new Rng(seed);
    sampler = new EpochSampler(n, { batchSize, seed: streams.seed(), dropLast, shuffle: true });
    seeds = new Rng(streams.seed());
    counts = { gradientEvaluations: 0, forwardPasses: 0, oracleCalls: 0, freshBatches: 0, examples: 0, attacks: 0 };
  }

  // Minibatches are copied from a host-side copy of the data: tf.gather takes about 4 ms for 128 MNIST
  // images on the wasm and cpu backends (as long as a whole MLP training step), a typed-array copy 0.2 ms.
  // The copy is taken once, here: the oracle trains on the data as they were when it was made.
  const hostX = data.x.dataSync() as Float32Array;
  const hostY = data.y.dataSync() as Int32Array;
  const exampleSize = data.x.size / n;
  const batchShape = data.x.shape.slice(1);

  let currentAttack: Attack | null = attack;
  let held: HeldBatch | null = null;
  let last: CallStats | null = null;
  let disposed = false;

  const release = (): void => {
    if (held !== null) tf.dispose([held.x, held.y, held.oneHot, ...(held.xAdv === null ? [] : [held.xAdv])]);
    held = null;
  };

  const draw = (): HeldBatch => {
    release();
    const indices = sampler.nextBatch();
    const size = indices.length;
    const xs = new Float32Array(size * exampleSize);
    const ys = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const from = indices[i] * exampleSize;
      xs.set(hostX.subarray(from, from + exampleSize), i * exampleSize);
      ys[i] = hostY[indices[i]];
    }
    const y = tf.tensor1d(ys, "int32");
    const batch = { x: tf.tensor(xs, [size, ...batchShape], "float32"), y, oneHot: oneHotLabels(y, model.numClasses) };
    held = { ...batch, xAdv: null };
    counts.freshBatches += 1;
    counts.examples += indices.length;
    return held;
  };

  const attackHeld = (batch: HeldBatch): void => {
    if (batch.xAdv !== null) {
      batch.xAdv.dispose();
      batch.xAdv = null;
    }
    if (currentAttack === null) return;
    const size = batch.x.shape[0];
    batch.xAdv = currentAttack(model, batch.x, batch.y, seeds.seed());
    counts.attacks += 1;
    counts.gradientEvaluations += currentAttack.cost.gradientEvaluations * size;
    counts.forwardPasses += currentAttack.cost.forwardPasses * size;
  };

  const oracle = (request: OracleRequest): OracleResult => {
    if (disposed) throw new Error("trainingOracle: the oracle was disposed");
    if (
      request === null ||
      typeof request !== "object" ||
      typeof request.freshBatch !== "boolean" ||
      (request.reattack !== undefined && typeof request.reattack !== "boolean")
    ) {
      throw new TypeError(`trainingOracle: request must be {freshBatch: boolean, reattack?: boolean}, got ${JSON.stringify(request)}`);
    }
    let batch: HeldBatch;
    if (request.freshBatch) {
      batch = draw();
      attackHeld(batch);
    } else {
      if (held === null) throw new Error("trainingOracle: a request with freshBatch false came before any minibatch was drawn");
      batch = held;
      if (request.reattack !== false) attackHeld(batch);
    }
    const inputs = batch.xAdv ?? batch.x;
    const { value, correct, grads } = meanLossAndGradients(model, inputs, batch.y, batch.oneHot);
    const both = tf.stack([value, correct]);
    const [loss, right] = both.dataSync();
    tf.dispose([value, correct, both]);
    const size = batch.x.shape[0];
    counts.gradientEvaluations += size;
    counts.oracleCalls += 1;
    last = { loss, correct: right, examples: size, adversarial: batch.xAdv !== null };
    if (lambda === 0) return { loss, grads };
    const penalty = inputGradientPenalty(model, inputs, batch.oneHot, lambda);
    counts.gradientEvaluations += PENALTY_GRADIENT_EVALUATIONS * size;
    const total = grads.map((g, i) => tf.add(g, penalty.grads[i]));
    tf.dispose([...grads, ...penalty.grads]);
    return { loss, grads: total };
  };

  // Accessors, not copied values: Object.assign would read each getter once.
  Object.defineProperties(oracle, {
    attack: {
      get: (): Attack | null => currentAttack,
      set: (value: Attack | null) => {
        assertAttackOrNull(value);
        currentAttack = value;
      },
      enumerable: true,
    },
    sampler: { get: (): EpochSampler => sampler, enumerable: true },
    counts: { get: (): OracleCounts => copyCounts(counts), enumerable: true },
    last: { get: (): CallStats | null => last, enumerable: true },
    state: {
      value: (): TrainingOracleState => ({ sampler: sampler.state(), attackSeeds: seeds.state(), counts: copyCounts(counts) }),
    },
    dispose: {
      value: (): void => {
        release();
        disposed = true;
      },
    },
  });
  return oracle as TrainingOracle;
}
