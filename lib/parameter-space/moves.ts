// Moving a model through parameter space, and always coming back. The estimators see a model only as
// θ ↦ loss, gradient (docs/design.md §3): they write θ + Δ into the model's variables, evaluate, and restore
// the original θ afterwards — also when an evaluation throws — so an estimator never changes the model
// it measures.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";
import { Classifier } from "../models/classifier";
import { filterNormalizedDirection, randomUnitDirection } from "../models/directions";
import { assignParams, flattenParams } from "../models/params";
import { StepScale } from "./inputs";

/** The model's parameters when an estimator started: θ₀ and ‖θ₀‖₂. */
export interface Origin {
  readonly theta: tf.Tensor1D;
  readonly norm: number;
}

/**
 * Runs fn with θ₀ = the model's current parameters, then writes θ₀ back into the model, whatever fn did
 * to the variables and whether or not it threw.
 */
export function withRestoredParameters<T>(model: Classifier, fn: (origin: Origin) => T): T {
  const theta = flattenParams(model);
  const normTensor = tf.tidy(() => tf.norm(theta));
  const norm = normTensor.dataSync()[0];
  normTensor.dispose();
  try {
    return fn({ theta, norm });
  } finally {
    assignParams(model, theta);
    theta.dispose();
  }
}

/** Writes θ₀ + t·u into the model (u a unit direction, t the distance). */
export function moveTo(model: Classifier, origin: Origin, unit: tf.Tensor1D, distance: number): void {
  const point = tf.tidy(() => tf.add(origin.theta, tf.mul(unit, distance)) as tf.Tensor1D);
  assignParams(model, point);
  point.dispose();
}

/** The distance ‖Δθ‖ a step h stands for. */
export function stepLength(h: number, scale: StepScale, thetaNorm: number): number {
  if (scale === "absolute") return h;
  if (!(thetaNorm > 0)) throw new RangeError(`hScale "relative" needs parameters θ ≠ 0 (‖θ‖ = ${thetaNorm}); use hScale "absolute"`);
  return h * thetaNorm;
}

/**
 * Which random directions an estimator draws: unit Gaussian ("random") or filter-normalised (Li et al.
 * 2018, lib/models/directions.ts). In the estimators only a direction's orientation matters (the step
 * length comes from h), so filter normalisation changes which orientations are likely — weighted by the
 * size of each filter — not how far the step goes.
 */
export type DirectionKind = "random" | "filter-normalized";
export const DIRECTION_KINDS: readonly DirectionKind[] = ["random", "filter-normalized"];

/** The grid of a scan along directions θ + t·v, as every parameter-space estimator reports it. */
export interface DirectionGrid {
  readonly h: number[];
  readonly hScale: StepScale;
  /** ‖Δθ‖ = t for each h. */
  readonly distances: number[];
  /** ‖θ‖₂ at which the scan was made. */
  readonly thetaNorm: number;
  readonly directionKind: DirectionKind | "given";
  readonly directionCount: number;
}

/** The grid of a scan: kind is the requested direction kind unless the caller gave the directions. */
export function directionGrid(
  h: readonly number[],
  hScale: StepScale,
  distances: number[],
  thetaNorm: number,
  kind: DirectionKind,
  given: boolean,
  directionCount: number,
): DirectionGrid {
  return { h: [...h], hScale, distances, thetaNorm, directionKind: given ? "given" : kind, directionCount };
}

/** `count` seeded directions of a kind, each scaled to unit norm (the caller disposes them). */
export function drawUnitDirections(model: Classifier, count: number, kind: DirectionKind, rng: Rng): tf.Tensor1D[] {
  const out: tf.Tensor1D[] = [];
  for (let i = 0; i < count; i++) {
    const seed = rng.uint32();
    if (kind === "random") {
      out.push(randomUnitDirection(model, seed));
      continue;
    }
    const raw = filterNormalizedDirection(model, { seed });
    const normTensor = tf.norm(raw);
    const norm = normTensor.dataSync()[0];
    normTensor.dispose();
    if (!(norm > 0)) {
      raw.dispose();
      tf.dispose(out);
      throw new RangeError(`directionKind "filter-normalized" needs a model with non-zero kernels, got a zero direction for ${model.name}`);
    }
    const unit = tf.tidy(() => tf.div(raw, norm) as tf.Tensor1D);
    raw.dispose();
    out.push(unit);
  }
  return out;
}

/**
 * The unit directions of a `directions` option that checkedDirectionsOption passed: `directions`
 * seeded draws of `kind` when it is a count (`givenNorms` null), else unit copies of the given ones.
 */
export function unitDirections(
  model: Classifier,
  directions: number | readonly tf.Tensor1D[],
  givenNorms: readonly number[] | null,
  kind: DirectionKind,
  seed: number,
): tf.Tensor1D[] {
  return givenNorms === null ? drawUnitDirections(model, directions as number, kind, new Rng(seed)) : unitCopies(directions as tf.Tensor1D[], givenNorms);
}

/** Copies of given directions scaled to unit norm (their norms were checked to be > 0). */
export function unitCopies(directions: readonly tf.Tensor1D[], norms: readonly number[]): tf.Tensor1D[] {
  return directions.map((v, i) => tf.tidy(() => tf.div(v, norms[i]) as tf.Tensor1D));
}
