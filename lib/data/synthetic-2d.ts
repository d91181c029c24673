// Seeded two-dimensional data sets for the theory notebooks and the fast tests: Gaussian blobs, two
// moons, and linearly separable data with an exact margin (the setting of T1, binary linear
// classification). Each set is generated once, in float64 (`...Float64` functions, for the float64
// theory code), and the tensor versions wrap those same numbers as float32.
import * as tf from "@tensorflow/tfjs";
import { assertSeed, Rng } from "../core/rng";
import { assertFiniteNumber, assertNonNegative, assertPositive, assertPositiveInteger } from "../core/validate";

/** n points in the plane: x row-major [x0, y0, x1, y1, ...] (length 2n), labels y. */
export interface Points2d {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Int32Array;
}

// A type alias, so that it is a tf.TensorContainer (tf.dispose(data)).
export type Dataset2d = {
  /** [n, 2] float32. */
  x: tf.Tensor2D;
  /** [n] int32 class ids. */
  y: tf.Tensor1D;
};

/** The float64 points as fresh tensors (x rounded to float32). */
export function toTensors2d(points: Points2d): Dataset2d {
  return {
    x: tf.tensor2d(Float32Array.from(points.x), [points.n, 2], "float32"),
    y: tf.tensor1d(Int32Array.from(points.y), "int32"),
  };
}

function checkPoint(name: string, p: readonly number[]): void {
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new RangeError(`${name} must be a pair of finite numbers, got ${JSON.stringify(p)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Gaussian blobs

export interface BlobsOptions {
  n: number;
  /** The number of blobs k (centres evenly spaced on a circle of `radius`), or the centres themselves. */
  centers: number | ReadonlyArray<readonly [number, number]>;
  /** Standard deviation of each blob, in every direction (default 0.5). */
  std?: number;
  /** Radius of the circle of centres when `centers` is a number (default 2). */
  radius?: number;
  seed: number;
}

/** Point i belongs to blob i mod k (balanced classes, interleaved): x = centre + std·N(0, I). */
export function blobsFloat64(options: BlobsOptions): Points2d {
  const { n, centers, std = 0.5, radius = 2, seed } = options;
  assertPositiveInteger("n", n);
  assertNonNegative("std", std);
  assertNonNegative("radius", radius);
  assertSeed(seed);
  let centres: Array<readonly [number, number]>;
  if (typeof centers === "number") {
    if (!Number.isInteger(centers) || centers < 2) {
      throw new RangeError(`centers must be an integer ≥ 2 or a list of points, got ${centers}`);
    }
    centres = [];
    for (let j = 0; j < centers; j++) {
      const angle = (2 * Math.PI * j) / centers;
      centres.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
    }
  } else {
    if (!Array.isArray(centers) || centers.length < 2) {
      throw new RangeError(`centers must be an integer ≥ 2 or a list of at least two points, got ${JSON.stringify(centers)}`);
    }
    centers.forEach((c, j) => checkPoint(`centers[${j}]`, c));
    centres = centers.slice();
  }
  const k = centres.length;
  const rng = new Rng(seed);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % k;
    y[i] = label;
    x[2 * i] = centres[label][0] + std * rng.normal();
    x[2 * i + 1] = centres[label][1] + std * rng.normal();
  }
  return { n, x, y };
}

export function blobs(options: BlobsOptions): Dataset2d {
  return toTensors2d(blobsFloat64(options));
}

// ---------------------------------------------------------------------------------------------------
// Two moons

export interface MoonsOptions {
  n: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  seed: number;
}

/**
 * Two interleaving half circles, as scikit-learn's make_moons: ceil(n/2) points of class 0 on
 * (cos t, sin t) and floor(n/2) of class 1 on (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π],
 * plus N(0, noise²) on each coordinate, in seeded random order.
 */
export function moonsFloat64(options: MoonsOptions): Points2d {
  const { n, noise = 0.1, seed } = options;
  assertPositiveInteger("n", n);
  assertNonNegative("noise", noise);
  assertSeed(seed);
  const rng = new Rng(seed);
  const outer = Math.ceil(n / 2);
  const inner = n - outer;
  const order = rng.permutation(n);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const isInner = i >= outer;
    const m = isInner ? inner : outer;
    const t = m === 1 ? 0 : (Math.PI * (isInner ? i - outer : i)) / (m - 1);
    const at = order[i];
    y[at] = isInner ? 1 : 0;
    x[2 * at] = (isInner ? 1 - Math.cos(t) : Math.cos(t)) + noise * rng.normal();
    x[2 * at + 1] = (isInner ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * rng.normal();
  }
  return { n, x, y };
}

export function moons(options: MoonsOptions): Dataset2d {
  return toTensors2d(moonsFloat64(options));
}

// ---------------------------------------------------------------------------------------------------
// Linearly separable with a margin

export interface SeparableOptions {
  n: number;
  /** Normal of the separating line (any non-zero length; only its direction matters). */
  w: readonly [number, number];
  /** Distance from the line to the nearest point of either class (> 0). */
  margin: number;
  /** Offset b of the line ŵ·x + b = 0, with ŵ = w/‖w‖ (default 0). */
  bias?: number;
  /** Distances beyond the margin are uniform in [0, spread) (default 1). */
  spread?: number;
  /** Positions along the line are uniform in [−halfWidth, halfWidth) (default 2). */
  halfWidth?: number;
  seed: number;
}

/**
 * Two classes on either side of the line ŵ·x + b = 0: label 1 where ŵ·x + b > 0, label 0 where it is
 * < 0, alternating (i mod 2). The signed distance s_i(ŵ·x_i + b), s_i = 2y_i − 1, is margin + U[0,
 * spread), and `margin` itself (up to an ulp or two) for the first point of each class, so the set's
 * margin is the requested one, not more. The inequality s_i(ŵ·x_i + b) ≥ margin holds in float64 as computed by
 * `separableDistances` (each point is nudged outward by an ulp where rounding would break it); the
 * float32 tensors satisfy it to float32 rounding only.
 */
export function separableFloat64(options: SeparableOptions): Points2d {
  const { n, w, margin, bias = 0, spread = 1, halfWidth = 2, seed } = options;
  assertPositiveInteger("n", n);
  checkPoint("w", w);
  const length = Math.hypot(w[0], w[1]);
  if (!(length > 0)) throw new RangeError(`w must be non-zero, got ${JSON.stringify(w)}`);
  assertPositive("margin", margin);
  assertFiniteNumber("bias", bias);
  assertNonNegative("spread", spread);
  assertNonNegative("halfWidth", halfWidth);
  assertSeed(seed);
  const u0 = w[0] / length;
  const u1 = w[1] / length;
  const rng = new Rng(seed);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const sign = 2 * label - 1;
    const beyond = i < 2 ? 0 : spread * rng.uniform();
    const along = halfWidth * (2 * rng.uniform() - 1);
    // x = (s·t − b)·ŵ + along·ŵ⊥, so ŵ·x + b = s·t in exact arithmetic.
    const normal = sign * (margin + beyond) - bias;
    let px = normal * u0 - along * u1;
    let py = normal * u1 + along * u0;
    // Rounding may leave the computed distance an ulp short of the margin: step outward until it holds.
    for (let step = Number.EPSILON * (Math.abs(normal) + Math.abs(along) + 1); ; step *= 2) {
      if (sign * (u0 * px + u1 * py + bias) >= margin) break;
      px += sign * step * u0;
      py += sign * step * u1;
    }
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = label;
  }
  return { n, x, y };
}

export function separable(options: SeparableOptions): Dataset2d {
  return toTensors2d(separableFloat64(options));
}

/** Signed distances s_i(ŵ·x_i + b) of the points to the line (all ≥ margin for separableFloat64's output). */
export function separableDistances(points: Points2d, w: readonly [number, number], bias = 0): Float64Array {
  checkPoint("w", w);
  const length = Math.hypot(w[0], w[1]);
  if (!(length > 0)) throw new RangeError(`w must be non-zero, got ${JSON.stringify(w)}`);
  const u0 = w[0] / length;
  const u1 = w[1] / length;
  const out = new Float64Array(points.n);
  for (let i = 0; i < points.n; i++) {
    out[i] = (2 * points.y[i] - 1) * (u0 * points.x[2 * i] + u1 * points.x[2 * i + 1] + bias);
  }
  return out;
}
