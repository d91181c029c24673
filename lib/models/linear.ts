import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";
import { assertInteger, assertPositiveInteger } from "../core/validate";
import { dense } from "./activations";
import { Classifier, assertInputShape } from "./classifier";
import { defaultInit } from "./init";

export interface LinearOptions {
  inputShape: number[];
  /** 2 gives the binary logistic model with one weight vector; more gives multinomial logistic regression. */
  numClasses: number;
  seed?: number;
  /** Binary model without bias: logits [0, wᵀx], the setting of T1. Default true (with bias). */
  bias?: boolean;
}

/**
 * Logistic regression. Binary (numClasses = 2): one weight vector w [d, 1] and bias [1], logits
 * [0, wᵀx + b], so softmax cross-entropy with label y ∈ {0, 1} equals softplus(−ỹ(wᵀx + b)) with
 * ỹ = 2y − 1: the logistic loss of T1. Multiclass: kernel [d, K] and bias [K].
 * Parameters: [kernel, bias] (bias omitted when `bias: false`).
 */
export function linear(options: LinearOptions): Classifier {
  const { inputShape, numClasses, seed = 0, bias = true } = options;
  inputShape.forEach((s, i) => assertPositiveInteger(`inputShape[${i}]`, s));
  assertInteger("numClasses", numClasses, 2);
  const d = inputShape.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed);
  const outputs = numClasses === 2 ? 1 : numClasses;
  const kernel = defaultInit(rng, [d, outputs], d, "linear/kernel");
  const params = [kernel];
  if (bias) params.push(defaultInit(rng, [outputs], d, "linear/bias"));
  const model: Classifier = {
    name: numClasses === 2 ? `logistic(${d})` : `softmax-regression(${d}→${numClasses})`,
    inputShape: [...inputShape],
    numClasses,
    params,
    config: { kind: "linear", inputShape: [...inputShape], numClasses, seed, bias },
    logits(x: tf.Tensor): tf.Tensor2D {
      assertInputShape(model, x);
      return tf.tidy(() => {
        const flat = x.reshape([x.shape[0], d]) as tf.Tensor2D;
        const z = dense(flat, kernel, bias ? params[1] : null, "linear");
        return numClasses === 2 ? (tf.concat([tf.zerosLike(z), z], 1) as tf.Tensor2D) : z;
      });
    },
    dispose: () => params.forEach((p) => p.dispose()),
  };
  return model;
}
