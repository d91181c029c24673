// Notebook 06's measurement, E4 [Project design; targets C4, which is From the paper]: is a flatter loss
// in input space (S4, ‖∇ₓℓ(x + δ*)‖₂) accompanied by a less smooth adversarial loss in θ (S1)?
//
//  * Per example (F4): an L2-adversarially trained softplus MLP (the E5 training preset, MNIST L2 ε = 2);
//    on held-out examples, each example's S4 against its own S1 ratio at h = 1e-3 (re-attacked; the
//    frozen ratio beside it) and its attack speed S6 = ‖Δδ*_n‖/‖Δθ‖, with Spearman's ρ.
//  * Per model: the same training with an input-gradient penalty λ·mean‖∇ₓCE‖² at the adversarial
//    inputs (lib/train/input-gradient-penalty.ts) at several λ, equal epochs; model-level S4 against the
//    batch S1 at h = 1e-3.
//
// The measuring attack is the L2 ball alone: T3 is a statement about the sphere ‖δ‖₂ = ε, and with the
// pixel box [0, 1] also active the KKT condition ∇ₓℓ = λδ* of T3 does not hold. So the measurement
// lifts the box (bounds [−ε, 1 + ε], which no L2 step of length ≤ ε leaves); training keeps it.
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend";
import type { Classifier } from "../models/classifier";
import { modelFromConfig } from "../models/from-config";
import { median } from "../parameter-space/statistics";
import { spearman } from "../parameter-space/rank-correlation";
import { makeRecord, makeStamp, type ResultRecord } from "../results/records";
import { attackContinuity } from "../smoothness/attack-stats";
import { inputFlatness } from "../smoothness/flatness";
import { gradientLipschitzRatio } from "../smoothness/gradient-lipschitz";
import { fit } from "../train/trainer";
import type { RunnableScale } from "./presets";
import { loadTrainingData, trainingPreset } from "./training-presets";

export const FLATNESS_AGAINST_SMOOTHNESS = "06-flatness-against-smoothness";

/** The threat of E4: MNIST L2 ε = 2 (E5's MNIST L2 threat). */
export const FLATNESS_EPS = 2;
/** S1 and S6 at this relative step (paper-spec E4: h = 1e-3). */
export const FLATNESS_STEP = 1e-3;

/** What each scale trains and measures [Project design]. */
export const FLATNESS_SETTINGS: Readonly<Record<RunnableScale, { epochs: number; penalties: readonly number[]; examples: number; directions: number }>> = {
  // quick: the E5 quick preset (2000 MNIST examples, batch 32, ε ramped over 75%), 128 held-out examples.
  quick: { epochs: 6, penalties: [0, 0.3, 3], examples: 128, directions: 3 },
  // full: all 60000 examples, batch 128, 5 epochs (a quarter of E5's budget: three models to train on
  // two shared cores), 256 held-out examples.
  full: { epochs: 5, penalties: [0, 0.3, 3], examples: 256, directions: 5 },
};

/** One held-out example of F4. */
export type ExampleRow = {
  /** S4: ‖∇ₓℓ(x_n + δ*_n)‖₂. */
  flatness: number;
  /** S1 of ℓ_n re-attacked, median over directions at h = 1e-3 (NaN where every direction was flagged). */
  ratio: number;
  /** S1-fixed of ℓ_n (adversarial input frozen at θ's). */
  frozenRatio: number;
  /** S6 of the example: ‖δ*_n(θ + tv) − δ*_n(θ)‖₂ / t, median over directions. */
  attackSpeed: number;
  /** ℓ(x_n + δ*_n) (cross-entropy). */
  loss: number;
};

/** One trained model of the penalty series. */
export type ModelRow = {
  penalty: number;
  cleanAccuracy: number;
  robustAccuracy: number;
  /** Model-level S4: mean and median of ‖∇ₓℓ(x + δ*)‖₂ over the held-out batch. */
  flatness: number;
  flatnessMedian: number;
  /** Batch S1 at h = 1e-3, median over directions: re-attacked and frozen. */
  ratio: number;
  frozenRatio: number;
};

export interface FlatnessAgainstSmoothnessResults {
  examples: ExampleRow[];
  /** Spearman's ρ of S4 against: S1 (F4), S1 / S1-fixed (the attack's share), S6 (T3's attack sensitivity). */
  correlations: { ratio: number; relativeRatio: number; attackSpeed: number; pairs: number };
  models: ModelRow[];
  /** Spearman's ρ of model-level S4 against S1 over the penalty series. */
  modelCorrelation: number;
}

export interface FlatnessAgainstSmoothnessOptions {
  scale: RunnableScale;
  seed?: number;
}

function medianOverDirections(values: number[][][], examples: number): number[] {
  return Array.from({ length: examples }, (_, n) => median(values.map((perDirection) => perDirection[0][n])));
}

/** S4 and batch S1 (re-attacked, frozen) of `model` on (x, y); with `examples`, also per example, and S6. */
function measure(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, directions: number, seed: number, examples: boolean) {
  const attack = { norm: "l2" as const, eps: FLATNESS_EPS, bounds: [-FLATNESS_EPS, 1 + FLATNESS_EPS] as [number, number] };
  const h = [FLATNESS_STEP];
  const flat = inputFlatness(model, x, y, { attack, seed });
  const s1 = gradientLipschitzRatio(model, x, y, {
    h,
    directions,
    losses: ["reattack", "frozen"],
    attack,
    perExample: examples,
    seed,
    label: examples ? "S1 per example" : "S1",
  });
  const series = (loss: string) => s1.series.find((s) => s.loss === loss);
  const batch = {
    flatness: flat.mean.l2,
    flatnessMedian: flat.median.l2,
    ratio: series("reattack")?.median[0] ?? NaN,
    frozenRatio: series("frozen")?.median[0] ?? NaN,
  };
  if (!examples) return { rows: [], batch };
  const speed = attackContinuity(model, x, y, { attack, h, directions, seed, label: "S6 per example" });
  const ratio = series("reattack")?.perExample?.median[0] ?? [];
  const frozen = series("frozen")?.perExample?.median[0] ?? [];
  const attackSpeed = medianOverDirections(speed.perExample, x.shape[0]);
  const rows: ExampleRow[] = flat.l2.map((flatness, n) => ({
    flatness,
    ratio: ratio[n],
    frozenRatio: frozen[n],
    attackSpeed: attackSpeed[n],
    loss: flat.loss[n],
  }));
  return { rows, batch };
}

/** Trains the penalty series, measures F4 on the unpenalised model and S4/S1 on every model; returns the stamped record. */
export async function flatnessAgainstSmoothness(options: FlatnessAgainstSmoothnessOptions): Promise<ResultRecord<FlatnessAgainstSmoothnessResults>> {
  const { scale, seed = 0 } = options;
  const settings = FLATNESS_SETTINGS[scale];
  const started = performance.now();
  const preset = trainingPreset({
    scale,
    dataset: "mnist",
    norm: "l2",
    method: "sgd-at",
    model: "mlp",
    activation: "softplus",
    eps: FLATNESS_EPS,
    epochs: settings.epochs,
    seed,
  });
  const data = loadTrainingData(preset.data);
  const x = tf.slice(data.test.x, 0, settings.examples);
  const y = tf.slice(data.test.y, 0, settings.examples) as tf.Tensor1D;
  try {
    let examples: ExampleRow[] = [];
    const models: ModelRow[] = [];
    let optimizer = "";
    for (const penalty of settings.penalties) {
      const model = modelFromConfig(preset.model);
      try {
        // Equal epochs for every λ (the penalty's extra gradient evaluations are not charged to a budget);
        // robust accuracy from the per-epoch PGD-20, no final attacks.
        const evaluation = { ...preset.fit.evaluation, final: {} };
        const run = await fit(model, data, { ...preset.fit, evaluation, maxGradientEvaluations: null, inputGradientPenalty: penalty });
        optimizer = run.optimizer.description;
        const last = run.log[run.log.length - 1];
        const measured = measure(model, x, y, settings.directions, seed, penalty === 0);
        if (penalty === 0) examples = measured.rows;
        models.push({ penalty, cleanAccuracy: last.cleanAccuracy as number, robustAccuracy: last.robustAccuracy as number, ...measured.batch });
      } finally {
        model.dispose();
      }
    }
    const s4 = examples.map((e) => e.flatness);
    const ratio = spearman(
      s4,
      examples.map((e) => e.ratio),
    );
    const correlations = {
      ratio: ratio.rho,
      relativeRatio: spearman(
        s4,
        examples.map((e) => e.ratio / e.frozenRatio),
      ).rho,
      attackSpeed: spearman(
        s4,
        examples.map((e) => e.attackSpeed),
      ).rho,
      pairs: ratio.n,
    };
    const modelCorrelation = spearman(
      models.map((m) => m.flatness),
      models.map((m) => m.ratio),
    ).rho;
    const stamp = makeStamp({
      ...preset.stamp,
      threat: `L2 ε=${FLATNESS_EPS} (training: with the [0, 1] box, ε warm-up; measurement: the L2 ball alone, bounds [−ε, 1 + ε])`,
      // The preset's final attacks are not run here (evaluation.final is emptied above).
      attack: `${preset.stamp.attack.replace(/; final .*$/, "")}; S4/S1/S6: converged PGD-200 L2, cosine step, one seeded start`,
      budget: `${settings.epochs} epochs per model, input-gradient penalty λ ∈ {${settings.penalties.join(", ")}}; S1, S6 at h = ${FLATNESS_STEP} (relative), ${settings.directions} directions, ${settings.examples} held-out examples`,
      optimizer,
      backend: activeBackend(),
    });
    const config = { preset: preset.fit, settings, eps: FLATNESS_EPS, step: FLATNESS_STEP };
    return makeRecord(FLATNESS_AGAINST_SMOOTHNESS, stamp, config, { examples, correlations, models, modelCorrelation }, (performance.now() - started) / 1000);
  } finally {
    tf.dispose([data.train, data.test, x, y]);
  }
}
