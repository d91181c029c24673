import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";
import { assertInteger, assertPositiveInteger } from "../core/validate";
import { Activation, assertActivation, dense, denseWithBackward } from "./activations";
import { Classifier, LogitsHead, assertInputShape } from "./classifier";
import { defaultInit } from "./init";

export interface MlpOptions {
  inputShape: number[];
  /** Widths of the hidden layers, e.g. [256, 256] for the 784-256-256-10 network. */
  hidden: number[];
  numClasses: number;
  activation?: Activation;
  seed?: number;
}

/**
 * Fully connected network. Parameters: for each layer (hidden layers, then the output layer) the kernel
 * [in, out] then the bias [out].
 */
export function mlp(options: MlpOptions): Classifier {
  const { inputShape, hidden, numClasses, activation = "relu", seed = 0 } = options;
  inputShape.forEach((s, i) => assertPositiveInteger(`inputShape[${i}]`, s));
  hidden.forEach((h, i) => assertPositiveInteger(`hidden[${i}]`, h));
  assertInteger("numClasses", numClasses, 2);
  assertActivation(activation);
  const d = inputShape.reduce((a, b) => a * b, 1);
  const widths = [d, ...hidden, numClasses];
  const rng = new Rng(seed);
  const params: tf.Variable[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    params.push(defaultInit(rng, [widths[l], widths[l + 1]], widths[l], `mlp/dense${l}/kernel`));
    params.push(defaultInit(rng, [widths[l + 1]], widths[l], `mlp/dense${l}/bias`));
  }
  const model: Classifier = {
    name: `mlp(${widths.join("-")}, ${activation})`,
    inputShape: [...inputShape],
    numClasses,
    params,
    config: { kind: "mlp", inputShape: [...inputShape], hidden: [...hidden], numClasses, activation, seed },
    logits(x: tf.Tensor): tf.Tensor2D {
      assertInputShape(model, x);
      return tf.tidy(() => {
        let h = x.reshape([x.shape[0], d]) as tf.Tensor2D;
        const layers = params.length / 2;
        for (let l = 0; l < layers; l++) {
          h = dense(h, params[2 * l], params[2 * l + 1], l + 1 < layers ? activation : "linear");
        }
        return h;
      });
    },
    valueAndInputGradient(x: tf.Tensor, head: LogitsHead) {
      assertInputShape(model, x);
      return tf.tidy(() => {
        let h = x.reshape([x.shape[0], d]) as tf.Tensor2D;
        const layers = params.length / 2;
        const backwards: ((dOutput: tf.Tensor2D) => tf.Tensor2D)[] = [];
        for (let l = 0; l < layers; l++) {
          const layer = denseWithBackward(h, params[2 * l], params[2 * l + 1], l + 1 < layers ? activation : "linear");
          backwards.push(layer.backward);
          h = layer.output;
        }
        const { value, dLogits } = head(h);
        const gradient = backwards.reduceRight((g, backward) => backward(g), dLogits);
        return { value, gradient: gradient.reshape(x.shape) };
      });
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
  return model;
}
