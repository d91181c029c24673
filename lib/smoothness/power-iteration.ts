// Power iteration with deflation on any symmetric operator v ↦ Hv (S3's procedure, Liu et al. 2020):
//     λ = ⟨Hv, v⟩,   v ← Hv / ‖Hv‖,   until |Δλ| < tolerance·|λ| or maxIterations,
// and the next eigenvalues by deflation, H − Σ_j λ_j u_j u_jᵀ. It finds the eigenvalue of largest
// magnitude (for a loss near a minimum, the largest curvature). Used by hessian.ts (θ) and flatness.ts
// (the input Hessian's settings).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertKnownOptions, assertPositive, assertPositiveInteger } from "../core/validate";
import { progress } from "../viz/progress";

export const DEFAULT_MAX_ITERATIONS = 50;
export const DEFAULT_TOLERANCE = 1e-3;

/** v ↦ Hv for a symmetric H; returns a new Tensor1D of v's length. */
export type HessianVectorProduct = (v: tf.Tensor1D) => tf.Tensor1D;

export interface PowerIterationOptions {
  /** How many eigenvalues (default 1). */
  k?: number;
  /** Per eigenvalue (default 50). */
  maxIterations?: number;
  /** Stop when |λ_t − λ_{t−1}| < tolerance·|λ_t| (default 1e-3). */
  tolerance?: number;
  /** Seed of the starting vectors (default 0). */
  seed?: number;
  label?: string;
}

export interface PowerIterationResult {
  /** Eigenvalue estimates, largest magnitude first. */
  readonly values: number[];
  /** Products used for each eigenvalue. */
  readonly iterations: number[];
  /** Whether each met the tolerance before maxIterations. */
  readonly converged: boolean[];
  /** λ after every iteration, per eigenvalue. */
  readonly history: number[][];
  /** Unit eigenvector estimates (the caller disposes them). */
  readonly vectors: tf.Tensor1D[];
}

const POWER_OPTION_NAMES = ["k", "maxIterations", "tolerance", "seed", "label"] as const;

export function resolvePowerOptions(options: PowerIterationOptions, dimension: number) {
  const { k = 1, maxIterations = DEFAULT_MAX_ITERATIONS, tolerance = DEFAULT_TOLERANCE, seed = 0 } = options;
  assertPositiveInteger("k", k);
  if (k > dimension) throw new RangeError(`k must be ≤ the dimension ${dimension}, got ${k}`);
  assertPositiveInteger("maxIterations", maxIterations);
  assertPositive("tolerance", tolerance);
  assertSeed(seed);
  return { k, maxIterations, tolerance, seed };
}

/** Top-k eigenvalues (by magnitude) of a symmetric operator of the given dimension. */
export function powerIteration(hvp: HessianVectorProduct, dimension: number, options: PowerIterationOptions = {}): PowerIterationResult {
  assertKnownOptions("powerIteration", options, POWER_OPTION_NAMES);
  if (typeof hvp !== "function") throw new TypeError(`hvp must be a function v ↦ Hv, got ${String(hvp)}`);
  assertPositiveInteger("dimension", dimension);
  const { k, maxIterations, tolerance, seed } = resolvePowerOptions(options, dimension);
  const rng = new Rng(seed);
  const values: number[] = [];
  const vectors: tf.Tensor1D[] = [];
  const iterations: number[] = [];
  const converged: boolean[] = [];
  const history: number[][] = [];
  const bar = progress(options.label ?? "S3 power iteration", k * maxIterations);
  let v: tf.Tensor1D | null = null;
  try {
    for (let i = 0; i < k; i++) {
      // Start orthogonal to the eigenvectors found so far (Gram–Schmidt); every product is deflated.
      v = tf.tidy(() => {
        let start = tf.randomNormal([dimension], 0, 1, "float32", rng.seed()) as tf.Tensor1D;
        for (const u of vectors) start = tf.sub(start, tf.mul(u, tf.sum(tf.mul(u, start)))) as tf.Tensor1D;
        return tf.div(start, tf.norm(start)) as tf.Tensor1D;
      });
      let lambda = NaN;
      let done = false;
      const trace: number[] = [];
      let t = 0;
      while (t < maxIterations && !done) {
        t += 1;
        const current: tf.Tensor1D = v;
        const raw = hvp(current);
        if (!(raw instanceof tf.Tensor) || raw.size !== dimension) {
          if (raw instanceof tf.Tensor) raw.dispose();
          throw new RangeError(
            `hvp must return a Tensor1D of length ${dimension}, got ${raw instanceof tf.Tensor ? `shape [${raw.shape.join(", ")}]` : String(raw)}`,
          );
        }
        const [product, stats] = tf.tidy(() => {
          let hv = raw.reshape([dimension]) as tf.Tensor1D;
          vectors.forEach((u, j) => {
            hv = tf.sub(hv, tf.mul(u, tf.mul(values[j], tf.sum(tf.mul(u, current))))) as tf.Tensor1D;
          });
          return [hv, tf.stack([tf.sum(tf.mul(hv, current)), tf.norm(hv)])];
        });
        raw.dispose();
        const [rayleigh, length] = Array.from(stats.dataSync());
        stats.dispose();
        const previous = lambda;
        lambda = rayleigh;
        trace.push(lambda);
        if (!(length > 0)) {
          // Hv = 0: v lies in the null space of the (deflated) operator, whose eigenvalue there is 0.
          product.dispose();
          lambda = 0;
          done = true;
        } else {
          v = tf.tidy(() => tf.div(product, length) as tf.Tensor1D);
          product.dispose();
          current.dispose();
          done = t > 1 && Math.abs(lambda - previous) < tolerance * Math.abs(lambda);
        }
        bar.tick(1, `λ${i + 1} ≈ ${lambda.toPrecision(4)}`);
      }
      bar.tick(maxIterations - t);
      values.push(lambda);
      vectors.push(v);
      v = null;
      iterations.push(t);
      converged.push(done);
      history.push(trace);
    }
    bar.done(values.map((l, i) => `λ${i + 1} = ${l.toPrecision(4)}`).join(", "));
  } catch (error) {
    tf.dispose(v === null ? vectors : [...vectors, v]);
    throw error;
  }
  return { values, iterations, converged, history, vectors };
}
