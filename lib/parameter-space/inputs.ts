// Argument checks shared by the estimators, run before any work: the batch against the model, the grid
// of steps h, directions in parameter space (option names and scalars: lib/core/validate.ts). Each
// error names the argument and its value.
import * as tf from "@tensorflow/tfjs";
import { assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";
import { assertLabelShape, assertLabelValues } from "../losses/cross-entropy";
import { Classifier, assertInputShape } from "../models/classifier";
import { assertParamVector, paramCount } from "../models/params";

/** How a step h becomes a distance in parameter space: ‖Δθ‖ = h·‖θ‖ ("relative") or ‖Δθ‖ = h ("absolute"). */
export type StepScale = "relative" | "absolute";
export const STEP_SCALES: readonly StepScale[] = ["relative", "absolute"];

/** x: a float32 batch of the model's input shape with ≥ 1 example and no NaN; y: int32 class ids, one per example. */
export function assertModelBatch(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, xName = "x", yName = "y"): void {
  if (model === null || typeof model !== "object" || !Array.isArray(model.params) || typeof model.logits !== "function") {
    throw new TypeError(`model must be a Classifier (logits, params), got ${String(model)}`);
  }
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${xName} must be a tf.Tensor, got ${String(x)}`);
  if (x.dtype !== "float32") throw new TypeError(`${xName} must have dtype float32, got ${x.dtype}`);
  assertInputShape(model, x, xName);
  if (x.shape[0] < 1) throw new RangeError(`${xName} must hold at least one example, got shape [${x.shape.join(", ")}]`);
  assertLabelShape(y, x.shape[0], yName);
  assertLabelValues(y, model.numClasses, yName);
  const nans = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(x)), "float32")));
  const count = nans.dataSync()[0];
  nans.dispose();
  if (count > 0) throw new RangeError(`${xName} must be finite, got ${count} NaN or infinite entr${count === 1 ? "y" : "ies"}`);
}

/** Default steps h: four decades, the float32-safe part of the spec's 1e-1 … 1e-5 (paper-spec §4, numerics). */
export const DEFAULT_STEPS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4];

/** A non-empty list of finite steps h > 0. */
export function assertStepGrid(h: unknown, name = "h"): asserts h is number[] {
  if (!Array.isArray(h)) throw new TypeError(`${name} must be an array of steps > 0, got ${String(h)}`);
  if (h.length === 0) throw new RangeError(`${name} must hold at least one step, got an empty grid []`);
  h.forEach((value, i) => assertPositive(`${name}[${i}]`, value));
}

export function assertStepScale(scale: unknown): asserts scale is StepScale {
  assertOneOf("hScale", scale, STEP_SCALES);
}

/** ‖v‖₂ of a parameter-space direction, after checking its length, finiteness and that it is not zero. */
export function checkedDirectionNorm(v: unknown, length: number, name: string, owner: string): number {
  if (!(v instanceof tf.Tensor)) throw new TypeError(`${name} must be a tf.Tensor1D, got ${String(v)}`);
  if (v.rank !== 1 || v.size !== length) {
    throw new RangeError(`${name} must be a Tensor1D of length ${length} (the parameters of ${owner}), got shape [${v.shape.join(", ")}]`);
  }
  const norm = tf.tidy(() => tf.norm(v));
  const value = norm.dataSync()[0];
  norm.dispose();
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got a direction of norm ${value}`);
  if (value === 0) throw new RangeError(`${name} must not be zero, got a direction of norm 0`);
  return value;
}

/** Checks a non-empty list of directions in a space of `length` coordinates (those of `owner`); returns their norms. */
export function checkedDirections(directions: unknown, length: number, owner: string, name = "directions"): number[] {
  if (!Array.isArray(directions)) throw new TypeError(`${name} must be a count or an array of Tensor1D, got ${String(directions)}`);
  if (directions.length === 0) throw new RangeError(`${name} must hold at least one direction, got []`);
  return directions.map((v, i) => checkedDirectionNorm(v, length, `${name}[${i}]`, owner));
}

/** Checks a list of directions for a model's parameters; returns their norms. */
export function checkedModelDirections(model: Classifier, directions: unknown, name = "directions"): number[] {
  return checkedDirections(directions, paramCount(model), model.name, name);
}

/** Checks a `directions` option: a count of directions to draw (returns null) or the directions themselves (returns their norms). */
export function checkedDirectionsOption(model: Classifier, directions: unknown): number[] | null {
  if (typeof directions !== "number") return checkedModelDirections(model, directions);
  assertPositiveInteger("directions", directions);
  return null;
}

/** A parameter vector of the model (Tensor1D of its parameter count) with finite entries. */
export function assertFiniteParameters(model: Classifier, theta: unknown, name: string): void {
  if (!(theta instanceof tf.Tensor)) throw new TypeError(`${name} must be a tf.Tensor1D, got ${String(theta)}`);
  assertParamVector(model, theta, name);
  const bad = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(theta)), "float32")));
  const count = bad.dataSync()[0];
  bad.dispose();
  if (count > 0) throw new RangeError(`${name} must be finite, got ${count} NaN or infinite entr${count === 1 ? "y" : "ies"}`);
}
