// Notebook 02's measurement [Project design]: S1 of the clean, frozen and re-attacked losses of one
// adversarially trained network, under L∞ and L2 (paper-spec §4, E3's first row). A softplus MLP, so
// that the clean and frozen losses are smooth and any slope of the re-attacked ratio is the attack's
// doing (lemma L1's L_θx‖Δδ*‖ term), trained with PGD-10 at L∞ ε = 0.1; S1 on 128 held-out examples.
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend";
import type { Norm } from "../core/norms";
import { loadMnist } from "../data";
import { mlp } from "../models/mlp";
import type { RatioSummaryRow } from "../smoothness/gradient-lipschitz";
import { gradientLipschitzRatio } from "../smoothness/gradient-lipschitz";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { fit } from "../train/trainer";
import { SCALE_PRESETS, type RunnableScale } from "./presets";

/** The two threat models S1 is measured under (the first entries of the ε grid, paper-spec §6). */
export const REATTACK_VS_FROZEN_THREATS: readonly { norm: Norm; eps: number; label: string }[] = [
  { norm: "linf", eps: 0.1, label: "L∞, ε = 0.1" },
  { norm: "l2", eps: 1.0, label: "L2, ε = 1" },
];

/** Epochs of PGD training: enough for a robust network at each scale (quick: minutes on 2 cores). */
export const REATTACK_VS_FROZEN_EPOCHS: Readonly<Record<RunnableScale, number>> = { quick: 3, full: 10 };
/** Held-out examples S1 is measured on (its fixed batch B). */
const BATCH = 128;

export interface ReattackVsFrozenOptions {
  scale: RunnableScale;
  seed?: number;
}

/** One loss under one threat: its log–log slope and ratio at the smallest h. */
export type SlopeRow = {
  threat: string;
  loss: string;
  slope: number;
  /** R at the smallest h. */
  smallestStepRatio: number;
  flaggedPoints: number;
};

export interface ReattackVsFrozenResults {
  training: { epochs: number; cleanAccuracy: number; robustAccuracy: number; gradientEvaluations: number };
  /** Median, quartiles and maximum of R(h) over directions, per threat, loss and h. */
  summary: (RatioSummaryRow & { threat: string })[];
  slopes: SlopeRow[];
  /** R_re-attacked / R_frozen at the smallest h, per threat. */
  gapAtSmallestStep: Record<string, number>;
}

export const REATTACK_VS_FROZEN = "02-s1-reattack-vs-frozen";

/** Trains the network and measures S1 at the scale's grid of h and directions; returns the stamped record. */
export async function reattackVsFrozen(options: ReattackVsFrozenOptions): Promise<ResultRecord<ReattackVsFrozenResults>> {
  const { scale, seed = 0 } = options;
  const preset = SCALE_PRESETS[scale];
  const started = performance.now();
  const train = loadMnist({ split: "train", limit: preset.trainExamples ?? undefined, seed });
  const test = loadMnist({ split: "test", limit: BATCH, seed });
  const net = mlp({ inputShape: [28, 28, 1], hidden: [128], numClasses: 10, activation: "softplus", seed });
  try {
    const run = await fit(net, { train, test }, { epochs: REATTACK_VS_FROZEN_EPOCHS[scale], seed, attack: { norm: "linf", eps: 0.1, steps: 10 } });
    const last = run.log[run.log.length - 1];
    const summary: ReattackVsFrozenResults["summary"] = [];
    const slopes: SlopeRow[] = [];
    const gapAtSmallestStep: Record<string, number> = {};
    for (const threat of REATTACK_VS_FROZEN_THREATS) {
      const measured = gradientLipschitzRatio(net, test.x, test.y, {
        h: [...preset.hGrid],
        directions: preset.directions,
        attack: { norm: threat.norm, eps: threat.eps },
        seed,
        label: `S1 ${threat.label}`,
      });
      summary.push(...measured.summary.map((row) => ({ ...row, threat: threat.label })));
      const smallest = preset.hGrid.length - 1;
      for (const series of measured.series) {
        slopes.push({
          threat: threat.label,
          loss: series.loss,
          slope: series.slope,
          smallestStepRatio: series.median[smallest],
          flaggedPoints: series.flagged.flat().filter(Boolean).length,
        });
      }
      const at = (loss: string) => measured.series.find((s) => s.loss === loss)?.median[smallest] ?? NaN;
      gapAtSmallestStep[threat.label] = at("reattack") / at("frozen");
    }
    const stamp = makeStamp({
      scale,
      dataset: `MNIST train ${train.y.size}${preset.trainExamples === null ? " (all)" : ` (stratified, seed ${seed})`} / ${BATCH} test`,
      model: net.name,
      threat: `S1 under ${REATTACK_VS_FROZEN_THREATS.map((t) => t.label).join(" and ")}`,
      attack: `training ${run.attacks.training}; S1: converged PGD-200, cosine step, one seeded start`,
      budget: `${run.epochs} epochs; S1 ${preset.directions} directions × h ${preset.hGrid.join(", ")} (relative to ‖θ‖)`,
      optimizer: run.optimizer.description,
      seeds: [seed],
      backend: activeBackend(),
    });
    const results: ReattackVsFrozenResults = {
      training: {
        epochs: run.epochs,
        cleanAccuracy: last.cleanAccuracy as number,
        robustAccuracy: last.robustAccuracy as number,
        gradientEvaluations: run.budget.gradientEvaluations,
      },
      summary,
      slopes,
      gapAtSmallestStep,
    };
    const config = {
      training: run.config,
      s1: { h: preset.hGrid, directions: preset.directions, hScale: "relative", batch: BATCH, threats: REATTACK_VS_FROZEN_THREATS },
    };
    return makeRecord(REATTACK_VS_FROZEN, stamp, config, results, (performance.now() - started) / 1000);
  } finally {
    net.dispose();
    tf.dispose([train, test]);
  }
}
