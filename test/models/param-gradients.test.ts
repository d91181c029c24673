// Classifier.valueAndParamGradients (the model's own backward pass, which the training oracle uses
// instead of the tape) against tf.variableGrads of the batch-mean cross-entropy on the active backend,
// for every activation: the logits, the per-example values, every parameter's gradient, and no tensor
// left behind. Then the training oracle's gradients against the tape on the same minibatch.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { ACTIVATIONS } from "../../lib/models/activations";
import { mlp } from "../../lib/models/mlp";
import { tensorRelativeError as relativeOf } from "../kernels/reference";
import { crossEntropyAndLogitGradient, crossEntropyFromOneHot, oneHotLabels } from "../../lib/losses/cross-entropy";
import { trainingOracle } from "../../lib/train";

function batch(rng: Rng, n: number, classes: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const x = tf.tensor4d(
    Array.from({ length: n * 36 }, () => rng.uniform()),
    [n, 6, 6, 1],
  );
  const y = tf.tensor1d(
    Array.from({ length: n }, () => rng.int(classes)),
    "int32",
  );
  return { x, y };
}

describe(`models: the MLP's tape-free parameter gradients vs tf.variableGrads [${process.env.AT_BACKEND ?? "default"}]`, () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: logits, values and every parameter's gradient within 1e-5 of the tape's`, () => {
      const model = mlp({ inputShape: [6, 6, 1], hidden: [32, 16], numClasses: 5, activation, seed: 4 });
      const { x, y } = batch(new Rng(19), 24, 5);
      const oneHot = oneHotLabels(y, 5);
      const before = tf.memory().numTensors;
      const own = model.valueAndParamGradients!(x, (logits) => crossEntropyAndLogitGradient(logits, oneHot));
      assert.equal(tf.memory().numTensors, before + 2 + model.params.length, "only the logits, the values and the gradients are left");
      const logits = model.logits(x);
      const values = crossEntropyFromOneHot(logits, oneHot);
      const taped = tf.variableGrads(() => tf.mean(crossEntropyFromOneHot(model.logits(x), oneHot)) as tf.Scalar, model.params);
      assert.ok(relativeOf(own.logits, logits) <= 1e-6, "logits");
      assert.ok(relativeOf(own.value, values) <= 1e-6, "per-example values");
      model.params.forEach((p, i) => {
        assert.deepEqual(own.grads[i].shape, p.shape, p.name);
        const error = relativeOf(own.grads[i], taped.grads[p.name]);
        assert.ok(error <= 1e-5, `${p.name}: differs by ${error} (relative to its largest entry)`);
        assert.ok(tf.max(tf.abs(taped.grads[p.name])).dataSync()[0] > 1e-5, `${p.name}: the gradient is not trivially zero`);
      });
      tf.dispose([x, y, oneHot, own.logits, own.value, ...own.grads, logits, values, taped.value, ...Object.values(taped.grads)]);
      model.dispose();
    });
  }

  it("the training oracle's loss and gradients equal the tape's on the same minibatch", () => {
    const model = mlp({ inputShape: [6, 6, 1], hidden: [16], numClasses: 3, seed: 5 });
    const data = batch(new Rng(23), 12, 3);
    const oracle = trainingOracle(model, data, { batchSize: 12, seed: 0, attack: null });
    const result = oracle({ freshBatch: true });
    // One batch of the whole set: the same examples, in some order, and the mean does not care.
    const oneHot = oneHotLabels(data.y, 3);
    const taped = tf.variableGrads(() => tf.mean(crossEntropyFromOneHot(model.logits(data.x), oneHot)) as tf.Scalar, model.params);
    assert.ok(Math.abs(result.loss - taped.value.dataSync()[0]) <= 1e-6 * Math.abs(result.loss), `loss ${result.loss}`);
    model.params.forEach((p, i) => assert.ok(relativeOf(result.grads[i], taped.grads[p.name]) <= 1e-5, p.name));
    tf.dispose([...result.grads, oneHot, taped.value, ...Object.values(taped.grads), data.x, data.y]);
    oracle.dispose();
    model.dispose();
  });
});
