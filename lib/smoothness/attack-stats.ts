// S5 and S6 (paper-spec §4): how the optimal attack itself moves with θ, the term L1 says governs
// smoothness.
//  - S6, attack continuity: ‖δ*(θ + tv) − δ*(θ)‖₂ / t per example, the attack re-run from the same
//    seeded start. T3: bounded for L2 (δ* slides on the sphere). T4: for L∞, δ* sits at a vertex and
//    jumps by 2ε in a coordinate whose input-gradient sign flips, so once a flip happens S6 ~ 2ε/t.
//  - S5, L∞ boundary statistics: the share of coordinates at the box boundary (|δ_i| ≥ ε − 1e-6) and the
//    share whose sign flips between θ and θ + tv.
import * as tf from "@tensorflow/tfjs";
import { NORMS, type Norm } from "../core/norms";
import { assertSeed } from "../core/rng";
import { perExampleNorm } from "../core/norms";
import { assertKnownOptions, assertNonNegative, assertOneOf } from "../core/validate";
import { Classifier } from "../models/classifier";
import { progress } from "../viz/progress";
import { AttackOutcome, AttackSpec, disposeOutcome, meanAbsoluteGap, resolveAttack } from "../parameter-space/re-attack";
import { CostMeter, EstimatorCost } from "../parameter-space/danskin-gradient";
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
import { StepSummary, mean, stepSummary } from "../parameter-space/statistics";

/** |δ_i| ≥ ε − SATURATION_TOLERANCE counts as on the boundary of the L∞ box (paper-spec §4). */
export const SATURATION_TOLERANCE = 1e-6;

function assertPerturbation(delta: unknown, name: string): asserts delta is tf.Tensor {
  if (!(delta instanceof tf.Tensor)) throw new TypeError(`${name} must be a tf.Tensor, got ${String(delta)}`);
  if (delta.rank < 2 || delta.shape[0] < 1)
    throw new RangeError(`${name} must be a batch [examples, …] with at least one example, got shape [${delta.shape.join(", ")}]`);
}

/** S5 saturation: per example, the share of coordinates with |δ_i| ≥ ε − tolerance. */
export function saturation(delta: tf.Tensor, eps: number, tolerance = SATURATION_TOLERANCE): number[] {
  assertPerturbation(delta, "delta");
  assertNonNegative("eps", eps);
  assertNonNegative("tolerance", tolerance);
  const share = tf.tidy(() => tf.mean(tf.cast(tf.greaterEqual(tf.abs(delta.reshape([delta.shape[0], -1])), eps - tolerance), "float32"), 1));
  const out = Array.from(share.dataSync());
  share.dispose();
  return out;
}

export interface SignFlips {
  /** Coordinates whose sign is strictly opposite (one > 0, the other < 0), per example. */
  readonly counts: number[];
  /** counts divided by the number of coordinates of an example. */
  readonly rates: number[];
}

/** S5 flips: per example, the coordinates where δ(θ) and δ(θ + tv) have opposite signs. */
export function signFlips(before: tf.Tensor, after: tf.Tensor): SignFlips {
  assertPerturbation(before, "before");
  assertPerturbation(after, "after");
  if (before.shape.join(",") !== after.shape.join(",")) {
    throw new RangeError(`after must have the shape of before [${before.shape.join(", ")}], got [${after.shape.join(", ")}]`);
  }
  const coordinates = before.size / before.shape[0];
  const counts = tf.tidy(() => tf.sum(tf.cast(tf.less(tf.mul(tf.sign(before), tf.sign(after)), 0), "float32").reshape([before.shape[0], -1]), 1));
  const out = Array.from(counts.dataSync());
  counts.dispose();
  return { counts: out, rates: out.map((c) => c / coordinates) };
}

export interface AttackContinuityOptions {
  /** The attack re-run at every θ (required): convergedPgd options (default mode) or a bound Attack. */
  attack: AttackSpec;
  /** Steps h (default 1e-1 … 1e-4). */
  h?: number[];
  /** Default "relative": ‖Δθ‖ = h‖θ‖. */
  hScale?: StepScale;
  /** Count of seeded directions (default 3) or the directions themselves. */
  directions?: number | tf.Tensor1D[];
  directionKind?: DirectionKind;
  /** The threat model, when the attack is a bound Attack (convergedPgd options carry their own). */
  threat?: { norm: Norm; eps: number };
  seed?: number;
  label?: string;
}

const OPTION_NAMES = ["attack", "h", "hScale", "directions", "directionKind", "threat", "seed", "label"] as const;

export type ContinuityRow = {
  readonly h: number;
  readonly distance: number;
  readonly direction: number;
  /** Mean over examples of ‖Δδ_n‖₂ / t. */
  readonly continuity: number;
  /** Largest per-example ‖Δδ_n‖₂ / t. */
  readonly maxContinuity: number;
  /** Coordinates that flipped sign over the whole batch. */
  readonly flips: number;
  /** flips / (examples × coordinates). */
  readonly flipRate: number;
  /** Examples with at least one flip. */
  readonly examplesWithFlips: number;
  readonly flagged: boolean;
};

/** S5 and S6; the StepSummary (median … slope) is of the continuity: slope 0 = δ* Lipschitz in θ, −1 = δ* jumps. */
export interface AttackContinuityResult extends StepSummary, DirectionGrid {
  readonly attack: string;
  readonly norm: Norm | null;
  readonly eps: number | null;
  /** S6 per direction and step: mean over examples of ‖Δδ_n‖₂ / t, continuity[direction][hIndex]. */
  readonly continuity: number[][];
  /** Per example: perExample[direction][hIndex][example] = ‖Δδ_n‖₂ / t. */
  readonly perExample: number[][][];
  /** S5: share of coordinates at ±ε at θ, per example (L∞ only; null otherwise). */
  readonly saturation: number[] | null;
  readonly meanSaturation: number | null;
  /** S5 flips: flips[direction][hIndex] over the batch, and the rate. */
  readonly flips: number[][];
  readonly flipRates: number[][];
  /**
   * Points whose attack had not converged: the mean |gap| at θ or θ + tv exceeded the change of the
   * mean adversarial loss between them (the change being measured, in the loss's own units).
   */
  readonly flagged: boolean[][];
  readonly convergenceChecked: boolean;
  readonly rows: ContinuityRow[];
  readonly seed: number;
  readonly cost: EstimatorCost;
}

function meanOf(t: tf.Tensor1D | null): number {
  if (t === null) return NaN;
  const m = tf.tidy(() => tf.mean(t));
  const value = m.dataSync()[0];
  m.dispose();
  return value;
}

/**
 * S6 and S5: re-runs the attack at θ + tv for every direction and step and compares the perturbations
 * with those at θ. The model's weights are restored afterwards.
 */
export function attackContinuity(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: AttackContinuityOptions): AttackContinuityResult {
  assertKnownOptions("attackContinuity", options, OPTION_NAMES);
  const { h = [...DEFAULT_STEPS], hScale = "relative", directions = 3, directionKind = "random", seed = 0 } = options;
  assertModelBatch(model, x, y);
  assertStepGrid(h);
  assertStepScale(hScale);
  assertOneOf("directionKind", directionKind, DIRECTION_KINDS);
  assertSeed(seed);
  if (options.attack === undefined) throw new RangeError("attack is required (the attack re-run at every θ), got undefined");
  const attack = resolveAttack(options.attack, seed);
  if (options.threat !== undefined) {
    assertOneOf("threat.norm", options.threat.norm, NORMS);
    assertNonNegative("threat.eps", options.threat.eps);
  }
  const norm = attack.norm ?? options.threat?.norm ?? null;
  const eps = attack.eps ?? options.threat?.eps ?? null;
  const givenNorms = checkedDirectionsOption(model, directions);

  return withRestoredParameters(model, (origin) => {
    const distances = h.map((hi) => stepLength(hi, hScale, origin.norm));
    const units = unitDirections(model, directions, givenNorms, directionKind, seed);
    const meter = new CostMeter(x.shape[0]);
    const D = units.length;
    const H = h.length;
    let outcome0: AttackOutcome | null = null;
    let delta0: tf.Tensor | null = null;
    try {
      outcome0 = attack.run(model, x, y);
      meter.addAttack(attack.gradientEvaluations);
      const start = outcome0;
      delta0 = tf.sub(start.xAdv, x);
      const gap0 = meanAbsoluteGap(start);
      const loss0 = meanOf(start.loss);
      const saturationShares = norm === "linf" && eps !== null ? saturation(delta0, eps) : null;
      const continuity: number[][] = [];
      const perExample: number[][][] = [];
      const flips: number[][] = [];
      const flipRates: number[][] = [];
      const flagged: boolean[][] = [];
      const rows: ContinuityRow[] = [];
      const bar = progress(options.label ?? "S6 attack continuity", D * H);
      for (let d = 0; d < D; d++) {
        continuity.push([]);
        perExample.push([]);
        flips.push([]);
        flipRates.push([]);
        flagged.push([]);
        for (let j = 0; j < H; j++) {
          moveTo(model, origin, units[d], distances[j]);
          const outcome = attack.run(model, x, y);
          meter.addAttack(attack.gradientEvaluations);
          try {
            const delta = tf.sub(outcome.xAdv, x);
            const moved = tf.tidy(() => perExampleNorm(tf.sub(delta, delta0 as tf.Tensor), "l2"));
            const perN = Array.from(moved.dataSync(), (v) => v / distances[j]);
            const flip = signFlips(delta0 as tf.Tensor, delta);
            tf.dispose([delta, moved]);
            const total = flip.counts.reduce((s, c) => s + c, 0);
            const rate = total / (x.size || 1);
            const isFlagged = attack.reportsGap && Math.max(gap0, meanAbsoluteGap(outcome)) > Math.abs(meanOf(outcome.loss) - loss0);
            continuity[d].push(mean(perN));
            perExample[d].push(perN);
            flips[d].push(total);
            flipRates[d].push(rate);
            flagged[d].push(isFlagged);
            rows.push({
              h: h[j],
              distance: distances[j],
              direction: d,
              continuity: mean(perN),
              maxContinuity: Math.max(...perN),
              flips: total,
              flipRate: rate,
              examplesWithFlips: flip.counts.filter((c) => c > 0).length,
              flagged: isFlagged,
            });
          } finally {
            disposeOutcome(outcome);
          }
          bar.tick();
        }
      }
      bar.done();
      return {
        ...directionGrid(h, hScale, distances, origin.norm, directionKind, givenNorms !== null, D),
        attack: attack.description,
        norm,
        eps,
        continuity,
        perExample,
        ...stepSummary(h, continuity, flagged),
        saturation: saturationShares,
        meanSaturation: saturationShares === null ? null : mean(saturationShares),
        flips,
        flipRates,
        flagged,
        convergenceChecked: attack.reportsGap,
        rows,
        seed,
        cost: meter.report(),
      };
    } finally {
      disposeOutcome(outcome0);
      tf.dispose([...units, ...(delta0 === null ? [] : [delta0])]);
    }
  });
}
