// Training presets (paper-spec §6, E5) [Project design]: the data, model, `fit` options and scale stamp
// of one training run, as plain JSON, for each scale, dataset, norm and method — and the hyperparameters
// each method is tuned over (E5's fairness rule: every method gets the same small search on a held-out
// validation part of the training split, at the same tuning budget; e5-tuning.ts runs it).
import * as tf from "@tensorflow/tfjs";
import { defaultStepSize } from "../attacks/pgd";
import type { PgdOptions } from "../attacks/types";
import type { Norm } from "../core/norms";
import { assertSeed } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertObject, assertOneOf, assertPositive, assertPositiveInteger } from "../core/validate";
import { loadFashionMnist, loadMnist, type LabelledImages } from "../data";
import { assertActivation, type Activation } from "../models/activations";
import type { ModelConfig } from "../models/classifier";
import { ENTROPY_SGD_PRESET_NAMES, type EntropySgdPreset } from "../optim/entropy-sgd";
import type { OptimizerSpec } from "../optim/registry";
import type { ScaleStamp } from "../results/records";
import type { FitOptions } from "../train/options";
import { E5_THREATS, SCALE_PRESETS, TRAINING_ATTACK_STEPS, type RunnableScale } from "./presets";

export type TrainingDataset = "mnist" | "fashion-mnist";
export type TrainingMethod = "standard" | "sgd-at" | "entropy-sgd-at" | "sam-at";
export type PresetModel = "mlp" | "cnn";

export const TRAINING_DATASETS: readonly TrainingDataset[] = ["mnist", "fashion-mnist"];
export const TRAINING_METHODS: readonly TrainingMethod[] = ["standard", "sgd-at", "entropy-sgd-at", "sam-at"];
export const PRESET_MODELS: readonly PresetModel[] = ["mlp", "cnn"];

/** SGD of paper-spec §6: momentum 0.9, weight decay 5e-4, batch 128, lr ×0.1 at 50% and 75% of the run. */
export const PRESET_SGD = { momentum: 0.9, weightDecay: 5e-4, batchSize: 128, decay: 0.1, milestones: [0.5, 0.75] } as const;

/** The knobs E5's search tunes for a method. */
export interface MethodHyperparameters {
  /** SGD-AT, SAM-AT and standard training: the initial learning rate. EntropySGD-AT: its Langevin step η′ (innerLr). */
  readonly lr: number;
  /** SAM-AT: the neighbourhood radius ρ. */
  readonly rho?: number;
  /** EntropySGD-AT: the variant of paper-spec §5.5 (the outer step, momenta and μ weight follow it). */
  readonly entropySgdPreset?: EntropySgdPreset;
  /** EntropySGD-AT, E7's knobs: the scope γ0, the Langevin steps L (default the scale's), the reuseAdversarial ablation. */
  readonly gamma0?: number;
  readonly L?: number;
  readonly reuseAdversarial?: boolean;
}

/**
 * Hyperparameters before tuning. Quick: measured to learn at the quick scale (2000 MNIST or
 * Fashion-MNIST examples, 6 epochs at batch 32, ε ramped over the first 75%): every method reaches
 * ≥ 68% clean accuracy and robust accuracy above chance on all four E5 threats (the test
 * "quick presets learn" checks it). The project-default EntropySGD preset does not learn there (its
 * plain SGLD step at η′ = 0.1, of which μ keeps ~40%, moves θ a tenth as far as SGD with momentum);
 * reference-pytorch's Nesterov momenta do. Full: paper-spec §6's lr 0.05 until E5's search has run.
 */
export const DEFAULT_HYPERPARAMETERS: Readonly<Record<RunnableScale, Readonly<Record<TrainingMethod, MethodHyperparameters>>>> = {
  quick: {
    standard: { lr: 0.1 },
    "sgd-at": { lr: 0.1 },
    "sam-at": { lr: 0.1, rho: 0.05 },
    "entropy-sgd-at": { lr: 0.1, entropySgdPreset: "reference-pytorch" },
  },
  full: {
    standard: { lr: 0.05 },
    "sgd-at": { lr: 0.05 },
    "sam-at": { lr: 0.05, rho: 0.05 },
    "entropy-sgd-at": { lr: 0.1, entropySgdPreset: "reference-pytorch" },
  },
};

/**
 * E5's search [Project design]: four candidates per method, the same number for each. SGD's learning
 * rate over a factor of 10; SAM's learning rate and ρ (ρ from Foret et al.'s grid); EntropySGD's preset
 * (the one choice that decided whether it learned at quick scale) and its Langevin step.
 */
export const TUNING_CANDIDATES: Readonly<Record<Exclude<TrainingMethod, "standard">, readonly MethodHyperparameters[]>> = {
  "sgd-at": [{ lr: 0.02 }, { lr: 0.05 }, { lr: 0.1 }, { lr: 0.2 }],
  "sam-at": [
    { lr: 0.05, rho: 0.02 },
    { lr: 0.05, rho: 0.05 },
    { lr: 0.1, rho: 0.02 },
    { lr: 0.1, rho: 0.05 },
  ],
  "entropy-sgd-at": [
    { lr: 0.05, entropySgdPreset: "reference-pytorch" },
    { lr: 0.1, entropySgdPreset: "reference-pytorch" },
    { lr: 0.5, entropySgdPreset: "project-default" },
    { lr: 1, entropySgdPreset: "project-default" },
  ],
};

/**
 * ε warm-up over this fraction of the run [Project design; paper-spec §6 has none]. Full: without it
 * SGD-AT on all of MNIST at L∞ ε = 0.3 stays at chance (training loss 2.302 after 3 epochs at lr 0.05
 * and at lr 0.01; with ε ramped over 2 epochs: 36% robust after 4). Quick: 75% is what lets SAM-AT
 * (half the passes of SGD-AT at equal budget) leave chance level at MNIST L∞ 0.3 (50%: 40% clean).
 */
export const EPS_WARMUP_FRACTION: Readonly<Record<RunnableScale, number>> = { quick: 0.75, full: 0.25 };

/** Quick-scale departure from §6: batch 32 gives 4× the steps of batch 128 at the same compute. */
export const QUICK_BATCH_SIZE = 32;

/** Validation examples set aside from the training split for tuning (data/subsets.ts validationSplit). */
export const VALIDATION_EXAMPLES: Readonly<Record<RunnableScale, number>> = { quick: 500, full: 10000 };

/** Training examples per epoch of each dataset's full split. */
const TRAIN_SPLIT_SIZE = 60000;

export interface TrainingPresetOptions {
  scale: RunnableScale;
  dataset: TrainingDataset;
  norm: Norm;
  method: TrainingMethod;
  /** Default: the E5 threat of the dataset and norm (E5_THREATS). */
  eps?: number;
  /** Default: the MLP 784-256-256-10 at quick scale, the small CNN at full scale. */
  model?: PresetModel;
  /** Default relu; E3 trains softplus networks, whose clean and frozen losses are smooth in θ. */
  activation?: Activation;
  /** Seeds the model's initial weights and the run (minibatches, attack starts, noise); default the scale's first seed. */
  seed?: number;
  /** SGD-AT-equivalent epochs of budget; default the scale's (SCALE_PRESETS). */
  epochs?: number;
  /** Default DEFAULT_HYPERPARAMETERS[scale][method]. */
  hyperparameters?: MethodHyperparameters;
  /** Train on the training part and evaluate on the validation part of the training split (tuning); default false. */
  validation?: boolean;
}

/** What `loadTrainingData` loads: MnistLikeOptions of each split. */
export interface PresetData {
  dataset: TrainingDataset;
  train: { split: "train"; limit?: number; seed?: number; validationSplit?: { examples: number; part: "training" } };
  test: { split: "train" | "test"; limit?: number; seed?: number; validationSplit?: { examples: number; part: "validation" } };
}

export interface TrainingPreset {
  scale: RunnableScale;
  dataset: TrainingDataset;
  norm: Norm;
  eps: number;
  method: TrainingMethod;
  seed: number;
  hyperparameters: MethodHyperparameters;
  data: PresetData;
  /** A ModelConfig: `modelFromConfig(preset.model)`. */
  model: ModelConfig;
  /** `fit(model, loadTrainingData(preset.data), preset.fit)`. */
  fit: FitOptions;
  /** The scale stamp of the run, except the backend (known when it runs). */
  stamp: Omit<ScaleStamp, "backend">;
}

const DATASET_TITLES: Record<TrainingDataset, string> = { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" };

function pgdOptions(norm: Norm, eps: number, steps: number, restarts = 1): PgdOptions {
  const options: PgdOptions = { norm, eps, steps, stepSize: defaultStepSize(eps, steps) };
  if (restarts > 1) options.restarts = restarts;
  return options;
}

function pgdLabel(norm: Norm, eps: number, steps: number, restarts = 1): string {
  return `PGD-${steps}${restarts > 1 ? `×${restarts}` : ""} ${norm === "linf" ? "L∞" : "L2"} ε=${eps} α=${+defaultStepSize(eps, steps).toPrecision(4)}`;
}

/** The network of a preset: the MLP 784-256-256-10 or the paper-spec small CNN. */
export function presetModelConfig(kind: PresetModel, seed: number, activation: Activation): ModelConfig {
  if (kind === "mlp") return { kind: "mlp", inputShape: [28, 28, 1], hidden: [256, 256], numClasses: 10, activation, seed };
  // paper-spec §6: 3×3 convolutions with 16 and 32 channels, mean pooling, FC-10.
  return { kind: "small-cnn", inputShape: [28, 28, 1], channels: [16, 32], hidden: [], numClasses: 10, activation, pool: "mean", kernelSize: 3, seed };
}

function modelLabel(config: ModelConfig, activation: Activation): string {
  return config.kind === "mlp" ? `mlp(784-256-256-10, ${activation})` : `small-cnn(conv3x3 16-32, mean-pool, dense 10, ${activation})`;
}

/** The splits of a preset and their description. */
function presetData(scale: RunnableScale, dataset: TrainingDataset, validation: boolean): { data: PresetData; label: string; trainExamples: number } {
  const preset = SCALE_PRESETS[scale];
  const held = VALIDATION_EXAMPLES[scale];
  const limit = (count: number | null) => (count === null ? {} : { limit: count, seed: 0 });
  const described = (count: number | null, of: string) => (count === null ? `all of ${of}` : `${count} of ${of} (stratified, seed 0)`);
  if (validation) {
    const testCount = preset.testExamples === null ? null : Math.min(preset.testExamples, held);
    return {
      data: {
        dataset,
        train: { split: "train", validationSplit: { examples: held, part: "training" }, ...limit(preset.trainExamples) },
        test: { split: "train", validationSplit: { examples: held, part: "validation" }, ...limit(testCount) },
      },
      label: `${DATASET_TITLES[dataset]} train: ${described(preset.trainExamples, `the training part (${held} held out)`)} / validation: ${described(testCount, `the ${held} held out`)}`,
      trainExamples: preset.trainExamples ?? TRAIN_SPLIT_SIZE - held,
    };
  }
  return {
    data: { dataset, train: { split: "train", ...limit(preset.trainExamples) }, test: { split: "test", ...limit(preset.testExamples) } },
    label: `${DATASET_TITLES[dataset]} train ${preset.trainExamples ?? "60000 (all)"}${preset.trainExamples === null ? "" : " (stratified, seed 0)"} / test ${preset.testExamples ?? "10000 (all)"}${preset.testExamples === null ? "" : " (stratified, seed 0)"}`,
    trainExamples: preset.trainExamples ?? TRAIN_SPLIT_SIZE,
  };
}

/** The optimiser of a method with its hyperparameters over a run of `epochs` passes, and its stamp label. */
function presetOptimizer(
  method: TrainingMethod,
  hyper: MethodHyperparameters,
  epochs: number,
  L: number,
  batchSize: number,
): { spec: OptimizerSpec; label: string } {
  const lr = { kind: "piecewise" as const, initial: hyper.lr, milestones: PRESET_SGD.milestones.map((f) => ({ at: f * epochs, factor: PRESET_SGD.decay })) };
  const sgd = { momentum: PRESET_SGD.momentum, weightDecay: PRESET_SGD.weightDecay };
  const sgdLabel = `lr ${hyper.lr} ×${PRESET_SGD.decay} at 50% and 75%, momentum ${PRESET_SGD.momentum}, wd ${PRESET_SGD.weightDecay}, batch ${batchSize}`;
  if (method === "entropy-sgd-at") {
    const variant = hyper.entropySgdPreset ?? "project-default";
    const steps = hyper.L ?? L;
    const extra = { ...(hyper.gamma0 === undefined ? {} : { gamma0: hyper.gamma0 }), ...(hyper.reuseAdversarial ? { reuseAdversarial: true } : {}) };
    return {
      spec: { kind: "entropy-sgd", preset: variant, L: steps, innerLr: hyper.lr, ...extra, horizon: epochs },
      label:
        `EntropySGD (${variant}, L=${steps}, η′=${hyper.lr}${hyper.gamma0 === undefined ? "" : `, γ0=${hyper.gamma0}`}, outer lr 1 ×0.2 at 50% and 75%, ` +
        `batch ${batchSize}, ${hyper.reuseAdversarial ? "reuseAdversarial: one attack per outer step" : "re-attack at θ′"})`,
    };
  }
  if (method === "sam-at") {
    const rho = hyper.rho ?? 0.05;
    return { spec: { kind: "sam", lr, ...sgd, rho, reattack: true }, label: `SAM (ρ=${rho}, re-attack at θ+ε̂, ${sgdLabel})` };
  }
  return { spec: { kind: "sgd", lr, ...sgd }, label: `SGD (${sgdLabel})` };
}

function checkHyperparameters(method: TrainingMethod, hyper: MethodHyperparameters): void {
  assertObject("hyperparameters", hyper);
  assertKnownOptions("hyperparameters", hyper, ["lr", "rho", "entropySgdPreset", "gamma0", "L", "reuseAdversarial"]);
  assertPositive("hyperparameters.lr", hyper.lr);
  if (hyper.rho !== undefined) {
    if (method !== "sam-at") throw new RangeError(`hyperparameters.rho applies to method "sam-at" only, got method "${method}"`);
    assertPositive("hyperparameters.rho", hyper.rho);
  }
  for (const name of ["entropySgdPreset", "gamma0", "L", "reuseAdversarial"] as const) {
    if (hyper[name] !== undefined && method !== "entropy-sgd-at")
      throw new RangeError(`hyperparameters.${name} applies to method "entropy-sgd-at" only, got method "${method}"`);
  }
  if (hyper.entropySgdPreset !== undefined) assertOneOf("hyperparameters.entropySgdPreset", hyper.entropySgdPreset, ENTROPY_SGD_PRESET_NAMES);
  if (hyper.gamma0 !== undefined) assertPositive("hyperparameters.gamma0", hyper.gamma0);
  if (hyper.L !== undefined) assertPositiveInteger("hyperparameters.L", hyper.L);
  if (hyper.reuseAdversarial !== undefined) assertBoolean("hyperparameters.reuseAdversarial", hyper.reuseAdversarial);
}

/**
 * One training run of E5 at a scale (paper-spec §6, §7), as plain JSON:
 *
 *     const p = trainingPreset({ scale: "quick", dataset: "mnist", norm: "linf", method: "entropy-sgd-at" });
 *     const result = await fit(modelFromConfig(p.model), loadTrainingData(p.data), p.fit);
 *
 * Equal budgets: every adversarial method gets the gradient evaluations of `epochs` epochs of SGD-AT
 * (epochs·N·(K+1), lib/train/budget.ts) as its `maxGradientEvaluations`. SGD-AT and EntropySGD-AT
 * (each inner step re-attacks a fresh minibatch) spend exactly that in `epochs` passes over the data;
 * SAM-AT, which attacks twice per minibatch, gets `epochs`/2 passes. Learning-rate decays and the ε
 * warm-up sit at fractions of each method's own passes. `standard` is the clean baseline at the same
 * number of epochs (1/(K+1) of the budget); its robust accuracy is evaluated under the same threat.
 */
export function trainingPreset(options: TrainingPresetOptions): TrainingPreset {
  assertKnownOptions("trainingPreset", options, [
    "scale",
    "dataset",
    "norm",
    "method",
    "eps",
    "model",
    "activation",
    "seed",
    "epochs",
    "hyperparameters",
    "validation",
  ]);
  const { scale, dataset, norm, method, validation = false } = options;
  if ((scale as string) === "reference") throw new RangeError(`scale "reference": the reference protocol is documented, not run here; use "quick" or "full"`);
  assertOneOf("scale", scale, ["quick", "full"] as const);
  assertOneOf("dataset", dataset, TRAINING_DATASETS);
  assertOneOf("norm", norm, ["linf", "l2"] as const);
  assertOneOf("method", method, TRAINING_METHODS);
  const preset = SCALE_PRESETS[scale];
  const eps = options.eps ?? E5_THREATS[dataset][norm];
  assertPositive("eps", eps);
  const modelKind = options.model ?? (scale === "quick" ? "mlp" : "cnn");
  assertOneOf("model", modelKind, PRESET_MODELS);
  const activation = options.activation ?? "relu";
  assertActivation(activation);
  const seed = options.seed ?? preset.seeds[0];
  assertSeed(seed);
  const budgetEpochs = options.epochs ?? preset.epochs;
  assertPositive("epochs", budgetEpochs);
  const hyper = options.hyperparameters ?? DEFAULT_HYPERPARAMETERS[scale][method];
  checkHyperparameters(method, hyper);

  const { data, label: datasetLabel, trainExamples } = presetData(scale, dataset, validation);
  const K = TRAINING_ATTACK_STEPS;
  const adversarial = method !== "standard";
  const epochs = method === "sam-at" ? budgetEpochs / 2 : budgetEpochs;
  const batchSize = scale === "quick" ? QUICK_BATCH_SIZE : PRESET_SGD.batchSize;
  const epsWarmup = adversarial ? epochs * EPS_WARMUP_FRACTION[scale] : 0;
  const budget = budgetEpochs * trainExamples * (K + 1);
  const optimizer = presetOptimizer(method, hyper, epochs, preset.entropySgdL, batchSize);

  const final: Record<string, PgdOptions> = { "pgd-20": pgdOptions(norm, eps, 20) };
  if (preset.evaluationRestarts > 1 && !validation)
    final[`pgd-${preset.evaluationSteps}x${preset.evaluationRestarts}`] = pgdOptions(norm, eps, preset.evaluationSteps, preset.evaluationRestarts);
  // Every epoch: PGD-20 (at full scale on the first 1000 held-out examples, a few percent of an epoch's
  // training); after training, the final attacks on all of them (Table A's columns).
  const fit: FitOptions = {
    epochs,
    batchSize,
    seed,
    optimizer: optimizer.spec,
    attack: adversarial ? pgdOptions(norm, eps, K) : null,
    evaluation: { attack: pgdOptions(norm, eps, 20), examples: scale === "full" ? 1000 : null, batchSize: 500, seed: 0, final },
  };
  if (adversarial) fit.maxGradientEvaluations = budget;
  if (epsWarmup > 0) fit.epsWarmup = epsWarmup;

  const model = presetModelConfig(modelKind, seed, activation);
  const stamp: Omit<ScaleStamp, "backend"> = {
    scale,
    dataset: datasetLabel,
    model: modelLabel(model, activation),
    threat: `${norm === "linf" ? "L∞" : "L2"} ε=${eps}${adversarial ? (epsWarmup > 0 ? ` (linear warm-up over ${+epsWarmup.toPrecision(4)} epochs)` : "") : " (evaluation only; standard training)"}`,
    attack:
      `train ${adversarial ? pgdLabel(norm, eps, K) + " uniform start" : "none"}; eval ${pgdLabel(norm, eps, 20)} per epoch` +
      `${scale === "full" ? " (1000 held-out examples)" : ""}; final ${Object.values(final)
        .map((o) => pgdLabel(norm, eps, o.steps, o.restarts ?? 1))
        .join(", ")}`,
    budget: adversarial
      ? `${budgetEpochs} SGD-AT-equivalent epochs: at most ${budget} gradient evaluations (${epochs} passes over the data)`
      : `${epochs} epochs of standard training`,
    optimizer: optimizer.label,
    seeds: [seed],
    precision: "float32",
  };
  return { scale, dataset, norm, eps, method, seed, hyperparameters: hyper, data, model, fit, stamp };
}

/** Loads a preset's training and held-out splits (MNIST or Fashion-MNIST); the caller disposes them. */
export function loadTrainingData(data: PresetData): { train: LabelledImages; test: LabelledImages } {
  const load = data.dataset === "mnist" ? loadMnist : loadFashionMnist;
  const train = load(data.train);
  try {
    return { train, test: load(data.test) };
  } catch (error) {
    tf.dispose(train);
    throw error;
  }
}
