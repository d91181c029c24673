// S1 on any differentiable function of a flat parameter vector: R(h) = ‖∇f(θ + tv) − ∇f(θ)‖ / t, the
// estimator of gradient-lipschitz.ts without a model or an attack. It checks the estimator on functions
// with known constants (a quadratic, a softplus, a kink) and measures S1 on the local entropy F_γ
// itself from its Monte-Carlo gradient γ(θ − μ̂) (E6).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertKnownOptions, assertPositiveInteger } from "../core/validate";
import { distance, norm } from "../parameter-space/danskin-gradient";
import { DEFAULT_STEPS, StepScale, assertStepGrid, assertStepScale, checkedDirections } from "../parameter-space/inputs";
import { stepLength, unitCopies } from "../parameter-space/moves";
import { StepSummary, logLogSlope, stepSummary } from "../parameter-space/statistics";

/** θ ↦ ∇f(θ): returns a new Tensor1D of θ's length (the caller disposes it). */
export type GradientFunction = (theta: tf.Tensor1D) => tf.Tensor1D;

export interface FunctionLipschitzOptions {
  /** Steps h, each finite and > 0. Default DEFAULT_STEPS. */
  h?: number[];
  /** Default "relative" (‖Δθ‖ = h‖θ‖). */
  hScale?: StepScale;
  /** How many seeded unit Gaussian directions (default 3), or the directions themselves. */
  directions?: number | tf.Tensor1D[];
  seed?: number;
}

export interface FunctionLipschitzResult extends StepSummary {
  readonly h: number[];
  readonly hScale: StepScale;
  readonly distances: number[];
  readonly thetaNorm: number;
  readonly ratios: number[][];
  readonly directionSlopes: number[];
  /** Gradient evaluations. */
  readonly cost: { readonly gradientEvaluations: number; readonly seconds: number };
}

const FUNCTION_OPTION_NAMES = ["h", "hScale", "directions", "seed"] as const;

/**
 * R(h) = ‖∇f(θ + tv) − ∇f(θ)‖ / t for any gradient function of a flat vector: a quadratic or softplus
 * of known constant, the gradient of a closed form, or a Monte-Carlo gradient such as the local-entropy
 * estimate γ(θ − μ̂) (E6: S1 on F_γ itself).
 */
export function functionLipschitzRatio(gradient: GradientFunction, theta: tf.Tensor1D, options: FunctionLipschitzOptions = {}): FunctionLipschitzResult {
  assertKnownOptions("functionLipschitzRatio", options, FUNCTION_OPTION_NAMES);
  const { h = [...DEFAULT_STEPS], hScale = "relative", directions = 3, seed = 0 } = options;
  if (typeof gradient !== "function") throw new TypeError(`gradient must be a function θ ↦ ∇f(θ), got ${String(gradient)}`);
  if (!(theta instanceof tf.Tensor) || theta.rank !== 1 || theta.size < 1) {
    throw new RangeError(`theta must be a non-empty Tensor1D, got ${theta instanceof tf.Tensor ? `shape [${theta.shape.join(", ")}]` : String(theta)}`);
  }
  assertStepGrid(h);
  assertStepScale(hScale);
  assertSeed(seed);
  const m = theta.size;
  let norms: number[] | null = null;
  if (typeof directions === "number") assertPositiveInteger("directions", directions);
  else norms = checkedDirections(directions, m, "theta");
  const started = Date.now();
  const thetaNorm = norm(theta);
  const distances = h.map((hi) => stepLength(hi, hScale, thetaNorm));
  const rng = new Rng(seed);
  const units =
    norms === null
      ? Array.from({ length: directions as number }, () =>
          tf.tidy(() => {
            const v = tf.randomNormal([m], 0, 1, "float32", rng.seed());
            return tf.div(v, tf.norm(v)) as tf.Tensor1D;
          }),
        )
      : unitCopies(directions as tf.Tensor1D[], norms);
  let evaluations = 0;
  const evaluate = (point: tf.Tensor1D): tf.Tensor1D => {
    evaluations += 1;
    const g = gradient(point);
    if (!(g instanceof tf.Tensor) || g.size !== m) {
      throw new RangeError(`gradient must return a Tensor1D of length ${m}, got ${g instanceof tf.Tensor ? `shape [${g.shape.join(", ")}]` : String(g)}`);
    }
    return g;
  };
  const g0 = evaluate(theta);
  try {
    const ratios = units.map((u) =>
      distances.map((t) => {
        const point = tf.tidy(() => tf.add(theta, tf.mul(u, t)) as tf.Tensor1D);
        const g = evaluate(point);
        const ratio = distance(g, g0) / t;
        tf.dispose([point, g]);
        return ratio;
      }),
    );
    return {
      h: [...h],
      hScale,
      distances,
      thetaNorm,
      ratios,
      ...stepSummary(h, ratios),
      directionSlopes: ratios.map((row) => logLogSlope(h, row)),
      cost: { gradientEvaluations: evaluations, seconds: (Date.now() - started) / 1000 },
    };
  } finally {
    tf.dispose([g0, ...units]);
  }
}
