// S1 per example: every example's own ratio ‖∇ℓ_n(θ + tv) − ∇ℓ_n(θ)‖ / t, the second pass of
// gradientLipschitzRatio (perExample: true). F4 plots it against each example's input flatness (S4).
// Examples are taken in chunks whose gradients at θ fit in memory; for each chunk the model visits every
// (direction, h) point once more, reusing the re-attacked inputs the batch pass kept. A point is flagged
// for example n when n's own attack gap exceeds n's gradient change.
import * as tf from "@tensorflow/tfjs";
import { assignParams, paramCount } from "../models/params";
import { LossMode, distance, exampleGradient } from "../parameter-space/danskin-gradient";
import { moveTo } from "../parameter-space/moves";
import { median } from "../parameter-space/statistics";
import { progress } from "../viz/progress";
import type { ReattackedPoint, S1Setting } from "./s1-setting";

/** Per-example gradients held at once, in floats (chunks of examples are sized to stay below it). */
const PER_EXAMPLE_FLOATS = 1 << 22;

export interface PerExampleRatios {
  readonly ratios: number[][][];
  readonly flagged: boolean[][][];
  /** Median over the unflagged directions: median[hIndex][example]. */
  readonly median: number[][];
}

function table<T>(rows: number, cols: number, value: () => T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, value));
}

/**
 * Every example's ratio for every loss of the setting. `base` holds θ₀'s adversarial inputs (null
 * without an attack) and their |gap|; reattacked[direction][hIndex] the batch pass's re-attacked inputs.
 */
export function perExampleRatios(
  setting: S1Setting,
  base: { xAdv: tf.Tensor | null; gap: Float32Array },
  reattacked: ReattackedPoint[][],
  label: string,
): Record<LossMode, PerExampleRatios> {
  const { model, x, oneHot, origin, units, h, distances, losses, meter } = setting;
  const N = x.shape[0];
  const D = units.length;
  const H = h.length;
  const chunk = Math.max(1, Math.min(N, Math.floor(PER_EXAMPLE_FLOATS / (2 * paramCount(model)))));
  const make = <T>(value: () => T) => Array.from({ length: D }, () => table(H, N, value));
  const ratios = { clean: make(() => NaN), reattack: make(() => NaN), frozen: make(() => NaN) };
  const flagged = { clean: make(() => false), reattack: make(() => false), frozen: make(() => false) };
  const wants = (mode: LossMode) => losses.includes(mode);
  const gradient = (inputs: tf.Tensor, n: number): tf.Tensor1D => {
    meter.addParameter(1 / N);
    return exampleGradient(model, inputs, oneHot, n);
  };
  const bar = progress(label, Math.ceil(N / chunk) * D * H);
  for (let start = 0; start < N; start += chunk) {
    const end = Math.min(N, start + chunk);
    assignParams(model, origin.theta);
    const clean0: tf.Tensor1D[] = [];
    const adv0: tf.Tensor1D[] = [];
    try {
      for (let n = start; n < end; n++) {
        if (wants("clean")) clean0.push(gradient(x, n));
        if (base.xAdv !== null) adv0.push(gradient(base.xAdv, n));
      }
      for (let d = 0; d < D; d++) {
        for (let j = 0; j < H; j++) {
          moveTo(model, origin, units[d], distances[j]);
          for (let n = start; n < end; n++) {
            const k = n - start;
            if (wants("clean")) {
              const g = gradient(x, n);
              ratios.clean[d][j][n] = distance(g, clean0[k]) / distances[j];
              g.dispose();
            }
            if (wants("frozen")) {
              const g = gradient(base.xAdv as tf.Tensor, n);
              ratios.frozen[d][j][n] = distance(g, adv0[k]) / distances[j];
              g.dispose();
            }
            if (wants("reattack")) {
              const point = reattacked[d][j];
              const g = gradient(point.xAdv, n);
              const change = distance(g, adv0[k]);
              g.dispose();
              ratios.reattack[d][j][n] = change / distances[j];
              flagged.reattack[d][j][n] = Math.max(base.gap[n], point.gap[n]) > change;
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
  for (const mode of losses) {
    const medians = table(H, N, () => NaN);
    for (let j = 0; j < H; j++) {
      for (let n = 0; n < N; n++) {
        medians[j][n] = median(ratios[mode].map((perDirection, d) => (flagged[mode][d][j][n] ? NaN : perDirection[j][n])));
      }
    }
    out[mode] = { ratios: ratios[mode], flagged: flagged[mode], median: medians };
  }
  return out;
}
