// Models, batches and float64 oracles shared by the smoothness and landscape tests.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { Classifier, assignParams, flattenParams, linear, mlp } from "../../lib/models";

/** A reproducible batch: inputs uniform in [0, 1] (or Gaussian), labels uniform over the classes. */
export function batch(seed: number, n: number, d: number, numClasses: number, gaussian = false): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  const xs = new Float32Array(n * d);
  for (let i = 0; i < xs.length; i++) xs[i] = gaussian ? rng.normal() : rng.uniform();
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) ys[i] = rng.int(numClasses);
  return { x: tf.tensor2d(xs, [n, d]), y: tf.tensor1d(ys, "int32") };
}

/** The binary logistic model of T1 (no bias: logits [0, wᵀx]) with the given weights. */
export function logisticWith(w: number[]): Classifier {
  const model = linear({ inputShape: [w.length], numClasses: 2, seed: 0, bias: false });
  const theta = tf.tensor1d(w);
  assignParams(model, theta);
  theta.dispose();
  return model;
}

/** A small MLP with a smooth activation (the clean loss is smooth in θ and x). */
export function tinyMlp(seed: number, d: number, hidden: number[], numClasses: number, activation: "softplus" | "tanh" | "relu" = "softplus"): Classifier {
  return mlp({ inputShape: [d], hidden, numClasses, activation, seed });
}

/** θ of the model as numbers. */
export function parameters(model: Classifier): Float32Array {
  const theta = flattenParams(model);
  const out = theta.dataSync().slice() as Float32Array;
  theta.dispose();
  return out;
}

/** Asserts that the model's parameters are bit-for-bit the given ones. */
export function assertParameters(model: Classifier, expected: Float32Array, what: string): void {
  const now = parameters(model);
  assert.equal(now.length, expected.length);
  for (let i = 0; i < now.length; i++) {
    if (now[i] !== expected[i]) assert.fail(`${what}: parameter ${i} changed from ${expected[i]} to ${now[i]}`);
  }
}

/** A unit basis vector e_i of length m. */
export function basisVector(m: number, i: number): tf.Tensor1D {
  const v = new Float32Array(m);
  v[i] = 1;
  return tf.tensor1d(v);
}

/** Rows and ±1 labels of a batch, for the float64 formulas of lib/losses/adversarial-linear.ts. */
export function rows64(x: tf.Tensor2D, y: tf.Tensor1D): { X: { data: Float64Array; d: number }; labels: number[] } {
  return { X: { data: Float64Array.from(x.dataSync()), d: x.shape[1] }, labels: Array.from(y.dataSync(), (v) => 2 * v - 1) };
}

export function ratioPerDecade(values: number[]): number[] {
  return values.slice(1).map((v, i) => v / values[i]);
}
