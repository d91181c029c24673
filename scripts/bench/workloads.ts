// The benchmark workloads: the hot paths of the library (training steps, attacks, smoothness
// estimators), each built from the library's own code on MNIST. A workload is set up once, then `run()`
// is timed.
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../../lib/data";
import { Classifier, mlp, modelFromConfig, smallCnn } from "../../lib/models";
import { presetModelConfig } from "../../lib/experiments/training-presets";
import { pgd, pgdAttack } from "../../lib/attacks";
import { EntropySgd, Optimizer, Sam, Sgd } from "../../lib/optim";
import { fit, trainingOracle } from "../../lib/train";
import { gradientLipschitzRatio, hessianTopEigenvalues } from "../../lib/smoothness";

export const BATCH = 128;

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Minutes per run on the cpu backend: skipped there unless asked for (bench --all). */
  readonly heavyOnCpu?: boolean;
  /** Examples one run processes (examples/s = this ÷ the median); default BATCH. */
  readonly examplesPerRun?: number;
  /** Timed runs at least, instead of --runs: for a workload whose one run takes a minute. */
  readonly runs?: number;
  /** Builds the model and data; returns the timed step and its clean-up. */
  setup(): { run: () => void | Promise<void>; dispose: () => void };
}

// "e3-cnn": the paper-spec small CNN as E3's full-scale runs train it (softplus, mean pooling), whose
// Softplus and AvgPoolGrad kernels the other two networks do not exercise.
type ModelKind = "mlp" | "cnn" | "e3-cnn";
const MODEL_NAMES: Record<ModelKind, string> = {
  mlp: "MLP 784-256-256-10",
  cnn: "small CNN (conv32-pool-conv64-pool-128-10)",
  "e3-cnn": "E3's small CNN (conv16-meanpool-conv32-meanpool-10, softplus)",
};

function buildModel(kind: ModelKind): Classifier {
  if (kind === "e3-cnn") return modelFromConfig(presetModelConfig("cnn", 0, "softplus"));
  return kind === "mlp"
    ? mlp({ inputShape: [28, 28, 1], hidden: [256, 256], numClasses: 10, seed: 0 })
    : smallCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
}

/** A training step: `optimizer.step` on the library's training oracle (fresh minibatches of 2048 examples). */
function trainingWorkload(
  name: string,
  description: string,
  kind: ModelKind,
  adversarial: boolean,
  makeOptimizer: (params: tf.Variable[]) => Optimizer,
): Workload {
  return {
    name,
    description,
    setup() {
      const model = buildModel(kind);
      const data = loadMnist({ split: "train", limit: 16 * BATCH, seed: 0 });
      const attack = adversarial ? pgdAttack({ norm: "linf", eps: 0.1, steps: 10 }) : null;
      const oracle = trainingOracle(model, data, { batchSize: BATCH, seed: 0, attack });
      const optimizer = makeOptimizer(model.params);
      return {
        run: () => void optimizer.step(oracle, 0),
        dispose: () => {
          optimizer.dispose();
          oracle.dispose();
          model.dispose();
          tf.dispose(data);
        },
      };
    },
  };
}

const sgd = (params: tf.Variable[]) => new Sgd(params, { lr: 0.01, momentum: 0.9, weightDecay: 5e-4 });

function pgdWorkload(kind: ModelKind, norm: "linf" | "l2"): Workload {
  const eps = norm === "linf" ? 0.1 : 1.0;
  return {
    name: `${kind}-pgd10-${norm}`,
    description: `${MODEL_NAMES[kind]}: PGD-10 ${norm === "linf" ? "L∞ ε=0.1" : "L2 ε=1"}, random start`,
    heavyOnCpu: false,
    setup() {
      const model = buildModel(kind);
      const { x, y } = loadMnist({ split: "train", limit: BATCH });
      return {
        run: () => {
          const xAdv = pgd(model, x, y, { norm, eps, steps: 10, seed: 1 });
          xAdv.dataSync();
          xAdv.dispose();
        },
        dispose: () => {
          model.dispose();
          tf.dispose([x, y]);
        },
      };
    },
  };
}

function estimatorWorkload(name: string, description: string, measure: (model: Classifier, x: tf.Tensor, y: tf.Tensor1D) => void): Workload {
  return {
    name,
    description,
    heavyOnCpu: true,
    setup() {
      const model = buildModel("mlp");
      const { x, y } = loadMnist({ split: "train", limit: BATCH });
      return {
        run: () => measure(model, x, y),
        dispose: () => {
          model.dispose();
          tf.dispose([x, y]);
        },
      };
    },
  };
}

/** The time of the full-scale experiments: E5's SGD-AT runs are 20 of these epochs (lib/experiments/e5.ts). */
const MNIST_TRAIN_EXAMPLES = 60000;
const atEpochMlp: Workload = {
  name: "at-epoch-mlp",
  description: `${MODEL_NAMES.mlp}: one epoch of PGD-10 L∞ (ε = 0.3) adversarial training on the 60 000 MNIST training images, through fit`,
  heavyOnCpu: true,
  examplesPerRun: MNIST_TRAIN_EXAMPLES,
  runs: 3,
  setup() {
    const model = buildModel("mlp");
    const train = loadMnist({ split: "train" });
    if (train.y.shape[0] !== MNIST_TRAIN_EXAMPLES) throw new Error(`at-epoch-mlp: expected ${MNIST_TRAIN_EXAMPLES} training images, got ${train.y.shape[0]}`);
    const options = {
      epochs: 1,
      batchSize: BATCH,
      seed: 0,
      optimizer: { kind: "sgd" as const, lr: 0.01, momentum: 0.9, weightDecay: 5e-4 },
      attack: { norm: "linf" as const, eps: 0.3, steps: 10 },
      evaluation: null,
      progress: false,
    };
    return {
      run: async () => void (await fit(model, { train }, options)),
      dispose: () => {
        model.dispose();
        tf.dispose([train.x, train.y]);
      },
    };
  },
};

export const WORKLOADS: readonly Workload[] = [
  trainingWorkload("mlp-train-step", `${MODEL_NAMES.mlp}: one SGD step (momentum 0.9)`, "mlp", false, sgd),
  trainingWorkload("cnn-train-step", `${MODEL_NAMES.cnn}: one SGD step (momentum 0.9)`, "cnn", false, sgd),
  pgdWorkload("mlp", "linf"),
  pgdWorkload("mlp", "l2"),
  pgdWorkload("cnn", "linf"),
  pgdWorkload("cnn", "l2"),
  pgdWorkload("e3-cnn", "linf"),
  trainingWorkload(
    "entropy-sgd-step",
    `${MODEL_NAMES.mlp}: one EntropySGD outer step, L = 5, each inner step re-attacked by PGD-10 L∞`,
    "mlp",
    true,
    (params) => new EntropySgd(params, { L: 5, horizon: 1 }),
  ),
  trainingWorkload(
    "sam-step",
    `${MODEL_NAMES.mlp}: one SAM step (ρ = 0.05), PGD-10 L∞ at θ and again at θ + ε̂`,
    "mlp",
    true,
    (params) => new Sam(params, { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }),
  ),
  estimatorWorkload(
    "grad-lipschitz-reattack",
    `${MODEL_NAMES.mlp}: S1 re-attacked, 3 directions × 3 h, converged PGD-200 L∞ at each point`,
    (model, x, y) =>
      void gradientLipschitzRatio(model, x, y, { h: [1e-2, 1e-3, 1e-4], directions: 3, losses: ["reattack"], attack: { norm: "linf", eps: 0.1 }, seed: 1 }),
  ),
  estimatorWorkload(
    "hessian-top-eig",
    `${MODEL_NAMES.mlp}: top Hessian eigenvalue of the frozen L∞ loss, 20 power iterations of finite-difference HVPs`,
    (model, x, y) =>
      void hessianTopEigenvalues(model, x, y, { loss: "frozen", attack: { norm: "linf", eps: 0.1 }, k: 1, maxIterations: 20, tolerance: 1e-9, seed: 1 }),
  ),
  atEpochMlp,
];
