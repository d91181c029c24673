// The benchmark workloads: the hot paths of the library (training steps, attacks), each built from the
// library's own code, on a fixed MNIST batch. A workload is set up once, then `run()` is timed.
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../../lib/data";
import { Classifier, mlp, smallCnn } from "../../lib/models";
import { meanCrossEntropy } from "../../lib/losses";
import { pgd } from "../../lib/attacks";
import { Sgd } from "../../lib/optim";
import type { GradientOracle } from "../../lib/optim";

export const BATCH = 128;

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Builds the model and data; returns the timed step and its clean-up. */
  setup(): { run: () => void; dispose: () => void };
}

type ModelKind = "mlp" | "cnn";

function buildModel(kind: ModelKind): Classifier {
  return kind === "mlp"
    ? mlp({ inputShape: [28, 28, 1], hidden: [256, 256], numClasses: 10, seed: 0 })
    : smallCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
}

function mnistBatch(): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return loadMnist({ split: "train", limit: BATCH });
}

/** The clean-loss gradient oracle: mean cross-entropy on the fixed batch, gradients w.r.t. params. */
function cleanOracle(model: Classifier, x: tf.Tensor, y: tf.Tensor1D): GradientOracle {
  return () => {
    const { value, grads } = tf.variableGrads(() => meanCrossEntropy(model.logits(x), y), model.params);
    const loss = value.dataSync()[0];
    value.dispose();
    return { loss, grads: model.params.map((p) => grads[p.name]) };
  };
}

function trainStep(kind: ModelKind): Workload {
  return {
    name: `${kind}-train-step`,
    description: `${kind === "mlp" ? "MLP 784-256-256-10" : "small CNN (conv32-pool-conv64-pool-128-10)"}: one SGD step (momentum 0.9), batch ${BATCH}`,
    setup() {
      const model = buildModel(kind);
      const { x, y } = mnistBatch();
      const optimizer = new Sgd(model.params, { lr: 0.01, momentum: 0.9 });
      const oracle = cleanOracle(model, x, y);
      return {
        run: () => void optimizer.step(oracle, 0),
        dispose: () => {
          optimizer.dispose();
          model.dispose();
          tf.dispose([x, y]);
        },
      };
    },
  };
}

function pgdStep(kind: ModelKind, norm: "linf" | "l2"): Workload {
  const eps = norm === "linf" ? 0.1 : 1.0;
  return {
    name: `${kind}-pgd10-${norm}`,
    description: `${kind === "mlp" ? "MLP" : "small CNN"}: PGD-10 ${norm === "linf" ? "L∞ ε=0.1" : "L2 ε=1"}, random start, batch ${BATCH}`,
    setup() {
      const model = buildModel(kind);
      const { x, y } = mnistBatch();
      return {
        run: () => {
          const xAdv = pgd(model, x, y, { norm, eps, steps: 10, stepSize: (2.5 * eps) / 10, seed: 1 });
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

export const WORKLOADS: readonly Workload[] = [
  trainStep("mlp"),
  trainStep("cnn"),
  pgdStep("mlp", "linf"),
  pgdStep("mlp", "l2"),
  pgdStep("cnn", "linf"),
  pgdStep("cnn", "l2"),
];
