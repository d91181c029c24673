// No leaks over 50 training steps of a small CNN (with a PGD-style input gradient each step): tensor
// count, tensor bytes, backend buffers and, on wasm, the heap size stay where they were after warm-up.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { backendDataIds, backendLabel } from "./reference";

function heapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return backend.wasm?.HEAPU8.length ?? 0;
}

describe(`kernels: no leaks over 50 training steps [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("small CNN training step + input gradient: tensors, bytes, buffers and heap constant", () => {
    const rng = new Rng(101);
    const batch = 16;
    const init = (shape: number[], scale: number) => tf.variable(tf.randomNormal(shape, 0, scale, "float32", rng.seed()));
    const p = {
      k1: init([3, 3, 1, 8], 0.3),
      b1: init([8], 0.1),
      k2: init([3, 3, 8, 8], 0.1),
      b2: init([8], 0.1),
      w: init([2 * 2 * 8, 10], 0.1),
      b: init([10], 0.1),
    };
    const x = tf.randomUniform([batch, 14, 14, 1], 0, 1, "float32", rng.seed());
    const labels = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, () => rng.int(10)),
        "int32",
      ),
      10,
    );
    const forward = (input: tf.Tensor) => {
      let h = tf.relu(tf.add(tf.conv2d(input as tf.Tensor4D, p.k1 as tf.Tensor4D, 1, "valid"), p.b1)) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, "valid");
      h = tf.fused.conv2d({ x: h, filter: p.k2 as tf.Tensor4D, strides: 1, pad: "valid", bias: p.b2, activation: "relu" });
      h = tf.maxPool(h, 2, 2, "valid");
      return tf.fused.matMul({ a: tf.reshape(h, [batch, -1]) as tf.Tensor2D, b: p.w as tf.Tensor2D, bias: p.b });
    };
    const loss = (input: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, forward(input)) as tf.Scalar;
    const step = () => {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(x));
        for (const [name, g] of Object.entries(grads)) {
          const v = tf.engine().registeredVariables[name];
          v.assign(tf.sub(v, tf.mul(g, 0.01)));
        }
        const adversarial = tf.clipByValue(tf.add(x, tf.mul(tf.sign(tf.grad(loss)(x)), 0.1)), 0, 1);
        adversarial.dataSync();
      });
    };
    for (let i = 0; i < 5; i++) step();
    const before = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, buffers: backendDataIds(), heap: heapBytes() };
    for (let i = 0; i < 50; i++) step();
    const after = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, buffers: backendDataIds(), heap: heapBytes() };
    assert.deepEqual(after, before, `${backendLabel()}: memory changed over 50 steps`);
    tf.dispose([x, labels, ...Object.values(p)]);
  });
});
