// Small MNIST subsets and MLPs for the trainer tests, sized to run in seconds on the cpu backend.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../../lib/data";
import { mlp, type Classifier } from "../../lib/models";
import type { TrainingData } from "../../lib/train";

/** A stratified, seeded MNIST training subset (the caller disposes it). */
export function mnistSubset(n: number, split: "train" | "test" = "train", seed = 0): TrainingData {
  return loadMnist({ split, limit: n, seed });
}

/** MLP 784-hidden-10. */
export function smallMlp(seed = 0, hidden: number[] = [16]): Classifier {
  return mlp({ inputShape: [28, 28, 1], hidden, numClasses: 10, seed });
}

/** Every parameter's values, as flat float32 arrays in parameter order. */
export function weightsOf(model: Classifier): Float32Array[] {
  return model.params.map((p) => p.dataSync() as Float32Array);
}

/** True when two sets of weights are bit for bit equal. */
export function sameBits(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((x, i) => x.length === b[i].length && x.every((v, j) => Object.is(v, b[i][j])));
}

export function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function disposeData(...data: (TrainingData | null | undefined)[]): void {
  for (const d of data) if (d) tf.dispose([d.x, d.y]);
}

/**
 * A model that counts the examples passing through `logits` (every forward pass, with or without a
 * backward pass after it): an independent tally of the compute the trainer's budget reports.
 */
export function countingModel(model: Classifier): { model: Classifier; rows: () => number } {
  let rows = 0;
  const counted: Classifier = {
    name: model.name,
    inputShape: model.inputShape,
    numClasses: model.numClasses,
    params: model.params,
    config: model.config,
    logits(x: tf.Tensor): tf.Tensor2D {
      rows += x.shape[0];
      return model.logits(x);
    },
    dispose: () => model.dispose(),
  };
  return { model: counted, rows: () => rows };
}
