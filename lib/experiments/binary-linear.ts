// Notebook 03's settings and its measurement on data (E1, paper-spec §7) [Project design].
//
// * BINARY_LINEAR_BLOBS: the 2-D data set of the float64 parts (ratios, F1, the GD curve): two Gaussian
//   blobs whose centres differ mostly in x₁ and only by 0.4 in x₂, so that x₂ is a weak feature: the
//   L∞ adversarial loss puts its optimal w₂ at 0 (its ε|w₂| term outweighs x₂'s signal), L2 does not.
// * linearSparsity: logistic regression without bias (T1's model) on MNIST 0-vs-1, trained clean and
//   with the exact closed-form attack at every ε of the paired grid (L∞ 0.1/0.2/0.3, L2 1/1.5/2), and
//   the share of weights |wᵢ| < 1e-3 of each: ε‖w‖₁ is an L1 penalty, so L∞ training should zero more
//   weights than L2 training (T1(b)'s interpretation, tested here). Plain SGD without weight decay, so
//   that the only regulariser is the one the attack brings.
import * as tf from "@tensorflow/tfjs";
import { closedFormLinear } from "../attacks/closed-form-linear";
import { activeBackend } from "../backend";
import type { LpNorm, Norm } from "../core/norms";
import { assertPositive } from "../core/validate";
import { loadMnist } from "../data/mnist";
import { blobsFloat64 } from "../data/synthetic-2d";
import { adversarialMargins } from "../losses/adversarial-linear";
import { signedExamples, type SignedExamples } from "../losses/signed-examples";
import { linear } from "../models/linear";
import { stepDecay } from "../optim/schedules";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { fit } from "../train/trainer";
import { EPS_GRID, SCALE_PRESETS, type RunnableScale } from "./presets";

export interface BinaryLinearSettings {
  /** MNIST 0-vs-1 training examples (null: the whole split, 12665) and held-out ones (null: all 2115). */
  readonly trainExamples: number | null;
  readonly testExamples: number | null;
  /** Epochs of (adversarial) training of each logistic model. */
  readonly epochs: number;
  /** Grid points per axis of F1. */
  readonly surfacePoints: number;
}

export const BINARY_LINEAR_SETTINGS: Readonly<Record<RunnableScale, BinaryLinearSettings>> = {
  quick: { trainExamples: SCALE_PRESETS.quick.trainExamples, testExamples: SCALE_PRESETS.quick.testExamples, epochs: 6, surfacePoints: 81 },
  full: { trainExamples: null, testExamples: null, epochs: 20, surfacePoints: 201 },
};

/** The 2-D blobs of the float64 parts (see the file header). */
export const BINARY_LINEAR_BLOBS = {
  n: 200,
  centers: [
    [-1, -0.2],
    [1, 0.2],
  ] as [number, number][],
  std: 0.5,
  seed: 0,
};

/** BINARY_LINEAR_BLOBS as float64 rows and ±1 labels, with a one-line description for captions. */
export function binaryLinearBlobs(): SignedExamples & { readonly description: string } {
  const points = blobsFloat64(BINARY_LINEAR_BLOBS);
  const { n, centers, std, seed } = BINARY_LINEAR_BLOBS;
  const description = `2-D blobs, n = ${n}, centres (${centers[0].join(", ")}) and (${centers[1].join(", ")}), std ${std}, seed ${seed}`;
  return { ...signedExamples(points.x, points.y, 2), description };
}

/** The threat models the logistic models are trained under: none, then the paired ε grid (presets.ts). */
export const SPARSITY_THREATS: readonly { norm: Norm | null; eps: number; label: string }[] = [
  { norm: null, eps: 0, label: "clean" },
  ...EPS_GRID.linf.map((eps) => ({ norm: "linf" as const, eps, label: `L∞, ε = ${eps}` })),
  ...EPS_GRID.l2.map((eps) => ({ norm: "l2" as const, eps, label: `L2, ε = ${eps}` })),
];

/** A weight counts as zero below this magnitude (paper-spec §7, E1). */
export const SMALL_WEIGHT = 1e-3;
/** Thresholds of the distribution of |wᵢ| the record keeps (the share below each). */
export const WEIGHT_THRESHOLDS: readonly number[] = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

/** The share of coordinates with |wᵢ| < threshold. */
export function smallWeightShare(w: ArrayLike<number>, threshold: number): number {
  assertPositive("threshold", threshold);
  if (w.length === 0) throw new RangeError("w must have at least one coordinate");
  let count = 0;
  for (let i = 0; i < w.length; i++) if (Math.abs(w[i]) < threshold) count += 1;
  return count / w.length;
}

/** Accuracy of sign(wᵀx) under the exact attack of radius ε (ε = 0: clean): the share of margins u < 0. */
export function closedFormAccuracy(w: Float64Array, data: SignedExamples, eps: number, norm: LpNorm): number {
  const margins = adversarialMargins(w, data.X, data.y, eps, norm);
  return margins.filter((u) => u < 0).length / margins.length;
}

export interface SparsityModelRow {
  readonly training: string;
  readonly norm: Norm | null;
  readonly eps: number;
  /** Share of |wᵢ| < SMALL_WEIGHT. */
  readonly smallShare: number;
  readonly l1: number;
  readonly l2: number;
  /** Held-out accuracy, clean and under the exact attack of the model's own threat (clean: = clean). */
  readonly cleanAccuracy: number;
  readonly robustAccuracy: number;
}

export interface LinearSparsityResults {
  readonly models: SparsityModelRow[];
  /** Share of |wᵢ| below each of WEIGHT_THRESHOLDS, per model (the distribution of |wᵢ|). */
  readonly distribution: { training: string; threshold: number; share: number }[];
  /** Each model's weights, 7 significant digits (28×28 row-major). */
  readonly weights: Record<string, number[]>;
  readonly training: { epochs: number; trainExamples: number; testExamples: number; steps: number };
}

export const LINEAR_SPARSITY = "03-linear-sparsity";

export interface LinearSparsityOptions {
  scale: RunnableScale;
  seed?: number;
}

/** Trains the logistic models of SPARSITY_THREATS and measures their weights; returns the stamped record. */
export async function linearSparsity(options: LinearSparsityOptions): Promise<ResultRecord<LinearSparsityResults>> {
  const { scale, seed = 0 } = options;
  const settings = BINARY_LINEAR_SETTINGS[scale];
  const started = performance.now();
  const train = loadMnist({ split: "train", classes: [0, 1], limit: settings.trainExamples ?? undefined, seed });
  const test = loadMnist({ split: "test", classes: [0, 1], limit: settings.testExamples ?? undefined, seed });
  const heldOut = signedExamples(test.x, test.y);
  const optimizer = { kind: "sgd" as const, lr: stepDecay(0.05, 0.1, settings.epochs), momentum: 0.9, weightDecay: 0 };
  const models: SparsityModelRow[] = [];
  const distribution: LinearSparsityResults["distribution"] = [];
  const weights: Record<string, number[]> = {};
  let steps = 0;
  let description = "";
  try {
    for (const threat of SPARSITY_THREATS) {
      const model = linear({ inputShape: [28, 28, 1], numClasses: 2, bias: false, seed });
      try {
        const attack = threat.norm === null ? null : closedFormLinear({ norm: threat.norm, eps: threat.eps });
        const run = await fit(model, { train }, { epochs: settings.epochs, seed, optimizer, attack, evaluation: null, progress: false });
        steps = run.steps;
        description = run.optimizer.description;
        const w = Float64Array.from(model.params[0].dataSync());
        const norm = threat.norm ?? "l2";
        let l1 = 0;
        for (const v of w) l1 += Math.abs(v);
        models.push({
          training: threat.label,
          norm: threat.norm,
          eps: threat.eps,
          smallShare: smallWeightShare(w, SMALL_WEIGHT),
          l1,
          l2: Math.hypot(...w),
          cleanAccuracy: closedFormAccuracy(w, heldOut, 0, norm),
          robustAccuracy: closedFormAccuracy(w, heldOut, threat.eps, norm),
        });
        for (const threshold of WEIGHT_THRESHOLDS) distribution.push({ training: threat.label, threshold, share: smallWeightShare(w, threshold) });
        weights[threat.label] = Array.from(w, (v) => Number(v.toPrecision(7)));
      } finally {
        model.dispose();
      }
    }
    const stamp = makeStamp({
      scale,
      dataset: `MNIST 0-vs-1 train ${train.y.size}${settings.trainExamples === null ? " (all)" : ` (stratified, seed ${seed})`} / test ${test.y.size}`,
      model: "logistic(784), no bias",
      threat: `clean; L∞ ε = ${EPS_GRID.linf.join(", ")}; L2 ε = ${EPS_GRID.l2.join(", ")}`,
      attack: "exact closed-form attack (T1), no data box",
      budget: `${settings.epochs} epochs, batch 128, ${steps} steps per model`,
      optimizer: description,
      seeds: [seed],
      backend: activeBackend(),
    });
    const results: LinearSparsityResults = {
      models,
      distribution,
      weights,
      training: { epochs: settings.epochs, trainExamples: train.y.size, testExamples: test.y.size, steps },
    };
    const config = {
      settings,
      threats: SPARSITY_THREATS,
      smallWeight: SMALL_WEIGHT,
      optimizer: { kind: "sgd", lr: "0.05 ×0.1 at 50% and 75%", momentum: 0.9, weightDecay: 0 },
    };
    return makeRecord(LINEAR_SPARSITY, stamp, config, results, (performance.now() - started) / 1000);
  } finally {
    tf.dispose([train, test]);
  }
}
