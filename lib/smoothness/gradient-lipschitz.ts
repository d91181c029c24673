// S1, S1-fixed and S2 (paper-spec §4): how fast the gradient of the (adversarial) loss changes in
// parameter space. For a unit direction v and a step h,
//     R(h) = ‖ĝ(θ + t v) − ĝ(θ)‖₂ / t,    t = ‖Δθ‖ = h‖θ‖ ("relative") or h ("absolute"),
// where ĝ is the Danskin gradient of the batch-mean loss on a fixed batch (danskin-gradient.ts). If the
// gradient is Lipschitz near θ, R(h) tends to a finite value as h → 0 (log–log slope 0); if it jumps,
// ‖Δĝ‖ stays finite and R grows like 1/h (slope −1). Three losses are compared (LossMode): clean, the
// adversarial loss with the attack re-run at θ + tv (S1), and with θ's adversarial inputs frozen
// (S1-fixed, which sees only L_θθ). Lemma L1 says their gap is the L_θx‖δ*(θ₁) − δ*(θ₂)‖ term.
//
// Numerics (paper-spec §4): in float32 keep the relative h ≥ 1e-4. A re-attacked point whose attack had
// not converged — its objective still changing over its last steps (mean |gap|) by more than the gradient
// change being measured — is flagged and left out of the medians, never averaged in silently.
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertOneOf, assertPositiveInteger } from "../core/validate";
import { oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { assignParams, paramCount } from "../models/params";
import { progress } from "../viz/progress";
import { AttackOutcome, AttackSpec, ParameterAttack, disposeOutcome, meanAbsoluteGap, resolveAttack } from "./attack-spec";
import { CostMeter, EstimatorCost, LOSS_MODES, LossMode, distance, exampleGradient, parameterGradient } from "./danskin-gradient";
import {
  StepScale,
  assertModelBatch,
  assertStepGrid,
  assertStepScale,
  assertFiniteParameters,
  checkedDirections,
  checkedDirectionsOption,
} from "./inputs";
import { DIRECTION_KINDS, DirectionGrid, DirectionKind, Origin, directionGrid, moveTo, stepLength, unitCopies, unitDirections, withRestoredParameters } from "./parameter-space";
import { StepSummary, logLogSlope, masked, median, stepSummary } from "./statistics";

/** Default steps: four decades, the float32-safe part of the spec's 1e-1 … 1e-5 (numerics note). */
export const DEFAULT_STEPS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4];

/** Per-example gradients held at once, in floats (chunks of examples are sized to stay below it). */
const PER_EXAMPLE_FLOATS = 1 << 22;

export interface GradientLipschitzOptions {
  /** Steps h, each finite and > 0. Default DEFAULT_STEPS (1e-1 … 1e-4). */
  h?: number[];
  /** ‖Δθ‖ = h·‖θ‖ ("relative", default) or h ("absolute"). */
  hScale?: StepScale;
  /** How many seeded directions to draw (default 3), or the directions themselves (any length > 0; only their orientation is used). */
  directions?: number | tf.Tensor1D[];
  /** Kind of the drawn directions: "random" (unit Gaussian, default) or "filter-normalized". */
  directionKind?: DirectionKind;
  /** Which losses to measure. Default all three with an attack, ["clean"] without. */
  losses?: LossMode[];
  /** The attack re-run at every θ (needed by "reattack" and "frozen"): convergedPgd options or a bound Attack. */
  attack?: AttackSpec;
  /** Also measure the ratio of every example's own gradient (default false; costs one gradient per example per point). */
  perExample?: boolean;
  /** Seed of the directions and of the attack's start (default 0). */
  seed?: number;
  /** Label of the progress line. */
  label?: string;
}

const OPTION_NAMES = ["h", "hScale", "directions", "directionKind", "losses", "attack", "perExample", "seed", "label"] as const;

/** R(h) for one loss over all directions, with its summaries (median … slope over the unflagged directions). */
export interface RatioSeries extends StepSummary {
  readonly loss: LossMode;
  /** R per direction and step: ratios[direction][hIndex]. */
  readonly ratios: number[][];
  /** Points whose attack had not converged (re-attacked loss only): excluded from every summary. */
  readonly flagged: boolean[][];
  /** The same slope for each direction alone. */
  readonly directionSlopes: number[];
  /** With perExample: every example's own ratio, perExample.ratios[direction][hIndex][example]. */
  readonly perExample?: PerExampleRatios;
}

export interface PerExampleRatios {
  readonly ratios: number[][][];
  readonly flagged: boolean[][][];
  /** Median over the unflagged directions: median[hIndex][example]. */
  readonly median: number[][];
}

/** One measured point, for charts (log–log lines per loss and direction). */
export type RatioRow = {
  readonly loss: LossMode;
  readonly h: number;
  readonly distance: number;
  readonly direction: number;
  readonly ratio: number;
  readonly flagged: boolean;
};

/** Median, quartiles and maximum over directions at one step, for charts (band + line). */
export type RatioSummaryRow = {
  readonly loss: LossMode;
  readonly h: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly max: number;
  /** Directions that entered (not flagged). */
  readonly count: number;
};

export interface GradientLipschitzResult extends DirectionGrid {
  /** The attack's description, or null (clean loss only). */
  readonly attack: string | null;
  /** False when the attack reports no convergence gap (a bound Attack): nothing could be flagged. */
  readonly convergenceChecked: boolean;
  readonly series: RatioSeries[];
  readonly rows: RatioRow[];
  readonly summary: RatioSummaryRow[];
  /** Flagged (direction, h) points over all series. */
  readonly flaggedCount: number;
  readonly seed: number;
  readonly cost: EstimatorCost;
}

function resolveLosses(losses: unknown, hasAttack: boolean): LossMode[] {
  const chosen = losses ?? (hasAttack ? [...LOSS_MODES] : ["clean"]);
  if (!Array.isArray(chosen) || chosen.length === 0) throw new RangeError(`losses must be a non-empty array of ${LOSS_MODES.join(", ")}, got ${String(losses)}`);
  chosen.forEach((mode, i) => assertOneOf(`losses[${i}]`, mode, LOSS_MODES));
  if (new Set(chosen).size !== chosen.length) throw new RangeError(`losses must not repeat a loss, got [${chosen.join(", ")}]`);
  if (!hasAttack && chosen.some((mode) => mode !== "clean")) {
    throw new RangeError(`losses [${chosen.join(", ")}] need an attack (options.attack), got none`);
  }
  return chosen as LossMode[];
}

function seriesOf(loss: LossMode, h: number[], ratios: number[][], flagged: boolean[][], perExample?: PerExampleRatios): RatioSeries {
  return {
    loss,
    ratios,
    flagged,
    ...stepSummary(h, ratios, flagged),
    directionSlopes: ratios.map((row, d) => logLogSlope(h, masked(row, flagged[d]))),
    ...(perExample ? { perExample } : {}),
  };
}

function grid<T>(rows: number, cols: number, value: () => T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, value));
}

function absoluteValues(gap: tf.Tensor1D | null, size: number): Float32Array {
  if (gap === null) return new Float32Array(size);
  return Float32Array.from(gap.dataSync(), Math.abs);
}

/**
 * S1 and S1-fixed: R(h) over a grid of steps and a set of directions, for the clean loss, the
 * re-attacked adversarial loss and the frozen one; batch ratios always, per-example ratios on request.
 * The model's weights are restored afterwards (also on error).
 */
export function gradientLipschitzRatio(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: GradientLipschitzOptions = {}): GradientLipschitzResult {
  assertKnownOptions("gradientLipschitzRatio", options, OPTION_NAMES);
  const { h = [...DEFAULT_STEPS], hScale = "relative", directions = 3, directionKind = "random", perExample = false, seed = 0 } = options;
  assertModelBatch(model, x, y);
  assertStepGrid(h);
  assertStepScale(hScale);
  assertOneOf("directionKind", directionKind, DIRECTION_KINDS);
  assertSeed(seed);
  assertBoolean("perExample", perExample);
  const losses = resolveLosses(options.losses, options.attack !== undefined);
  const needsAttack = losses.some((mode) => mode !== "clean");
  const attack = needsAttack ? resolveAttack(options.attack, seed) : null;
  const givenNorms = checkedDirectionsOption(model, directions);

  return withRestoredParameters(model, (origin) => {
    const distances = h.map((hi) => stepLength(hi, hScale, origin.norm));
    const units = unitDirections(model, directions, givenNorms, directionKind, seed);
    const oneHot = oneHotLabels(y, model.numClasses);
    const meter = new CostMeter(x.shape[0]);
    const run = new S1Run(model, x, y, oneHot, origin, units, h, distances, losses, attack, meter);
    try {
      const { ratios, flagged, reattacked } = run.batchRatios(options.label ?? "S1 gradient-Lipschitz ratio", perExample);
      let perExampleResults: Record<LossMode, PerExampleRatios> | null = null;
      try {
        if (perExample) perExampleResults = run.perExampleRatios(reattacked, options.label ?? "S1 per example");
      } finally {
        tf.dispose(reattacked.flat().map((o) => o.xAdv));
      }
      const series = losses.map((mode) => seriesOf(mode, h, ratios[mode], flagged[mode], perExampleResults?.[mode]));
      const rows: RatioRow[] = [];
      const summary: RatioSummaryRow[] = [];
      for (const s of series) {
        s.ratios.forEach((row, d) => row.forEach((ratio, j) => rows.push({ loss: s.loss, h: h[j], distance: distances[j], direction: d, ratio, flagged: s.flagged[d][j] })));
        h.forEach((hj, j) => {
          const count = s.flagged.filter((f) => !f[j]).length;
          summary.push({ loss: s.loss, h: hj, median: s.median[j], q1: s.q1[j], q3: s.q3[j], max: s.max[j], count });
        });
      }
      return {
        ...directionGrid(h, hScale, distances, origin.norm, directionKind, givenNorms !== null, units.length),
        attack: attack?.description ?? null,
        convergenceChecked: attack === null || attack.reportsGap,
        series,
        rows,
        summary,
        flaggedCount: series.reduce((n, s) => n + s.flagged.flat().filter(Boolean).length, 0),
        seed,
        cost: meter.report(),
      };
    } finally {
      run.dispose();
      tf.dispose([oneHot, ...units]);
    }
  });
}

/** The re-attacked inputs at one (direction, h) point, kept for the per-example pass. */
interface ReattackedPoint {
  readonly xAdv: tf.Tensor;
  /** |gap| per example. */
  readonly gap: Float32Array;
}

/** The state of one S1 measurement: the base point's gradients and adversarial inputs. */
class S1Run {
  private outcome0: AttackOutcome | null = null;
  private gap0: Float32Array;

  constructor(
    private readonly model: Classifier,
    private readonly x: tf.Tensor,
    private readonly y: tf.Tensor1D,
    private readonly oneHot: tf.Tensor2D,
    private readonly origin: Origin,
    private readonly units: tf.Tensor1D[],
    private readonly h: number[],
    private readonly distances: number[],
    private readonly losses: LossMode[],
    private readonly attack: ParameterAttack | null,
    private readonly meter: CostMeter,
  ) {
    this.gap0 = new Float32Array(x.shape[0]);
  }

  private runAttack(): AttackOutcome {
    const outcome = (this.attack as ParameterAttack).run(this.model, this.x, this.y);
    this.meter.addAttack((this.attack as ParameterAttack).gradientEvaluations);
    return outcome;
  }

  private gradient(inputs: tf.Tensor): tf.Tensor1D {
    this.meter.addParameter(1);
    return parameterGradient(this.model, inputs, this.oneHot);
  }

  private exampleGradient(inputs: tf.Tensor, n: number): tf.Tensor1D {
    this.meter.addParameter(1 / this.x.shape[0]);
    return exampleGradient(this.model, inputs, this.oneHot, n);
  }

  /** Batch ratios for every loss; returns also the re-attacked inputs when the per-example pass needs them. */
  batchRatios(
    label: string,
    keepInputs: boolean,
  ): {
    ratios: Record<LossMode, number[][]>;
    flagged: Record<LossMode, boolean[][]>;
    reattacked: ReattackedPoint[][];
  } {
    const D = this.units.length;
    const H = this.h.length;
    const ratios = { clean: grid(D, H, () => NaN), reattack: grid(D, H, () => NaN), frozen: grid(D, H, () => NaN) };
    const flagged = { clean: grid(D, H, () => false), reattack: grid(D, H, () => false), frozen: grid(D, H, () => false) };
    const reattacked: ReattackedPoint[][] = [];
    const wants = (mode: LossMode) => this.losses.includes(mode);
    let gClean0: tf.Tensor1D | null = null;
    let gAdv0: tf.Tensor1D | null = null;
    const bar = progress(label, D * H);
    try {
      if (wants("clean")) gClean0 = this.gradient(this.x);
      if (this.attack !== null) {
        this.outcome0 = this.runAttack();
        this.gap0 = absoluteValues(this.outcome0.gap, this.x.shape[0]);
        gAdv0 = this.gradient(this.outcome0.xAdv);
      }
      const meanGap0 = this.outcome0 === null ? 0 : meanAbsoluteGap(this.outcome0);
      for (let d = 0; d < D; d++) {
        const row: ReattackedPoint[] = [];
        for (let j = 0; j < H; j++) {
          moveTo(this.model, this.origin, this.units[d], this.distances[j]);
          if (gClean0 !== null) {
            const g = this.gradient(this.x);
            ratios.clean[d][j] = distance(g, gClean0) / this.distances[j];
            g.dispose();
          }
          if (wants("frozen")) {
            const g = this.gradient((this.outcome0 as AttackOutcome).xAdv);
            ratios.frozen[d][j] = distance(g, gAdv0 as tf.Tensor1D) / this.distances[j];
            g.dispose();
          }
          if (wants("reattack")) {
            const outcome = this.runAttack();
            const g = this.gradient(outcome.xAdv);
            const change = distance(g, gAdv0 as tf.Tensor1D);
            g.dispose();
            ratios.reattack[d][j] = change / this.distances[j];
            flagged.reattack[d][j] = Math.max(meanGap0, meanAbsoluteGap(outcome)) > change;
            if (keepInputs) {
              row.push({ xAdv: outcome.xAdv, gap: absoluteValues(outcome.gap, this.x.shape[0]) });
              tf.dispose([outcome.gap, outcome.loss].filter((t): t is tf.Tensor1D => t !== null));
            } else {
              disposeOutcome(outcome);
            }
          }
          bar.tick();
        }
        reattacked.push(row);
      }
      bar.done();
    } catch (error) {
      tf.dispose(reattacked.flat().map((o) => o.xAdv));
      throw error;
    } finally {
      tf.dispose([gClean0, gAdv0].filter((t): t is tf.Tensor1D => t !== null));
    }
    return { ratios, flagged, reattacked };
  }

  /**
   * Every example's own ratio ‖∇ℓ_n(θ + tv) − ∇ℓ_n(θ)‖ / t, one example at a time. Examples are taken
   * in chunks whose gradients at θ fit in memory; for each chunk the model visits every (direction, h)
   * point once more. A point is flagged for example n when n's own attack gap exceeds n's gradient change.
   */
  perExampleRatios(reattacked: ReattackedPoint[][], label: string): Record<LossMode, PerExampleRatios> {
    const N = this.x.shape[0];
    const D = this.units.length;
    const H = this.h.length;
    const m = paramCount(this.model);
    const chunk = Math.max(1, Math.min(N, Math.floor(PER_EXAMPLE_FLOATS / (2 * m))));
    const make = <T>(value: () => T) => Array.from({ length: D }, () => grid(H, N, value));
    const ratios = { clean: make(() => NaN), reattack: make(() => NaN), frozen: make(() => NaN) };
    const flagged = { clean: make(() => false), reattack: make(() => false), frozen: make(() => false) };
    const wants = (mode: LossMode) => this.losses.includes(mode);
    const xAdv0 = this.outcome0?.xAdv ?? null;
    const bar = progress(label, Math.ceil(N / chunk) * D * H);
    for (let start = 0; start < N; start += chunk) {
      const end = Math.min(N, start + chunk);
      assignParams(this.model, this.origin.theta);
      const clean0: tf.Tensor1D[] = [];
      const adv0: tf.Tensor1D[] = [];
      try {
        for (let n = start; n < end; n++) {
          if (wants("clean")) clean0.push(this.exampleGradient(this.x, n));
          if (xAdv0 !== null) adv0.push(this.exampleGradient(xAdv0, n));
        }
        for (let d = 0; d < D; d++) {
          for (let j = 0; j < H; j++) {
            moveTo(this.model, this.origin, this.units[d], this.distances[j]);
            for (let n = start; n < end; n++) {
              const k = n - start;
              if (wants("clean")) {
                const g = this.exampleGradient(this.x, n);
                ratios.clean[d][j][n] = distance(g, clean0[k]) / this.distances[j];
                g.dispose();
              }
              if (wants("frozen")) {
                const g = this.exampleGradient(xAdv0 as tf.Tensor, n);
                ratios.frozen[d][j][n] = distance(g, adv0[k]) / this.distances[j];
                g.dispose();
              }
              if (wants("reattack")) {
                const point = reattacked[d][j];
                const g = this.exampleGradient(point.xAdv, n);
                const change = distance(g, adv0[k]);
                g.dispose();
                ratios.reattack[d][j][n] = change / this.distances[j];
                flagged.reattack[d][j][n] = Math.max(this.gap0[n], point.gap[n]) > change;
              }
            }
            bar.tick();
          }
        }
      } finally {
        tf.dispose([...clean0, ...adv0]);
      }
    }
    bar.done();
    const out = {} as Record<LossMode, PerExampleRatios>;
    for (const mode of this.losses) {
      const medians = grid(H, N, () => NaN);
      for (let j = 0; j < H; j++) {
        for (let n = 0; n < N; n++) {
          medians[j][n] = median(ratios[mode].map((perDirection, d) => (flagged[mode][d][j][n] ? NaN : perDirection[j][n])));
        }
      }
      out[mode] = { ratios: ratios[mode], flagged: flagged[mode], median: medians };
    }
    return out;
  }

  dispose(): void {
    disposeOutcome(this.outcome0);
    this.outcome0 = null;
  }
}

// ---------------------------------------------------------------------------------------------------
// S1 on any differentiable function of a flat parameter vector

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
  const thetaNormTensor = tf.norm(theta);
  const thetaNorm = thetaNormTensor.dataSync()[0];
  thetaNormTensor.dispose();
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

// ---------------------------------------------------------------------------------------------------
// S2: the trajectory ratio

export interface TrajectoryRatioOptions {
  /** Default "reattack" with an attack, "clean" without. "frozen" keeps the inputs attacked at θ_t. */
  loss?: LossMode;
  attack?: AttackSpec;
  seed?: number;
}

export interface TrajectoryRatioResult {
  /** ‖ĝ_B(θ_{t+1}) − ĝ_B(θ_t)‖ / ‖θ_{t+1} − θ_t‖. */
  readonly ratio: number;
  readonly gradientChange: number;
  readonly distance: number;
  readonly loss: LossMode;
  /** The attack had not converged at θ_t or θ_{t+1} by the gradient change (re-attacked loss only). */
  readonly flagged: boolean;
  readonly cost: EstimatorCost;
}

const TRAJECTORY_OPTION_NAMES = ["loss", "attack", "seed"] as const;

/**
 * S2: the gradient-Lipschitz ratio along the training trajectory, on one fixed minibatch (x, y), between
 * two parameter vectors (flattened like flattenParams), e.g. before and after an optimiser step. The
 * model's weights are left as they were when called.
 */
export function trajectoryRatio(
  model: Classifier,
  x: tf.Tensor,
  y: tf.Tensor1D,
  before: tf.Tensor1D,
  after: tf.Tensor1D,
  options: TrajectoryRatioOptions = {},
): TrajectoryRatioResult {
  assertKnownOptions("trajectoryRatio", options, TRAJECTORY_OPTION_NAMES);
  const { seed = 0 } = options;
  assertModelBatch(model, x, y);
  assertSeed(seed);
  const loss = options.loss ?? (options.attack === undefined ? "clean" : "reattack");
  assertOneOf("loss", loss, LOSS_MODES);
  if (loss !== "clean" && options.attack === undefined) throw new RangeError(`loss "${loss}" needs an attack (options.attack), got none`);
  const attack = loss === "clean" ? null : resolveAttack(options.attack, seed);
  assertFiniteParameters(model, before, "before");
  assertFiniteParameters(model, after, "after");
  const step = distance(after, before);
  if (!(step > 0)) throw new RangeError(`after must differ from before (the ratio divides by ‖after − before‖), got ‖after − before‖ = ${step}`);
  return withRestoredParameters(model, () => {
    const meter = new CostMeter(x.shape[0]);
    const oneHot = oneHotLabels(y, model.numClasses);
    let first: AttackOutcome | null = null;
    let second: AttackOutcome | null = null;
    const held: tf.Tensor[] = [oneHot];
    try {
      // The model holds the point being evaluated when this is called.
      const evaluate = (outcome: AttackOutcome | null): tf.Tensor1D => {
        meter.addParameter(1);
        const g = parameterGradient(model, outcome === null ? x : outcome.xAdv, oneHot);
        held.push(g);
        return g;
      };
      const attackHere = (): AttackOutcome => {
        meter.addAttack((attack as ParameterAttack).gradientEvaluations);
        return (attack as ParameterAttack).run(model, x, y);
      };
      assignParams(model, before);
      if (attack !== null) first = attackHere();
      const g1 = evaluate(first);
      assignParams(model, after);
      if (loss === "reattack") second = attackHere();
      const g2 = evaluate(loss === "reattack" ? second : first);
      const change = distance(g2, g1);
      const gaps = [first, second].filter((o): o is AttackOutcome => o !== null).map(meanAbsoluteGap);
      return {
        ratio: change / step,
        gradientChange: change,
        distance: step,
        loss,
        flagged: loss === "reattack" && Math.max(...gaps) > change,
        cost: meter.report(),
      };
    } finally {
      tf.dispose(held);
      disposeOutcome(first);
      disposeOutcome(second);
    }
  });
}
