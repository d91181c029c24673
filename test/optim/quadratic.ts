// A separable quadratic f(θ) = Σ_j a_j/2 (θ_j − c_j)² over a few tf.Variables, with its gradient
// oracle a ⊙ (θ − c) read from the variables' current values, and float64 helpers for hand formulas.
import * as tf from "@tensorflow/tfjs";
import type { GradientOracle, OracleRequest } from "../../lib/optim";

export interface Quadratic {
  /** Per variable: curvature a and centre c, as flat float64 arrays. */
  readonly curvature: number[][];
  readonly centre: number[][];
  readonly shapes: number[][];
}

export const QUADRATIC: Quadratic = {
  shapes: [[3], [2, 2]],
  curvature: [
    [0.5, 1.5, 3.0],
    [0.8, 2.0, 1.2, 0.3],
  ],
  centre: [
    [0.2, -0.4, 1.0],
    [-1.0, 0.5, 0.3, 2.0],
  ],
};

export const START: number[][] = [
  [1.0, 0.7, -0.6],
  [0.4, -0.9, 1.3, -0.2],
];

/**
 * Floor of the relative-error denominator in hand-formula comparisons: the weights here are O(1), so
 * a coordinate that passes near 0 (2e-4 happens) is compared at 1e-5 × 0.1 absolute instead of
 * amplifying float32 rounding (~6e-8 of the O(1) terms it came from) into a spurious relative error.
 */
export const FLOOR = 0.1;

export function makeVariables(values: number[][] = START, shapes: number[][] = QUADRATIC.shapes): tf.Variable[] {
  return values.map((v, i) => tf.variable(tf.tensor(v, shapes[i], "float32")));
}

export function readValues(params: readonly tf.Variable[]): Float32Array[] {
  return params.map((p) => p.dataSync() as Float32Array);
}

export function lossAt(theta: number[][], q: Quadratic = QUADRATIC): number {
  let s = 0;
  theta.forEach((t, i) => t.forEach((x, j) => (s += 0.5 * q.curvature[i][j] * (x - q.centre[i][j]) ** 2)));
  return s;
}

export function gradAt(theta: number[][], q: Quadratic = QUADRATIC): number[][] {
  return theta.map((t, i) => t.map((x, j) => q.curvature[i][j] * (x - q.centre[i][j])));
}

export interface RecordingOracle extends GradientOracle {
  readonly requests: OracleRequest[];
  /** The weights (as float32 values widened to float64) at which each call was made. */
  readonly points: number[][][];
}

/** The quadratic's oracle; it records every request and evaluation point. */
export function quadraticOracle(params: readonly tf.Variable[], q: Quadratic = QUADRATIC): RecordingOracle {
  const requests: OracleRequest[] = [];
  const points: number[][][] = [];
  const oracle = (request: OracleRequest) => {
    requests.push(request);
    const theta = params.map((p) => Array.from(p.dataSync()));
    points.push(theta);
    const grads = params.map((p, i) => tf.tidy(() => tf.mul(tf.sub(p, tf.tensor(q.centre[i], p.shape)), tf.tensor(q.curvature[i], p.shape))));
    return { loss: lossAt(theta, q), grads };
  };
  return Object.assign(oracle, { requests, points });
}

export function toArrays(values: readonly ArrayLike<number>[]): number[][] {
  return values.map((v) => Array.from(v));
}

export function flat(values: readonly ArrayLike<number>[]): number[] {
  return values.flatMap((v) => Array.from(v));
}

/** Bitwise equality of two lists of float32 arrays. */
export function sameBits(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => x.length === b[i].length && x.every((v, j) => Object.is(v, b[i][j])));
}
