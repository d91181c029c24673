// Checks of an attack's tensors, run before any work: shapes, dtypes, label range, NaNs, inputs outside
// the bounds, and models that emit probabilities. The value checks cost one small synchronous read.
import * as tf from "@tensorflow/tfjs";
import { assertLabelShape } from "../losses/cross-entropy";
import { Classifier, assertInputShape } from "../models/classifier";

export const DEFAULT_BOUNDS: [number, number] = [0, 1];

/** Throws unless bounds is [low, high] with low < high (either side may be infinite). */
export function assertBounds(bounds: unknown): asserts bounds is [number, number] {
  const ok =
    Array.isArray(bounds) &&
    bounds.length === 2 &&
    bounds.every((b) => typeof b === "number" && !Number.isNaN(b)) &&
    (bounds[0] as number) < (bounds[1] as number) &&
    bounds[0] !== Infinity &&
    bounds[1] !== -Infinity;
  if (!ok) {
    const shown = Array.isArray(bounds) ? `[${bounds.join(", ")}]` : String(bounds);
    throw new RangeError(`bounds must be [low, high] with low < high (±Infinity allowed), got ${shown}`);
  }
}

// Models already shown to emit logits; the check needs a forward pass, so it runs once per model.
const checkedModels = new WeakSet<Classifier>();

/** Tolerance of the "rows sum to one" test of a probability output. */
const PROBABILITY_TOLERANCE = 1e-4;
/** Examples run through the model by that test. */
const PROBABILITY_CHECK_ROWS = 64;

/**
 * Throws unless x is a float32 batch of the model's input shape with no NaN and every entry within the
 * bounds, and y an int32 Tensor1D of class ids (one per example, in [0, numClasses)). On the first call
 * with a model it also runs the model once and refuses outputs that look like probabilities (every row
 * in [0, 1] and summing to 1), which would make the attacks' softmax losses meaningless — the check
 * AutoAttack makes (`check_range_output`), turned into an error.
 */
export function assertAttackInputs(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, bounds: [number, number], xName = "x", yName = "y"): void {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${xName} must be a tf.Tensor, got ${String(x)}`);
  if (x.dtype !== "float32") throw new TypeError(`${xName} must have dtype float32, got ${x.dtype}`);
  assertInputShape(model, x, xName);
  if (x.shape[0] < 1) throw new RangeError(`${xName} must hold at least one example, got shape [${x.shape.join(", ")}]`);
  assertLabelShape(y, x.shape[0], yName);
  const checkOutputs = !checkedModels.has(model);
  const stats = tf.tidy(() => {
    const parts: tf.Tensor[] = [tf.sum(tf.cast(tf.isNaN(x), "float32")), tf.min(x), tf.max(x), tf.cast(tf.min(y), "float32"), tf.cast(tf.max(y), "float32")];
    if (checkOutputs) {
      // Any few rows show a softmax output; a bounded slice keeps a large evaluation set from running
      // through the model here in one piece.
      const rows = Math.min(x.shape[0], PROBABILITY_CHECK_ROWS);
      const z = model.logits(rows === x.shape[0] ? x : tf.slice(x, 0, rows));
      const inUnit = tf.logicalAnd(tf.greaterEqual(tf.min(z), 0), tf.lessEqual(tf.max(z), 1));
      const sumsToOne = tf.lessEqual(tf.max(tf.abs(tf.sub(tf.sum(z, 1), 1))), PROBABILITY_TOLERANCE);
      parts.push(tf.cast(tf.logicalAnd(inUnit, sumsToOne), "float32"));
    }
    return tf.stack(parts.map((p) => p.reshape([])));
  });
  const [nans, low, high, yLow, yHigh, probabilities] = Array.from(stats.dataSync());
  stats.dispose();
  if (nans > 0) throw new RangeError(`${xName} must not contain NaN, got ${nans} NaN entr${nans === 1 ? "y" : "ies"}`);
  if (low < bounds[0] || high > bounds[1]) {
    throw new RangeError(`${xName} must lie within bounds [${bounds[0]}, ${bounds[1]}], got values in [${low}, ${high}]`);
  }
  if (yLow < 0 || yHigh >= model.numClasses) {
    throw new RangeError(`${yName} must hold class ids in [0, ${model.numClasses}), got values in [${yLow}, ${yHigh}]`);
  }
  if (checkOutputs) {
    if (probabilities === 1) {
      throw new RangeError(
        `model ${model.name} seems to output probabilities (every row in [0, 1] and summing to 1), got such rows for all of the first ${Math.min(x.shape[0], PROBABILITY_CHECK_ROWS)} examples: attacks need logits (remove the softmax)`,
      );
    }
    checkedModels.add(model);
  }
}
