// The smoothness statistics of one trained network under one threat (paper-spec §4, Table B's row)
// [Project design]: S1 of the clean, frozen and re-attacked losses along random and filter-normalised
// directions, S3 (the top Hessian eigenvalues at frozen adversarial inputs), S4 (input flatness at the
// adversarial point), S5 and S6 (how the attack itself moves with θ). E3 profiles every model of its
// grid, E6 the models of E5, E7 its sensitivity grid (S1 only).
import type * as tf from "@tensorflow/tfjs";
import type { Norm } from "../core/norms";
import type { Classifier } from "../models/classifier";
import type { LossMode } from "../parameter-space/danskin-gradient";
import type { DirectionKind } from "../parameter-space/moves";
import { attackContinuity } from "../smoothness/attack-stats";
import { inputFlatness } from "../smoothness/flatness";
import { gradientLipschitzRatio } from "../smoothness/gradient-lipschitz";
import { hessianTopEigenvalues } from "../smoothness/hessian";
import { supportsExactHessian } from "../smoothness/second-order-gradients";
import { SCALE_PRESETS, type RunnableScale } from "./presets";

export interface Threat {
  readonly norm: Norm;
  readonly eps: number;
}

/** Which statistics a profile computes (S1 with random directions always). */
export interface ProfileOptions {
  scale: RunnableScale;
  threat: Threat;
  seed?: number;
  /** S1 directions; default the scale's (quick 3, full 20). */
  directions?: number;
  /** Also S1 along filter-normalised directions (default: at full scale only). */
  filterNormalized?: boolean;
  /** S3, S4, S5/S6 (default true each). */
  hessian?: boolean;
  flatness?: boolean;
  continuity?: boolean;
}

/**
 * What the scales afford [Project design]: a converged re-attack of 128 examples costs ~0.7 s on a
 * softplus MLP; the quick profile (about 15 of them) fits in a notebook cell, the full one (~200) does not.
 */
const PROFILE_SCALE: Readonly<Record<RunnableScale, { filterNormalized: boolean; continuityDirections: number; eigenvalues: number; iterations: number }>> = {
  quick: { filterNormalized: false, continuityDirections: 2, eigenvalues: 1, iterations: 20 },
  full: { filterNormalized: true, continuityDirections: 5, eigenvalues: 3, iterations: 50 },
};

/** S1 of one loss along one kind of direction: R(h) summaries over directions. */
export type RatioProfile = {
  loss: LossMode;
  directions: DirectionKind;
  h: number[];
  median: number[];
  q1: number[];
  q3: number[];
  slope: number;
  flagged: number;
};

export interface SmoothnessProfile {
  threat: Threat;
  s1: RatioProfile[];
  /** S3: the top eigenvalues (quick 1, full 3) of the frozen adversarial loss's Hessian (exact products for MLPs, central differences otherwise). */
  s3: { values: number[]; hvp: string; converged: boolean[] } | null;
  /** S4: ‖∇ₓℓ(x + δ*)‖₂ over the batch. */
  s4: { mean: number; median: number } | null;
  /** S6: attack continuity (median over directions per h, and its slope); S5: L∞ saturation and flip rate at the smallest h. */
  s6: { h: number[]; median: number[]; slope: number } | null;
  s5: { saturation: number | null; flipRate: number } | null;
  seconds: number;
}

/** Profiles `model` on the batch (x, y) under `threat`; the model is left as it was. */
export function smoothnessProfile(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: ProfileOptions): SmoothnessProfile {
  const { scale, threat, seed = 0, hessian = true, flatness = true, continuity = true } = options;
  const preset = SCALE_PRESETS[scale];
  const settings = PROFILE_SCALE[scale];
  const filterNormalized = options.filterNormalized ?? settings.filterNormalized;
  const started = performance.now();
  const h = [...preset.hGrid];
  const directions = options.directions ?? preset.directions;
  const attack = { norm: threat.norm, eps: threat.eps };
  const s1: RatioProfile[] = [];
  for (const kind of filterNormalized ? (["random", "filter-normalized"] as const) : (["random"] as const)) {
    const measured = gradientLipschitzRatio(model, x, y, { h, directions, directionKind: kind, attack, seed, label: `S1 ${kind}` });
    for (const series of measured.series) {
      s1.push({
        loss: series.loss,
        directions: kind,
        h,
        median: series.median,
        q1: series.q1,
        q3: series.q3,
        slope: series.slope,
        flagged: series.flagged.flat().filter(Boolean).length,
      });
    }
  }
  let s3: SmoothnessProfile["s3"] = null;
  if (hessian) {
    const exact = supportsExactHessian(model);
    const result = hessianTopEigenvalues(model, x, y, {
      loss: "frozen",
      attack,
      hvp: exact ? "exact" : "finite-difference",
      k: settings.eigenvalues,
      maxIterations: settings.iterations,
      seed,
    });
    s3 = { values: result.values, hvp: exact ? "exact" : "finite-difference", converged: result.converged };
  }
  const s4 = flatness ? (({ mean, median }) => ({ mean: mean.l2, median: median.l2 }))(inputFlatness(model, x, y, { attack, seed })) : null;
  let s5: SmoothnessProfile["s5"] = null;
  let s6: SmoothnessProfile["s6"] = null;
  if (continuity) {
    const moved = attackContinuity(model, x, y, { attack, h, directions: Math.min(directions, settings.continuityDirections), seed });
    s6 = { h, median: moved.median, slope: moved.slope };
    const last = h.length - 1;
    s5 = { saturation: moved.meanSaturation, flipRate: moved.flipRates.reduce((s, row) => s + row[last], 0) / moved.flipRates.length };
  }
  return { threat, s1, s3, s4, s5, s6, seconds: (performance.now() - started) / 1000 };
}

/** The median re-attacked (or other) S1 ratio at the h nearest 1e-3, Table B's "S1 median R(1e-3)". */
export function ratioAt(profile: SmoothnessProfile, loss: LossMode, directions: DirectionKind = "random", h = 1e-3): number {
  const series = profile.s1.find((r) => r.loss === loss && r.directions === directions);
  if (series === undefined) return NaN;
  const j = series.h.reduce((best, hj, i) => (Math.abs(Math.log(hj / h)) < Math.abs(Math.log(series.h[best] / h)) ? i : best), 0);
  return series.median[j];
}
