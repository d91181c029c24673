// Accuracy under attack, in batches: clean accuracy, robust accuracy with per-example outcomes, and
// the accuracy-against-ε curve of Foolbox-style robustness plots.
//
// Conventions (as AutoAttack and RobustBench count): an example is *robust* when the model classifies
// both x and the attack's x + δ correctly; the attack *succeeds* on an example when the model
// misclassifies x + δ (Foolbox's `success`; an example misclassified to begin with counts as a success
// whatever the attack returns). Robust accuracy = mean(robust) ≤ 1 − mean(success).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertKnownOptions, assertNonNegative, assertPositiveInteger } from "../core/validate";
import { crossEntropyFromOneHot, oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { assertAttackInputs } from "./inputs";
import { Attack } from "./types";

export interface EvaluationOptions {
  /** Examples per batch, default 256. */
  batchSize?: number;
  /**
   * When given, batch b is attacked with the b-th seed drawn from Rng(seed), so batches get different
   * random starts; by default every batch uses the attack's own bound seed.
   */
  seed?: number;
  /** Called after each batch with (examples done, total). */
  onProgress?: (done: number, total: number) => void;
}

const OPTION_NAMES = ["batchSize", "seed", "onProgress"] as const;
const NO_BOUNDS: [number, number] = [-Infinity, Infinity];

export interface AccuracyResult {
  accuracy: number;
  count: number;
  /** 1 where the model classifies the example correctly. */
  correct: Uint8Array;
  /** Mean cross-entropy over the examples. */
  meanLoss: number;
}

export interface RobustAccuracyResult {
  /** Share of examples classified correctly both clean and under attack. */
  robustAccuracy: number;
  cleanAccuracy: number;
  /** Share of examples misclassified under attack (see `success`). */
  successRate: number;
  count: number;
  /** Per example: 1 where the clean input is classified correctly. */
  correct: Uint8Array;
  /** Per example: 1 where clean and adversarial inputs are both classified correctly. */
  robust: Uint8Array;
  /** Per example: 1 where the adversarial input is misclassified. */
  success: Uint8Array;
  /** Mean cross-entropy at the adversarial inputs. */
  meanAdversarialLoss: number;
  /** The attack's description. */
  attack: string;
}

interface Resolved {
  batchSize: number;
  seedFor: (batch: number) => number | undefined;
  onProgress?: (done: number, total: number) => void;
}

function resolve(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: EvaluationOptions): Resolved {
  assertKnownOptions("evaluation", options, OPTION_NAMES);
  const { batchSize = 256, seed, onProgress } = options;
  assertPositiveInteger("batchSize", batchSize);
  if (seed !== undefined) assertSeed(seed);
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError(`onProgress must be a function, got ${String(onProgress)}`);
  assertAttackInputs(model, x, y, NO_BOUNDS);
  const seeds: number[] = [];
  const rng = seed === undefined ? null : new Rng(seed);
  const seedFor = (b: number): number | undefined => {
    if (rng === null) return undefined;
    while (seeds.length <= b) seeds.push(rng.seed());
    return seeds[b];
  };
  return { batchSize, seedFor, onProgress };
}

function assertAttack(attack: unknown, name = "attack"): asserts attack is Attack {
  if (typeof attack !== "function") throw new TypeError(`${name} must be an Attack (e.g. pgdAttack({...})), got ${String(attack)}`);
}

/** Runs fn over consecutive batches [start, start + size) of x and y, disposing each slice. */
function forEachBatch(
  x: tf.Tensor,
  y: tf.Tensor1D,
  batchSize: number,
  fn: (xb: tf.Tensor, yb: tf.Tensor1D, start: number, index: number) => void,
  onProgress?: (done: number, total: number) => void,
): void {
  const n = x.shape[0];
  for (let start = 0, index = 0; start < n; start += batchSize, index++) {
    const size = Math.min(batchSize, n - start);
    const xb = size === n ? x : tf.slice(x, start, size);
    const yb = size === n ? y : (tf.slice(y, start, size) as tf.Tensor1D);
    try {
      fn(xb, yb, start, index);
    } finally {
      if (xb !== x) tf.dispose([xb, yb]);
    }
    onProgress?.(start + size, n);
  }
}

/** Predictions (correct or not) and cross-entropy of a batch: [correct..., loss...] read at once. */
function correctAndLoss(model: Classifier, xb: tf.Tensor, yb: tf.Tensor1D): { correct: Float32Array; loss: Float32Array } {
  const both = tf.tidy(() => {
    const logits = model.logits(xb);
    const correct = tf.cast(tf.equal(tf.argMax(logits, 1), yb), "float32");
    return tf.concat([correct, crossEntropyFromOneHot(logits, oneHotLabels(yb, model.numClasses))]);
  });
  const values = both.dataSync() as Float32Array;
  both.dispose();
  const n = xb.shape[0];
  return { correct: values.subarray(0, n), loss: values.subarray(n) };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length === 0 ? NaN : s / values.length;
}

/** Accuracy on the inputs as given (no attack), with per-example correctness. */
export function cleanAccuracy(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: EvaluationOptions = {}): AccuracyResult {
  const o = resolve(model, x, y, options);
  const n = x.shape[0];
  const correct = new Uint8Array(n);
  const losses = new Float64Array(n);
  forEachBatch(
    x,
    y,
    o.batchSize,
    (xb, yb, start) => {
      const r = correctAndLoss(model, xb, yb);
      for (let i = 0; i < r.correct.length; i++) {
        correct[start + i] = r.correct[i];
        losses[start + i] = r.loss[i];
      }
    },
    o.onProgress,
  );
  return { accuracy: mean(correct), count: n, correct, meanLoss: mean(losses) };
}

/** Robust accuracy of the model against `attack`, in batches, with per-example outcomes. */
export function robustAccuracy(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, attack: Attack, options: EvaluationOptions = {}): RobustAccuracyResult {
  assertAttack(attack);
  const o = resolve(model, x, y, options);
  const n = x.shape[0];
  const correct = new Uint8Array(n);
  const robust = new Uint8Array(n);
  const success = new Uint8Array(n);
  const losses = new Float64Array(n);
  forEachBatch(
    x,
    y,
    o.batchSize,
    (xb, yb, start, index) => {
      const clean = correctAndLoss(model, xb, yb);
      const xAdv = attack(model, xb, yb, o.seedFor(index));
      let adversarial: { correct: Float32Array; loss: Float32Array };
      try {
        adversarial = correctAndLoss(model, xAdv, yb);
      } finally {
        xAdv.dispose();
      }
      for (let i = 0; i < clean.correct.length; i++) {
        correct[start + i] = clean.correct[i];
        success[start + i] = adversarial.correct[i] === 1 ? 0 : 1;
        robust[start + i] = clean.correct[i] === 1 && adversarial.correct[i] === 1 ? 1 : 0;
        losses[start + i] = adversarial.loss[i];
      }
    },
    o.onProgress,
  );
  return {
    robustAccuracy: mean(robust),
    cleanAccuracy: mean(correct),
    successRate: mean(success),
    count: n,
    correct,
    robust,
    success,
    meanAdversarialLoss: mean(losses),
    attack: attack.description ?? "attack",
  };
}

export interface AccuracyVsEpsRow {
  eps: number;
  /** Robust accuracy at this ε (the clean accuracy at ε = 0). */
  accuracy: number;
  cleanAccuracy: number;
  successRate: number;
  meanAdversarialLoss: number;
  attack: string;
}

/**
 * Robust accuracy for each ε of `epsList`, attacking with `attackFor(eps)`: the rows of an
 * accuracy-against-ε curve. ε = 0 is evaluated without an attack (the clean accuracy).
 */
export function accuracyVsEps(
  model: Classifier,
  x: tf.Tensor,
  y: tf.Tensor1D,
  attackFor: (eps: number) => Attack,
  epsList: number[],
  options: EvaluationOptions = {},
): AccuracyVsEpsRow[] {
  if (typeof attackFor !== "function") throw new TypeError(`attackFor must be a function eps → Attack, got ${String(attackFor)}`);
  if (!Array.isArray(epsList) || epsList.length === 0) throw new RangeError(`epsList must be a non-empty array of ε values, got ${String(epsList)}`);
  epsList.forEach((eps, i) => assertNonNegative(`epsList[${i}]`, eps));
  const attacks = epsList.map((eps) => (eps === 0 ? null : attackFor(eps)));
  attacks.forEach((a, i) => a !== null && assertAttack(a, `attackFor(${epsList[i]})`));
  resolve(model, x, y, options);
  return epsList.map((eps, i) => {
    const attack = attacks[i];
    if (attack === null) {
      const clean = cleanAccuracy(model, x, y, options);
      return {
        eps,
        accuracy: clean.accuracy,
        cleanAccuracy: clean.accuracy,
        successRate: 1 - clean.accuracy,
        meanAdversarialLoss: clean.meanLoss,
        attack: "none",
      };
    }
    const r = robustAccuracy(model, x, y, attack, options);
    return {
      eps,
      accuracy: r.robustAccuracy,
      cleanAccuracy: r.cleanAccuracy,
      successRate: r.successRate,
      meanAdversarialLoss: r.meanAdversarialLoss,
      attack: r.attack,
    };
  });
}
