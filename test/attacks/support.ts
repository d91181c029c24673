// Small models, data and measurements shared by the attack tests.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { Classifier, linear, mlp } from "../../lib/models";

/** A random batch in [low, high] and random labels, both reproducible. */
export function randomBatch(seed: number, batch: number, d: number, numClasses: number, low = 0, high = 1): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  const xs = new Float32Array(batch * d);
  for (let i = 0; i < xs.length; i++) xs[i] = low + (high - low) * rng.uniform();
  const ys = new Int32Array(batch);
  for (let i = 0; i < batch; i++) ys[i] = rng.int(numClasses);
  return { x: tf.tensor2d(xs, [batch, d]), y: tf.tensor1d(ys, "int32") };
}

/** A small MLP with larger-than-default weights, so the loss is visibly non-linear in the input. */
export function smallMlp(seed: number, d = 10, numClasses = 3, activation: "relu" | "softplus" | "tanh" = "softplus", scale = 3): Classifier {
  const model = mlp({ inputShape: [d], hidden: [8], numClasses, activation, seed });
  model.params.forEach((p) => p.assign(tf.tidy(() => tf.mul(p, scale))));
  return model;
}

export function logistic(seed: number, d: number, bias = true): Classifier {
  return linear({ inputShape: [d], numClasses: 2, seed, bias });
}

/** Per-example ‖xAdv − x‖_p computed in float64 from the float32 values. */
export function perturbationNorms(x: tf.Tensor, xAdv: tf.Tensor, norm: "linf" | "l2"): number[] {
  const a = x.dataSync();
  const b = xAdv.dataSync();
  const n = x.shape[0];
  const d = a.length / n;
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const v = b[e * d + i] - a[e * d + i];
      s = norm === "linf" ? Math.max(s, Math.abs(v)) : s + v * v;
    }
    out.push(norm === "linf" ? s : Math.sqrt(s));
  }
  return out;
}

/** Per-example cross-entropy of the model at x, as numbers. */
export function lossesAt(model: Classifier, x: tf.Tensor, y: tf.Tensor1D): number[] {
  const t = tf.tidy(() => {
    const z = model.logits(x);
    return tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, tf.cast(tf.oneHot(y, model.numClasses), "float32")), 1));
  });
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

/** 1 where the model misclassifies x. */
export function misclassified(model: Classifier, x: tf.Tensor, y: tf.Tensor1D): number[] {
  const t = tf.tidy(() => tf.notEqual(tf.argMax(model.logits(x), 1), y));
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
