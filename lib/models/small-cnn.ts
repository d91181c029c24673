import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";
import { assertInteger, assertOneOf, assertPositiveInteger } from "../core/validate";
import { Activation, activate, assertActivation, dense } from "./activations";
import { Classifier, assertInputShape } from "./classifier";
import { defaultInit } from "./init";

export type Pooling = "max" | "mean";

export interface SmallCnnOptions {
  /** [height, width, channels], NHWC. */
  inputShape: [number, number, number];
  /** Output channels of each 3×3 convolution (each followed by 2×2 pooling). Default [32, 64]. */
  channels?: number[];
  /** Widths of the dense layers between the last pooling and the output. Default [128]. */
  hidden?: number[];
  numClasses: number;
  activation?: Activation;
  /** Max pooling (default; the benchmark network) or mean pooling (smooth in θ with a smooth activation). */
  pool?: Pooling;
  kernelSize?: number;
  seed?: number;
}

/**
 * Small convolutional network: [conv k×k (valid) → activation → 2×2 pool] per entry of `channels`,
 * flatten, dense layers, logits. The default is the benchmark network of the foundation issue
 * (conv 32 3×3, pool, conv 64 3×3, pool, dense 128, dense 10). No BatchNorm, so attacks need no mode.
 * Parameters: for each convolution the kernel [k, k, in, out] then the bias [out]; for each dense layer
 * the kernel [in, out] then the bias.
 *
 * With max pooling a stage is computed as conv → pool → bias → activation: max pooling commutes with
 * adding a per-channel constant and with a non-decreasing activation, exactly in floating point too
 * (rounding is monotone), and the gradient reaches the same window maximum. The bias, the activation and
 * their gradients then run on the pooled tensor, 4× smaller (the first stage's is 11 MB at batch 128).
 */
export function smallCnn(options: SmallCnnOptions): Classifier {
  const { inputShape, channels = [32, 64], hidden = [128], numClasses, activation = "relu", pool = "max", kernelSize = 3, seed = 0 } = options;
  if (inputShape.length !== 3) throw new RangeError(`inputShape must be [height, width, channels], got [${inputShape.join(", ")}]`);
  inputShape.forEach((s, i) => assertPositiveInteger(`inputShape[${i}]`, s));
  channels.forEach((c, i) => assertPositiveInteger(`channels[${i}]`, c));
  hidden.forEach((h, i) => assertPositiveInteger(`hidden[${i}]`, h));
  assertInteger("numClasses", numClasses, 2);
  assertPositiveInteger("kernelSize", kernelSize);
  assertActivation(activation);
  assertOneOf("pool", pool, ["max", "mean"] as const);

  const rng = new Rng(seed);
  const params: tf.Variable[] = [];
  let [h, w, c] = inputShape;
  channels.forEach((out, l) => {
    const fanIn = kernelSize * kernelSize * c;
    params.push(defaultInit(rng, [kernelSize, kernelSize, c, out], fanIn, `cnn/conv${l}/kernel`));
    params.push(defaultInit(rng, [out], fanIn, `cnn/conv${l}/bias`));
    h = Math.floor((h - kernelSize + 1) / 2);
    w = Math.floor((w - kernelSize + 1) / 2);
    c = out;
    if (h < 1 || w < 1) throw new RangeError(`inputShape [${inputShape.join(", ")}] is too small for ${channels.length} conv+pool stages`);
  });
  const flat = h * w * c;
  const widths = [flat, ...hidden, numClasses];
  for (let l = 0; l + 1 < widths.length; l++) {
    params.push(defaultInit(rng, [widths[l], widths[l + 1]], widths[l], `cnn/dense${l}/kernel`));
    params.push(defaultInit(rng, [widths[l + 1]], widths[l], `cnn/dense${l}/bias`));
  }
  const convLayers = channels.length;
  const denseLayers = widths.length - 1;

  const model: Classifier = {
    name: `small-cnn(conv ${channels.join("-")}, ${pool}-pool, dense ${[...hidden, numClasses].join("-")}, ${activation})`,
    inputShape: [...inputShape],
    numClasses,
    params,
    config: { kind: "small-cnn", inputShape: [...inputShape], channels: [...channels], hidden: [...hidden], numClasses, activation, pool, kernelSize, seed },
    logits(x: tf.Tensor): tf.Tensor2D {
      assertInputShape(model, x);
      return tf.tidy(() => {
        let a = x as tf.Tensor4D;
        for (let l = 0; l < convLayers; l++) {
          const filter = params[2 * l] as tf.Tensor4D;
          const bias = params[2 * l + 1];
          if (pool === "max") {
            // Pooled before the bias and the activation: the same function, 4× cheaper (see the header).
            a = activate(tf.add(tf.maxPool(tf.conv2d(a, filter, 1, "valid"), 2, 2, "valid"), bias), activation);
          } else {
            // Not tf.fused.conv2d: its gradient computes the filter's too when only ∇ₓ is asked (activations.ts).
            a = tf.avgPool(activate(tf.add(tf.conv2d(a, filter, 1, "valid"), bias) as tf.Tensor4D, activation), 2, 2, "valid");
          }
        }
        let z = a.reshape([a.shape[0], flat]) as tf.Tensor2D;
        for (let l = 0; l < denseLayers; l++) {
          const k = 2 * (convLayers + l);
          z = dense(z, params[k], params[k + 1], l + 1 < denseLayers ? activation : "linear");
        }
        return z;
      });
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
  return model;
}
