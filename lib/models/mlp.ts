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
  /** The forward pass keeping each layer's backward (the tape-free gradients of the model below). */
  const forwardKeeping = (x: tf.Tensor) => {
    let h = x.reshape([x.shape[0], d]) as tf.Tensor2D;
    const layers: ReturnType<typeof denseWithBackward>[] = [];
    for (let l = 0; 2 * l < params.length; l++) {
      layers.push(denseWithBackward(h, params[2 * l], params[2 * l + 1], 2 * l + 2 < params.length ? activation : "linear"));
      h = layers[l].output;
    }
    return { layers, logits: h };
  };
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
        const { layers, logits } = forwardKeeping(x);
        const { value, dLogits } = head(logits);
        const gradient = layers.reduceRight((g, layer) => layer.backward(g), dLogits);
        return { value, gradient: gradient.reshape(x.shape) };
      });
    },
    valueAndParamGradients(x: tf.Tensor, head: LogitsHead) {
      assertInputShape(model, x);
      return tf.tidy(() => {
        const { layers, logits } = forwardKeeping(x);
        const { value, dLogits } = head(logits);
        const grads: tf.Tensor[] = new Array(params.length);
        // The mean's gradient: each example's dLogits over the batch size.
        let g = tf.div(dLogits, x.shape[0]) as tf.Tensor2D;
        for (let l = layers.length - 1; l >= 0; l--) {
          const layer = layers[l].gradients(g, l > 0);
          grads[2 * l] = layer.kernel;
          grads[2 * l + 1] = layer.bias as tf.Tensor1D;
          g = layer.input as tf.Tensor2D;
        }
        return { logits, value, grads };
      });
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
  return model;
}
