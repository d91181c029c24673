// S1 and S1-fixed (paper-spec §4): how fast the gradient of the (adversarial) loss changes in
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
import { assertSeed } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertOneOf } from "../core/validate";
import { oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { CostMeter, EstimatorCost, LOSS_MODES, LossMode, distance, parameterGradient } from "../parameter-space/danskin-gradient";
import { DEFAULT_STEPS, StepScale, assertModelBatch, assertStepGrid, assertStepScale, checkedDirectionsOption } from "../parameter-space/inputs";
import {
  DIRECTION_KINDS,
  DirectionGrid,
  DirectionKind,
  directionGrid,
  moveTo,
  stepLength,
  unitDirections,
  withRestoredParameters,
} from "../parameter-space/moves";
import { AttackOutcome, AttackSpec, ParameterAttack, disposeOutcome, meanAbsoluteGap, resolveAttack } from "../parameter-space/re-attack";
import { StepSummary, logLogSlope, masked, stepSummary } from "../parameter-space/statistics";
import { progress } from "../viz/progress";
import { PerExampleRatios, perExampleRatios } from "./per-example-ratios";
import type { ReattackedPoint, S1Setting } from "./s1-setting";

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
  if (!Array.isArray(chosen) || chosen.length === 0)
    throw new RangeError(`losses must be a non-empty array of ${LOSS_MODES.join(", ")}, got ${String(losses)}`);
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
    const run = new S1Run({ model, x, y, oneHot, origin, units, h, distances, losses, attack, meter });
    try {
      const { ratios, flagged, reattacked } = run.batchRatios(options.label ?? "S1 gradient-Lipschitz ratio", perExample);
      let perExampleResults: Record<LossMode, PerExampleRatios> | null = null;
      try {
        if (perExample) perExampleResults = perExampleRatios(run.setting, run.base(), reattacked, options.label ?? "S1 per example");
      } finally {
        tf.dispose(reattacked.flat().map((o) => o.xAdv));
      }
      const series = losses.map((mode) => seriesOf(mode, h, ratios[mode], flagged[mode], perExampleResults?.[mode]));
      const rows: RatioRow[] = [];
      const summary: RatioSummaryRow[] = [];
      for (const s of series) {
        s.ratios.forEach((row, d) =>
          row.forEach((ratio, j) => rows.push({ loss: s.loss, h: h[j], distance: distances[j], direction: d, ratio, flagged: s.flagged[d][j] })),
        );
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

function grid<T>(rows: number, cols: number, value: () => T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, value));
}

/** |gap| per example (zeros when the attack reports none). */
function absoluteValues(gap: tf.Tensor1D | null, size: number): Float32Array {
  if (gap === null) return new Float32Array(size);
  return Float32Array.from(gap.dataSync(), Math.abs);
}

/** The batch pass of one S1 measurement; it holds the adversarial inputs at θ₀ until disposed. */
class S1Run {
  private outcome0: AttackOutcome | null = null;
  private gap0: Float32Array;

  constructor(readonly setting: S1Setting) {
    this.gap0 = new Float32Array(setting.x.shape[0]);
  }

  /** θ₀'s adversarial inputs (null without an attack) and their |gap| per example, for the per-example pass. */
  base(): { xAdv: tf.Tensor | null; gap: Float32Array } {
    return { xAdv: this.outcome0?.xAdv ?? null, gap: this.gap0 };
  }

  private runAttack(): AttackOutcome {
    const { attack, model, x, y, meter } = this.setting;
    const outcome = (attack as ParameterAttack).run(model, x, y);
    meter.addAttack((attack as ParameterAttack).gradientEvaluations);
    return outcome;
  }

  private gradient(inputs: tf.Tensor): tf.Tensor1D {
    this.setting.meter.addParameter(1);
    return parameterGradient(this.setting.model, inputs, this.setting.oneHot);
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
    const { model, x, origin, units, h, distances, losses, attack } = this.setting;
    const D = units.length;
    const H = h.length;
    const ratios = { clean: grid(D, H, () => NaN), reattack: grid(D, H, () => NaN), frozen: grid(D, H, () => NaN) };
    const flagged = { clean: grid(D, H, () => false), reattack: grid(D, H, () => false), frozen: grid(D, H, () => false) };
    const reattacked: ReattackedPoint[][] = [];
    const wants = (mode: LossMode) => losses.includes(mode);
    let gClean0: tf.Tensor1D | null = null;
    let gAdv0: tf.Tensor1D | null = null;
    const bar = progress(label, D * H);
    try {
      if (wants("clean")) gClean0 = this.gradient(x);
      if (attack !== null) {
        this.outcome0 = this.runAttack();
        this.gap0 = absoluteValues(this.outcome0.gap, x.shape[0]);
        gAdv0 = this.gradient(this.outcome0.xAdv);
      }
      const meanGap0 = this.outcome0 === null ? 0 : meanAbsoluteGap(this.outcome0);
      for (let d = 0; d < D; d++) {
        const row: ReattackedPoint[] = [];
        for (let j = 0; j < H; j++) {
          moveTo(model, origin, units[d], distances[j]);
          if (gClean0 !== null) {
            const g = this.gradient(x);
            ratios.clean[d][j] = distance(g, gClean0) / distances[j];
            g.dispose();
          }
          if (wants("frozen")) {
            const g = this.gradient((this.outcome0 as AttackOutcome).xAdv);
            ratios.frozen[d][j] = distance(g, gAdv0 as tf.Tensor1D) / distances[j];
            g.dispose();
          }
          if (wants("reattack")) {
            const outcome = this.runAttack();
            const g = this.gradient(outcome.xAdv);
            const change = distance(g, gAdv0 as tf.Tensor1D);
            g.dispose();
            ratios.reattack[d][j] = change / distances[j];
            flagged.reattack[d][j] = Math.max(meanGap0, meanAbsoluteGap(outcome)) > change;
            if (keepInputs) {
              row.push({ xAdv: outcome.xAdv, gap: absoluteValues(outcome.gap, x.shape[0]) });
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

  dispose(): void {
    disposeOutcome(this.outcome0);
    this.outcome0 = null;
  }
}
