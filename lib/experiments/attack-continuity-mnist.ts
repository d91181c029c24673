// Notebook 04's measurement [Project design]: E2 on MNIST — how far the optimal attack moves when the
// weights move, S6 = ‖δ*(θ + tv) − δ*(θ)‖₂ / t (t = h‖θ‖), with S5's sign flips, under L∞ and L2 at the
// paired radii of the ε grid, on one adversarially trained softplus MLP (softplus-mlp.ts). The attack is
// the converged PGD of the estimators (200 steps, cosine step, one seeded start shared by every θ), so
// θ ↦ δ*(θ) is a function. Expected (T3, T4): S6 bounded under L2 (slope 0), growing like 2ε/h under L∞
// wherever a coordinate of δ* flips sign between θ and θ + tv (slope −1).
import * as tf from "@tensorflow/tfjs";
import { NORMS, type Norm } from "../core/norms";
import { loadMnist } from "../data";
import { median } from "../parameter-space/statistics";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { attackContinuity, type ContinuityRow } from "../smoothness/attack-stats";
import { EPS_GRID, type RunnableScale } from "./presets";
import { SOFTPLUS_MLP_EPOCHS, trainSoftplusMlp } from "./softplus-mlp";

export const ATTACK_CONTINUITY_MNIST = "04-s6-attack-continuity";

/** The network measured: PGD-AT at the first L∞ radius of the grid (as notebook 02's). */
export const ATTACK_CONTINUITY_TRAINING = { norm: "linf" as Norm, eps: EPS_GRID.linf[0] };

/** Per scale: the held-out batch, the directions, the steps h (relative to ‖θ‖) and how many ε pairs of the grid. */
export const ATTACK_CONTINUITY_SCALE: Readonly<Record<RunnableScale, { examples: number; directions: number; h: readonly number[]; pairs: number }>> = {
  quick: { examples: 128, directions: 3, h: [1e-1, 1e-2, 1e-3], pairs: 1 },
  full: { examples: 128, directions: 10, h: [1e-1, 1e-2, 1e-3, 1e-4], pairs: 3 },
};

/** S6 and flips at one step h, over the directions. */
export type ContinuitySummaryRow = {
  threat: string;
  /** The ε pair of the grid, e.g. "L∞ 0.1 / L2 1". */
  pair: string;
  norm: Norm;
  eps: number;
  h: number;
  /** S6 (mean over examples), median and quartiles over the directions. */
  median: number;
  q1: number;
  q3: number;
  max: number;
  /** Coordinates that flipped sign, summed over directions and examples. */
  flips: number;
  /** Directions with at least one flip. */
  directionsWithFlips: number;
  /** Median over directions of the examples with a flip. */
  examplesWithFlips: number;
  /** S6 of the single example whose attack moved most, max over directions (‖Δδ_n‖₂ / t). */
  largestExample: number;
  /**
   * The largest move of one example's attack, max over directions and examples of ‖Δδ_n‖₂, in units of
   * ε. A Lipschitz δ* moves by O(t); a jump keeps it ≥ 1 (an end of the interval to the other: 2ε for a
   * sign flip, ε for a pixel whose interval the data box cuts to [0, ε]) however small t.
   */
  largestMove: number;
  /** Points whose attack had not converged (left out of the median). */
  flagged: number;
};

export interface ThreatContinuity {
  threat: string;
  pair: string;
  norm: Norm;
  eps: number;
  attack: string;
  /** Log–log slope of the median S6 against h: 0 = δ* Lipschitz in θ, −1 = δ* jumps. */
  slope: number;
  /** S5: the mean share of coordinates at ±ε at θ (L∞ only). */
  meanSaturation: number | null;
  summary: ContinuitySummaryRow[];
  /** Every (direction, h) point. */
  rows: ContinuityRow[];
  seconds: number;
}

export interface AttackContinuityMnistResults {
  /** The measurement's settings at this scale (ATTACK_CONTINUITY_SCALE). */
  settings: { examples: number; directions: number; h: number[]; pairs: number };
  training: { label: string; epochs: number; cleanAccuracy: number; robustAccuracy: number; gradientEvaluations: number; resumedFromEpoch: number | null };
  threats: ThreatContinuity[];
}

const threatLabel = (norm: Norm, eps: number) => `${norm === "linf" ? "L∞" : "L2"}, ε = ${eps}`;

/** Trains the network (full: or loads its checkpoint) and measures S5/S6 under each threat; returns the stamped record. */
export async function attackContinuityMnist(options: { scale: RunnableScale; seed?: number }): Promise<ResultRecord<AttackContinuityMnistResults>> {
  const { scale, seed = 0 } = options;
  const settings = ATTACK_CONTINUITY_SCALE[scale];
  const started = performance.now();
  const net = await trainSoftplusMlp({ scale, training: ATTACK_CONTINUITY_TRAINING.norm, eps: ATTACK_CONTINUITY_TRAINING.eps, seed });
  const batch = loadMnist({ split: "test", limit: settings.examples, seed });
  try {
    const threats: ThreatContinuity[] = [];
    for (let index = 0; index < settings.pairs; index++) {
      const pair = `L∞ ${EPS_GRID.linf[index]} / L2 ${EPS_GRID.l2[index]}`;
      for (const norm of NORMS) {
        const eps = EPS_GRID[norm][index];
        const threat = threatLabel(norm, eps);
        const t0 = performance.now();
        const r = attackContinuity(net.model, batch.x, batch.y, {
          attack: { norm, eps },
          h: [...settings.h],
          directions: settings.directions,
          seed,
          label: `S6 ${threat}`,
        });
        const summary = settings.h.map((h, j) => {
          const at = r.rows.filter((row) => row.h === h);
          return {
            threat,
            pair,
            norm,
            eps,
            h,
            median: r.median[j],
            q1: r.q1[j],
            q3: r.q3[j],
            max: r.max[j],
            flips: at.reduce((s, row) => s + row.flips, 0),
            directionsWithFlips: at.filter((row) => row.flips > 0).length,
            examplesWithFlips: median(at.map((row) => row.examplesWithFlips)),
            largestExample: Math.max(...at.map((row) => row.maxContinuity)),
            largestMove: Math.max(...at.map((row) => row.maxContinuity * row.distance)) / eps,
            flagged: at.filter((row) => row.flagged).length,
          };
        });
        threats.push({
          threat,
          pair,
          norm,
          eps,
          attack: r.attack,
          slope: r.slope,
          meanSaturation: r.meanSaturation,
          summary,
          rows: r.rows,
          seconds: (performance.now() - t0) / 1000,
        });
      }
    }
    const threatList = threats.map((t) => t.threat).join("; ");
    const stamp = makeStamp({
      ...net.stamp,
      dataset: `${net.stamp.dataset}; S6 on ${settings.examples} test examples (stratified, seed ${seed})`,
      threat: `network ${net.label}; S6 under ${threatList}`,
      attack: `${net.stamp.attack}; S6: converged PGD-200, cosine step, one seeded start shared by every θ`,
      budget: `${net.stamp.budget}; S6 ${settings.directions} random directions × h ${settings.h.join(", ")} (relative to ‖θ‖)`,
    });
    const results: AttackContinuityMnistResults = {
      settings: { ...settings, h: [...settings.h] },
      training: {
        label: net.label,
        epochs: SOFTPLUS_MLP_EPOCHS[scale],
        cleanAccuracy: net.cleanAccuracy,
        robustAccuracy: net.robustAccuracy,
        gradientEvaluations: net.result.budget.gradientEvaluations,
        resumedFromEpoch: net.result.resumedFromEpoch,
      },
      threats,
    };
    const config = {
      training: net.result.config,
      s6: { ...settings, hScale: "relative", directionKind: "random", threats: threats.map(({ norm, eps }) => ({ norm, eps })) },
    };
    return makeRecord(ATTACK_CONTINUITY_MNIST, stamp, config, results, (performance.now() - started) / 1000);
  } finally {
    net.model.dispose();
    tf.dispose(batch);
  }
}
