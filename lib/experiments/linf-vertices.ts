// Notebook 07's measurement [Project design]: where the L∞ attack sits (S5) and what its sign flips do to
// the gradient (S1), on three softplus MLPs trained on MNIST at one ε pair of the grid — standard,
// PGD-AT under L2 and PGD-AT under L∞ (softplus-mlp.ts). On each network, under L∞ and L2 at the paired
// radii: S1 of the clean, frozen and re-attacked losses (smoothness-profile.ts), which gives F3 (each
// network's own training loss) and the same-network comparison of the two norms; under L∞, S5: the share
// of coordinates at ±ε, at a data bound or inside their feasible interval (box-saturation.ts); and under
// both norms the sign flips and attack moves as h shrinks (S6, attack-stats.ts). At full scale the standard network is
// also measured under the other two ε pairs of the grid. Expected (T4, C3): L∞ > L2 > clean; a flat
// clean and frozen ratio; L∞ re-attacked rising as h shrinks.
import * as tf from "@tensorflow/tfjs";
import { convergedPgd } from "../attacks/pgd";
import { NORMS, type Norm } from "../core/norms";
import { loadMnist } from "../data";
import type { LossMode } from "../parameter-space/danskin-gradient";
import { mean, median } from "../parameter-space/statistics";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { attackContinuity } from "../smoothness/attack-stats";
import { boxPositions } from "../smoothness/box-saturation";
import { EPS_GRID, SCALE_PRESETS, type RunnableScale } from "./presets";
import { smoothnessProfile } from "./smoothness-profile";
import { SOFTPLUS_MLP_EPOCHS, trainSoftplusMlp, type SoftplusTraining, type TrainedSoftplusMlp } from "./softplus-mlp";

export const LINF_VERTICES = "07-linf-vertices-and-sign-flips";

/** The ε pair the three networks are trained at (index into EPS_GRID): L∞ 0.1 with L2 1.0. */
export const LINF_VERTICES_PAIR = 0;

/** The trainings, in the order of F3's legend. */
export const LINF_VERTICES_TRAININGS: readonly SoftplusTraining[] = ["standard", "l2", "linf"];

/**
 * Per scale: the held-out batch, S1's directions (h: the scale's grid, SCALE_PRESETS), S5/S6's
 * directions, the ε pairs under which the standard network is measured, whether the AT networks are
 * measured under the other norm too, and which networks S5/S6 are measured on. Quick keeps to what fits
 * in a notebook cell on 2 cores (a converged re-attack of 64 examples costs ~0.5 s of CPU there).
 */
export const LINF_VERTICES_SCALE: Readonly<Record<RunnableScale, VertexSettings>> = {
  quick: {
    examples: 64,
    directions: 3,
    continuityDirections: 3,
    gridPairs: [0],
    bothNormsOnAT: false,
    continuityOn: [
      { training: "linf", norm: "linf" },
      { training: "l2", norm: "l2" },
    ],
  },
  full: {
    examples: 128,
    directions: 20,
    continuityDirections: 10,
    gridPairs: [0, 1, 2],
    bothNormsOnAT: true,
    continuityOn: LINF_VERTICES_TRAININGS.flatMap((training) => NORMS.map((norm) => ({ training, norm }))),
  },
};

export interface VertexSettings {
  readonly examples: number;
  readonly directions: number;
  readonly continuityDirections: number;
  readonly gridPairs: readonly number[];
  readonly bothNormsOnAT: boolean;
  /** The networks and attacks S5/S6 are measured on (each network at the pair's ε of the norm). */
  readonly continuityOn: readonly { readonly training: SoftplusTraining; readonly norm: Norm }[];
}

/** Which network, threat and loss a row of F3 is about. */
export type VertexSeries = {
  network: string;
  training: SoftplusTraining;
  threat: string;
  norm: Norm;
  eps: number;
  loss: LossMode;
};

/** R(h) of one loss of one network under one threat, at one h (for charts). */
export type VertexRatioRow = VertexSeries & {
  h: number;
  median: number;
  q1: number;
  q3: number;
};

/** One loss of one network under one threat: how R scales with h. */
export type VertexSlopeRow = VertexSeries & {
  slope: number;
  smallestStepRatio: number;
  flaggedPoints: number;
};

/** S5's flips and S6 at one h, over the directions. */
export type FlipRow = {
  network: string;
  threat: string;
  h: number;
  /** Coordinates that flipped sign, summed over directions; and per direction, the median. */
  flips: number;
  medianFlips: number;
  directionsWithFlips: number;
  /** S6: the median over directions of the batch-mean ‖Δδ_n‖/t; and the largest move of one example, in units of ε. */
  s6: number;
  largestMove: number;
};

/** Where the attack sits in its feasible box (L∞ only; box-saturation.ts): mean shares over the batch. */
export interface BoxShares {
  /** At ±ε: S5's saturation. */
  atEps: number;
  atDataBound: number;
  inside: number;
  /** Per example, the share at either end of its interval (atEps + atDataBound). */
  atBoundPerExample: number[];
}

export interface NetworkContinuity {
  network: string;
  training: SoftplusTraining;
  threat: string;
  norm: Norm;
  /** Null under L2 (no box). */
  positions: BoxShares | null;
  flips: FlipRow[];
  /** Slope of log S6 against log h. */
  s6Slope: number;
}

export interface LinfVerticesResults {
  settings: VertexSettings & { h: number[] };
  networks: {
    network: string;
    training: SoftplusTraining;
    eps: number;
    cleanAccuracy: number;
    robustAccuracy: number;
    gradientEvaluations: number;
    resumedFromEpoch: number | null;
  }[];
  ratios: VertexRatioRow[];
  slopes: VertexSlopeRow[];
  continuity: NetworkContinuity[];
}

const threatLabel = (norm: Norm, eps: number) => `${norm === "linf" ? "L∞" : "L2"}, ε = ${eps}`;

function measureS1(
  net: TrainedSoftplusMlp,
  x: tf.Tensor,
  y: tf.Tensor1D,
  norm: Norm,
  eps: number,
  scale: RunnableScale,
  directions: number,
  seed: number,
): { ratios: VertexRatioRow[]; slopes: VertexSlopeRow[] } {
  // Random directions only (F3's); E3 (notebook 08) adds filter-normalised ones.
  const profile = smoothnessProfile(net.model, x, y, {
    scale,
    threat: { norm, eps },
    seed,
    directions,
    filterNormalized: false,
    hessian: false,
    flatness: false,
    continuity: false,
  });
  const base = { network: net.label, training: net.training, threat: threatLabel(norm, eps), norm, eps };
  const ratios: VertexRatioRow[] = [];
  const slopes: VertexSlopeRow[] = [];
  for (const s of profile.s1) {
    s.h.forEach((h, j) => ratios.push({ ...base, loss: s.loss, h, median: s.median[j], q1: s.q1[j], q3: s.q3[j] }));
    slopes.push({ ...base, loss: s.loss, slope: s.slope, smallestStepRatio: s.median[s.median.length - 1], flaggedPoints: s.flagged });
  }
  return { ratios, slopes };
}

function measureContinuity(
  net: TrainedSoftplusMlp,
  x: tf.Tensor,
  y: tf.Tensor1D,
  norm: Norm,
  eps: number,
  h: number[],
  directions: number,
  seed: number,
): NetworkContinuity {
  const attack = { norm, eps };
  const threat = threatLabel(norm, eps);
  let positions: BoxShares | null = null;
  if (norm === "linf") {
    const start = convergedPgd(net.model, x, y, { ...attack, seed });
    const shares = boxPositions(x, start.xAdv, eps);
    tf.dispose([start.xAdv, start.gap, start.loss]);
    positions = {
      atEps: mean(shares.atEps),
      atDataBound: mean(shares.atDataBound),
      inside: mean(shares.inside),
      atBoundPerExample: shares.atEps.map((a, i) => a + shares.atDataBound[i]),
    };
  }
  const moved = attackContinuity(net.model, x, y, { attack, h, directions, seed, label: `S5/S6 ${net.label} under ${threat}` });
  const flips: FlipRow[] = h.map((hj, j) => {
    const at = moved.rows.filter((row) => row.h === hj);
    return {
      network: net.label,
      threat,
      h: hj,
      flips: at.reduce((s, row) => s + row.flips, 0),
      medianFlips: median(at.map((row) => row.flips)),
      directionsWithFlips: at.filter((row) => row.flips > 0).length,
      s6: moved.median[j],
      largestMove: Math.max(...at.map((row) => row.maxContinuity * row.distance)) / eps,
    };
  });
  return { network: net.label, training: net.training, threat, norm, positions, flips, s6Slope: moved.slope };
}

/** Trains the three networks (full: or loads their checkpoints), measures them, and returns the stamped record. */
export async function linfVertices(options: { scale: RunnableScale; seed?: number }): Promise<ResultRecord<LinfVerticesResults>> {
  const { scale, seed = 0 } = options;
  const settings = LINF_VERTICES_SCALE[scale];
  const h = [...SCALE_PRESETS[scale].hGrid];
  const eps = { linf: EPS_GRID.linf[LINF_VERTICES_PAIR], l2: EPS_GRID.l2[LINF_VERTICES_PAIR] };
  const started = performance.now();
  const batch = loadMnist({ split: "test", limit: settings.examples, seed });
  const networks: TrainedSoftplusMlp[] = [];
  try {
    for (const training of LINF_VERTICES_TRAININGS)
      networks.push(await trainSoftplusMlp({ scale, training, norm: "linf", eps: training === "standard" ? eps.linf : eps[training], seed }));
    const ratios: VertexRatioRow[] = [];
    const slopes: VertexSlopeRow[] = [];
    for (const net of networks) {
      const pairs = net.training === "standard" ? settings.gridPairs : [LINF_VERTICES_PAIR];
      const norms = net.training === "standard" || settings.bothNormsOnAT ? NORMS : [net.training];
      for (const pair of pairs)
        for (const norm of norms) {
          const measured = measureS1(net, batch.x, batch.y, norm, EPS_GRID[norm][pair], scale, settings.directions, seed);
          ratios.push(...measured.ratios);
          slopes.push(...measured.slopes);
        }
    }
    const continuity = settings.continuityOn.map(({ training, norm }) =>
      measureContinuity(
        networks.find((n) => n.training === training) as TrainedSoftplusMlp,
        batch.x,
        batch.y,
        norm,
        eps[norm],
        h,
        settings.continuityDirections,
        seed,
      ),
    );
    const stamp = makeStamp({
      ...networks[networks.length - 1].stamp,
      dataset: `${networks[0].stamp.dataset}; measured on ${settings.examples} test examples (stratified, seed ${seed})`,
      threat:
        `networks ${networks.map((n) => n.label).join(", ")}; S1 under L∞ ε=${eps.linf} and L2 ε=${eps.l2} (${settings.bothNormsOnAT ? "every network" : "AT networks under their own norm"}` +
        `${settings.gridPairs.length > 1 ? "; standard network: every ε pair of the grid" : ""}); S5/S6 ${settings.continuityOn.length === 6 ? "on every network under both" : "on the AT networks under their own norm"}`,
      attack: `train PGD-10 (α = 2.5ε/10, uniform start), standard: none; eval PGD-20 after training; S1, S5, S6: converged PGD-200, cosine step, one seeded start shared by every θ`,
      budget: `${SOFTPLUS_MLP_EPOCHS[scale]} SGD-AT-equivalent epochs each; S1 ${settings.directions} random directions, S5/S6 ${settings.continuityDirections}, × h ${h.join(", ")} (relative to ‖θ‖)`,
    });
    const results: LinfVerticesResults = {
      settings: { ...settings, h },
      networks: networks.map((n) => ({
        network: n.label,
        training: n.training,
        eps: n.eps,
        cleanAccuracy: n.cleanAccuracy,
        robustAccuracy: n.robustAccuracy,
        gradientEvaluations: n.result.budget.gradientEvaluations,
        resumedFromEpoch: n.result.resumedFromEpoch,
      })),
      ratios,
      slopes,
      continuity,
    };
    const config = { trainings: networks.map((n) => n.result.config), pair: eps, settings: results.settings, hScale: "relative", directionKind: "random" };
    return makeRecord(LINF_VERTICES, stamp, config, results, (performance.now() - started) / 1000);
  } finally {
    networks.forEach((n) => n.model.dispose());
    tf.dispose(batch);
  }
}

/** F3's three curves: each network's own training loss (the standard network's clean loss, each AT network's re-attacked loss under its norm). */
export function ownLossRatios(results: LinfVerticesResults): VertexRatioRow[] {
  const pairEps = { linf: EPS_GRID.linf[LINF_VERTICES_PAIR], l2: EPS_GRID.l2[LINF_VERTICES_PAIR] };
  return results.ratios.filter((r) =>
    r.training === "standard"
      ? r.loss === "clean" && r.norm === "linf" && r.eps === pairEps.linf
      : r.loss === "reattack" && r.norm === r.training && r.eps === pairEps[r.norm],
  );
}
