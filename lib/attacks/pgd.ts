// Projected gradient descent on the loss (ascent, to be exact) under an L∞ or L2 threat model
// [Standard result: Madry et al., ICLR 2018; conventions of Rice, Wong & Kolter, ICML 2020;
// paper-spec §5.1–5.3]. For k = 0 … K−1:
//
//     x_{k+1} = Π( x_k + α_k · s(∇_x ℓ(x_k)) ),     s(g) = sign(g)     (L∞)
//                                                  s(g) = g / ‖g‖₂    (L2, per example)
//
// where Π projects onto {‖x' − x‖_p ≤ ε} ∩ bounds (see FeasibleSet). With restarts, each run starts from
// its own random point and, per example, the final point with the highest loss is kept. The same loop
// serves FGSM (one step of size ε from δ = 0), PGD, and the "converged" mode of the smoothness
// estimators (many steps with a decaying step size, one seeded start reused at every θ, reporting the
// loss gained over the last 10 steps).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertKnownOptions, assertNonNegative, assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";
import { Classifier } from "../models/classifier";
import { DEFAULT_BOUNDS, assertAttackInputs, assertBounds } from "./inputs";
import { FeasibleSet, makeObjective, selectExamples, startingPoint } from "./objective";
import { outsideTape } from "./outside-tape";
import { NORMS, type Norm } from "../core/norms";
import { ATTACK_LOSSES, Attack, AttackLoss, PgdOptions, PgdResult, START_MODES, StartMode, StepSchedule } from "./types";

const PGD_OPTION_NAMES = [
  "norm",
  "eps",
  "steps",
  "stepSize",
  "randomStart",
  "start",
  "restarts",
  "bounds",
  "seed",
  "loss",
  "targeted",
  "stepSchedule",
] as const;
const STEP_SCHEDULES: readonly StepSchedule[] = ["constant", "cosine"];

/** Iterates over which the convergence gap is measured (paper-spec §4, numerics note). */
export const GAP_WINDOW = 10;

/**
 * The random start used when none is named: "uniform" in the box for L∞ (Madry et al.), and for L2
 * "gaussian-scaled" (z/‖z‖ · U(0,1) · ε). The L2 default follows Rice et al. 2020 (the conventions of
 * paper-spec §5) and torchattacks, so runs compare with their code; its radius is spread over [0, ε]
 * whereas "uniform-ball" and "uniform-data-box" put almost every start on the sphere in high dimension,
 * which makes restarts less diverse in how far they begin from x.
 */
export function defaultStart(norm: Norm): StartMode {
  return norm === "linf" ? "uniform" : "gaussian-scaled";
}

/**
 * The default step size: α = 2.5·ε/K with the constant schedule (paper-spec §5.2), and α₀ = 20·ε/K with
 * the cosine schedule (a path of 10ε in all). The longer path is for the converged mode: once an L2
 * iterate reaches the sphere it only turns towards the optimum, by an angle of about α/ε per step, so
 * the total path in units of ε sets how many digits it converges to.
 */
export function defaultStepSize(eps: number, steps: number, schedule: StepSchedule = "constant"): number {
  return ((schedule === "cosine" ? 20 : 2.5) * eps) / steps;
}

/** PGD options after checking, with every default filled in. */
export interface ResolvedPgdOptions {
  readonly norm: Norm;
  readonly eps: number;
  readonly steps: number;
  readonly stepSize: number;
  readonly start: StartMode;
  readonly restarts: number;
  readonly bounds: [number, number];
  readonly seed: number;
  readonly loss: AttackLoss;
  readonly targeted: boolean;
  readonly stepSchedule: StepSchedule;
}

export function assertAttackLoss(loss: AttackLoss, targeted: boolean): void {
  assertOneOf("loss", loss, ATTACK_LOSSES);
  if (typeof targeted !== "boolean") throw new TypeError(`targeted must be a boolean, got ${String(targeted)}`);
  if (targeted && loss === "dlr") {
    throw new RangeError(`loss "dlr" cannot be targeted (the targeted DLR loss needs both the true and the target labels), got targeted: true`);
  }
}

export function assertStart(start: unknown, norm: Norm): asserts start is StartMode {
  assertOneOf(`start (for norm "${norm}")`, start, START_MODES[norm]);
}

/** Checks PGD options (before any work) and fills in the defaults. */
export function resolvePgdOptions(options: PgdOptions): ResolvedPgdOptions {
  assertKnownOptions("PGD", options, PGD_OPTION_NAMES);
  const {
    norm,
    eps,
    steps,
    randomStart = true,
    restarts = 1,
    bounds = DEFAULT_BOUNDS,
    seed = 0,
    loss = "ce",
    targeted = false,
    stepSchedule = "constant",
  } = options;
  assertOneOf("norm", norm, NORMS);
  assertNonNegative("eps", eps);
  assertPositiveInteger("steps", steps);
  assertOneOf("stepSchedule", stepSchedule, STEP_SCHEDULES);
  const stepSize = options.stepSize ?? defaultStepSize(eps, steps, stepSchedule);
  if (options.stepSize !== undefined || eps > 0) assertPositive("stepSize", stepSize);
  if (typeof randomStart !== "boolean") throw new TypeError(`randomStart must be a boolean, got ${String(randomStart)}`);
  const start = options.start ?? (randomStart ? defaultStart(norm) : "zero");
  assertStart(start, norm);
  if (randomStart === false && start !== "zero") {
    throw new RangeError(`start must be "zero" when randomStart is false, got "${start}"`);
  }
  if (options.randomStart === true && start === "zero") {
    throw new RangeError(`randomStart is true but start is "zero"; pick a random start mode or set randomStart: false`);
  }
  assertPositiveInteger("restarts", restarts);
  if (restarts > 1 && start === "zero") {
    throw new RangeError(`restarts must be 1 when the start is deterministic (start "zero"), got ${restarts}`);
  }
  assertBounds(bounds);
  if (start === "uniform-data-box" && !(Number.isFinite(bounds[0]) && Number.isFinite(bounds[1]))) {
    throw new RangeError(`start "uniform-data-box" needs finite bounds, got [${bounds[0]}, ${bounds[1]}]`);
  }
  assertSeed(seed);
  assertAttackLoss(loss, targeted);
  return { norm, eps, steps, stepSize, start, restarts, bounds: [bounds[0], bounds[1]], seed, loss, targeted, stepSchedule };
}

function stepSizes(o: ResolvedPgdOptions): number[] {
  const sizes: number[] = [];
  for (let k = 0; k < o.steps; k++) {
    sizes.push(o.stepSchedule === "cosine" ? o.stepSize * 0.5 * (1 + Math.cos((Math.PI * k) / o.steps)) : o.stepSize);
  }
  return sizes;
}

interface RunOutput {
  xAdv: tf.Tensor;
  loss: tf.Tensor1D | null;
  gap: tf.Tensor1D | null;
}

/**
 * The one PGD loop behind fgsm, pgd, pgdWithStats and convergedPgd. `withStats` asks for the final
 * objective and the convergence gap per example; restarts need the final objective anyway.
 */
export function runPgd(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, o: ResolvedPgdOptions, withStats: boolean): RunOutput {
  return outsideTape(() => {
    assertAttackInputs(model, x, y, o.bounds);
    if (o.loss === "dlr" && model.numClasses < 3) {
      throw new RangeError(`loss "dlr" needs a model with at least 3 classes, got ${model.numClasses} (${model.name})`);
    }
    const objective = makeObjective(model, y, o.loss, o.targeted);
    const set = new FeasibleSet(x, o.norm, o.eps, o.bounds);
    try {
      if (o.eps === 0) {
        const loss = withStats ? objective.value(x) : null;
        return { xAdv: x.clone(), loss, gap: loss === null ? null : tf.zerosLike(loss) };
      }
      const rng = new Rng(o.seed);
      const sizes = stepSizes(o);
      const needLoss = withStats || o.restarts > 1;
      const recordAt = Math.max(o.steps - GAP_WINDOW, 0);
      let best: RunOutput | null = null;
      for (let r = 0; r < o.restarts; r++) {
        let xAdv = startingPoint(set, o.start, rng, o.stepSize);
        const recorded: { loss: tf.Tensor1D | null } = { loss: null };
        for (let k = 0; k < o.steps; k++) {
          const current = xAdv;
          xAdv = tf.tidy(() => {
            const { value, gradient } = objective.valueAndGradient(current);
            if (withStats && k === recordAt) recorded.loss = tf.keep(value);
            return set.ascentStep(current, gradient, sizes[k]);
          });
          current.dispose();
        }
        if (!needLoss) return { xAdv, loss: null, gap: null };
        const loss = objective.value(xAdv);
        const gap = recorded.loss === null ? null : (tf.sub(loss, recorded.loss) as tf.Tensor1D);
        if (recorded.loss !== null) recorded.loss.dispose();
        if (best === null) {
          best = { xAdv, loss, gap };
          continue;
        }
        // Per example, keep the run whose final point has the higher objective (ties keep the earlier).
        const previous: RunOutput = best;
        const improved = tf.greater(loss, previous.loss as tf.Tensor1D) as tf.Tensor1D;
        best = {
          xAdv: selectExamples(improved, xAdv, previous.xAdv),
          loss: tf.where(improved, loss, previous.loss as tf.Tensor1D) as tf.Tensor1D,
          gap: gap === null ? null : (tf.where(improved, gap, previous.gap as tf.Tensor1D) as tf.Tensor1D),
        };
        tf.dispose([improved, previous.xAdv, previous.loss, previous.gap, xAdv, loss, gap].filter((t): t is tf.Tensor => t !== null));
      }
      const kept = best as RunOutput;
      if (!withStats) {
        tf.dispose([kept.loss, kept.gap].filter((t): t is tf.Tensor1D => t !== null));
        return { xAdv: kept.xAdv, loss: null, gap: null };
      }
      return kept;
    } finally {
      objective.dispose();
    }
  });
}

/**
 * PGD under an L∞ or L2 threat model; returns the adversarial inputs x + δ (a new tensor, gradient
 * stopped). x: a float32 batch within `bounds`; y: int32 class ids (target classes when targeted).
 */
export function pgd(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: PgdOptions): tf.Tensor {
  return runPgd(model, x, y, resolvePgdOptions(options), false).xAdv;
}

/** PGD returning also the per-example objective at x + δ and the convergence gap (see PgdResult). */
export function pgdWithStats(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: PgdOptions): PgdResult {
  const out = runPgd(model, x, y, resolvePgdOptions(options), true);
  return { xAdv: out.xAdv, loss: out.loss as tf.Tensor1D, gap: out.gap as tf.Tensor1D };
}

/** Options of the converged mode (paper-spec §5.3): PGD options without restarts, with other defaults. */
export interface ConvergedPgdOptions {
  norm: Norm;
  eps: number;
  /** Default 200 (paper-spec §5.3 asks for K ≥ 100). */
  steps?: number;
  /** Initial step size; default 20·eps/steps with the cosine schedule, 2.5·eps/steps with the constant one. */
  stepSize?: number;
  /** Default "cosine": the step decays to ≈ 0, so the iterate settles instead of oscillating by ±α. */
  stepSchedule?: StepSchedule;
  /** Default: the norm's random start; "zero" for a start that does not depend on the seed. */
  start?: StartMode;
  bounds?: [number, number];
  seed?: number;
  loss?: AttackLoss;
  targeted?: boolean;
}

const CONVERGED_OPTION_NAMES = ["norm", "eps", "steps", "stepSize", "stepSchedule", "start", "bounds", "seed", "loss", "targeted"] as const;

/**
 * The "converged" attack of the smoothness estimators (paper-spec §5.3, S1 and S6): one run from one
 * seeded start, many steps with a decaying step size. The start depends only on the seed and the
 * shape of x, never on the model's parameters, so calling it at θ and at θ + hv with the same seed gives
 * a deterministic map θ ↦ δ*(θ). Returns the last iterate (no best-of selection, which would add its own
 * discontinuities), its objective and the convergence gap: flag results whose gap exceeds the change
 * being measured.
 */
export function convergedPgd(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: ConvergedPgdOptions): PgdResult {
  assertKnownOptions("convergedPgd", options, CONVERGED_OPTION_NAMES);
  const { steps = 200, stepSchedule = "cosine", ...rest } = options;
  return pgdWithStats(model, x, y, { ...rest, steps, stepSchedule, randomStart: options.start !== "zero", restarts: 1 });
}

/** PGD bound to its options, for trainers and evaluation (see Attack). Options are checked here, once. */
export function pgdAttack(options: PgdOptions): Attack {
  const o = resolvePgdOptions(options);
  const attack = (model: Classifier, x: tf.Tensor, y: tf.Tensor1D, seed?: number): tf.Tensor => {
    if (seed !== undefined) assertSeed(seed);
    return runPgd(model, x, y, seed === undefined ? o : { ...o, seed }, false).xAdv;
  };
  const restarts = o.restarts > 1 ? `, ${o.restarts} restarts` : "";
  return Object.assign(attack, {
    description: `PGD-${o.steps} ${o.norm} eps=${o.eps} (alpha=${+o.stepSize.toPrecision(4)}, start ${o.start}${restarts}, ${o.targeted ? "targeted " : ""}${o.loss})`,
    cost: { gradientEvaluations: o.steps * o.restarts, forwardPasses: o.restarts > 1 ? o.restarts : 0 },
  });
}
