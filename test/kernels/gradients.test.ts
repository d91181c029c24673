// Whole-model gradients on the active backend against the stock cpu kernels: a small MLP and a small
// CNN (conv 3x3 + maxPool + dense), plain and fused layers, batch 1 and 128, with respect to every
// parameter and the input (the gradient PGD takes).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { withStockKernels } from "../../lib/kernels";
import { Rng } from "../../lib/core/rng";
import { backendLabel, HostTensor, normal, relativeError, TOLERANCE } from "./reference";

type Forward = (p: Record<string, tf.Tensor>, x: tf.Tensor) => tf.Tensor;

const mlp =
  (fused: boolean): Forward =>
  (p, x) => {
    const layer = (h: tf.Tensor, w: string, b: string, relu: boolean) =>
      fused
        ? tf.fused.matMul({ a: h as tf.Tensor2D, b: p[w] as tf.Tensor2D, bias: p[b], activation: relu ? "relu" : "linear" })
        : relu
          ? tf.relu(tf.add(tf.matMul(h, p[w]), p[b]))
          : tf.add(tf.matMul(h, p[w]), p[b]);
    return layer(layer(layer(x, "w1", "b1", true), "w2", "b2", true), "w3", "b3", false);
  };

const cnn =
  (fused: boolean): Forward =>
  (p, x) => {
    const conv = fused
      ? tf.fused.conv2d({ x: x as tf.Tensor4D, filter: p.k as tf.Tensor4D, strides: 1, pad: "same", bias: p.kb, activation: "relu" })
      : tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, p.k as tf.Tensor4D, 1, "valid"), p.kb));
    const pooled = tf.maxPool(conv as tf.Tensor4D, 2, 2, "valid");
    return tf.add(tf.matMul(tf.reshape(pooled, [x.shape[0], -1]), p.w), p.b);
  };

/** Gradients of the mean softmax cross-entropy with respect to every parameter and the input. */
function gradients(forward: Forward, params: Record<string, HostTensor>, x: HostTensor, labels: HostTensor): Record<string, Float32Array> {
  const names = Object.keys(params);
  const all = tf.tidy(() => {
    const tensors = names.map((n) => tf.tensor(params[n].values, params[n].shape));
    const input = tf.tensor(x.values, x.shape);
    const y = tf.tensor(labels.values, labels.shape);
    return tf.grads((...args: tf.Tensor[]) => {
      const p = Object.fromEntries(names.map((n, i) => [n, args[i]]));
      return tf.losses.softmaxCrossEntropy(y, forward(p, args[args.length - 1]));
    })([...tensors, input]);
  });
  const out: Record<string, Float32Array> = {};
  [...names, "input"].forEach((n, i) => (out[n] = all[i].dataSync() as Float32Array));
  tf.dispose(all);
  return out;
}

/** Run `fn` on the cpu backend with the kernels tfjs shipped, then return to the active backend. */
async function onStockCpu<T>(fn: () => T): Promise<T> {
  const previous = tf.getBackend();
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean };
  cpu.firstUse = false;
  await tf.setBackend("cpu");
  try {
    return withStockKernels("cpu", fn);
  } finally {
    await tf.setBackend(previous);
  }
}

function oneHot(rng: Rng, batch: number, classes: number): HostTensor {
  const values = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) values[i * classes + rng.int(classes)] = 1;
  return { shape: [batch, classes], dtype: "float32", values };
}

async function assertGradientsMatch(forward: Forward, params: Record<string, HostTensor>, x: HostTensor, labels: HostTensor, what: string) {
  const tensors = tf.memory().numTensors;
  const actual = gradients(forward, params, x, labels);
  assert.equal(tf.memory().numTensors, tensors, `${what}: tensors leaked`);
  const expected = await onStockCpu(() => gradients(forward, params, x, labels));
  for (const name of Object.keys(expected)) {
    const err = relativeError(actual[name], expected[name]);
    assert.ok(err <= TOLERANCE, `${what}: d loss / d ${name} relative error ${err.toExponential(2)} > ${TOLERANCE}`);
  }
}

describe(`kernels: MLP and CNN gradients vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  for (const batch of [1, 128]) {
    for (const fused of [false, true]) {
      it(`MLP 12-9-7-4, batch ${batch}, ${fused ? "fused" : "plain"} layers`, async () => {
        const rng = new Rng(81 + batch);
        const params = {
          w1: normal(rng, [12, 9]),
          b1: normal(rng, [9]),
          w2: normal(rng, [9, 7]),
          b2: normal(rng, [7]),
          w3: normal(rng, [7, 4]),
          b3: normal(rng, [4]),
        };
        await assertGradientsMatch(mlp(fused), params, normal(rng, [batch, 12]), oneHot(rng, batch, 4), `${backendLabel()} MLP`);
      });

      it(`CNN conv3x3(4)-relu-maxPool2-dense(3), batch ${batch}, ${fused ? "fused same" : "plain valid"} conv`, async () => {
        const rng = new Rng(91 + batch);
        const side = fused ? 4 : 3; // pooled side: 8 -> 8 (same) -> 4, or 8 -> 6 (valid) -> 3
        const params = { k: normal(rng, [3, 3, 1, 4]), kb: normal(rng, [4]), w: normal(rng, [side * side * 4, 3]), b: normal(rng, [3]) };
        await assertGradientsMatch(cnn(fused), params, normal(rng, [batch, 8, 8, 1]), oneHot(rng, batch, 3), `${backendLabel()} CNN`);
      });
    }
  }
});
