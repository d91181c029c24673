// Classifier.valueAndInputGradient (the model's own backward pass, which attacks use instead of the tape)
// against tf.valueAndGrad of the same objective on the active backend, for every activation, with a
// targeted (negated) head, a rank-4 input, and no tensor left behind.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { ACTIVATIONS } from "../../lib/models/activations";
import { mlp } from "../../lib/models/mlp";
import { tensorRelativeError as relativeOf } from "../kernels/reference";
import { crossEntropyAndLogitGradient, crossEntropyFromOneHot, oneHotLabels } from "../../lib/losses/cross-entropy";

describe(`models: the MLP's tape-free input gradient vs tf.valueAndGrad [${process.env.AT_BACKEND ?? "default"}]`, () => {
  for (const activation of ACTIVATIONS) {
    for (const targeted of [false, true]) {
      it(`${activation}${targeted ? ", targeted" : ""}: value and ∇ₓ within 1e-5 of the tape's`, () => {
        const model = mlp({ inputShape: [6, 6, 1], hidden: [32, 16], numClasses: 5, activation, seed: 3 });
        const rng = new Rng(17);
        const x = tf.tensor4d(
          Array.from({ length: 24 * 36 }, () => rng.uniform()),
          [24, 6, 6, 1],
        );
        const oneHot = oneHotLabels(
          tf.tensor1d(
            Array.from({ length: 24 }, (_, n) => n % 5),
            "int32",
          ),
          5,
        );
        const sign = targeted ? -1 : 1;
        const before = tf.memory().numTensors;
        const fast = model.valueAndInputGradient!(x, (logits) => {
          const { value, dLogits } = crossEntropyAndLogitGradient(logits, oneHot);
          return { value: tf.mul(value, sign) as tf.Tensor1D, dLogits: tf.mul(dLogits, sign) as tf.Tensor2D };
        });
        assert.equal(tf.memory().numTensors, before + 2, "only the value and the gradient are left");
        const taped = tf.valueAndGrad((input: tf.Tensor) => tf.mul(crossEntropyFromOneHot(model.logits(input), oneHot), sign) as tf.Tensor1D)(x);
        assert.deepEqual(fast.gradient.shape, x.shape);
        const valueError = relativeOf(fast.value, taped.value);
        const gradientError = relativeOf(fast.gradient, taped.grad);
        assert.ok(valueError <= 1e-6, `value differs by ${valueError} (relative)`);
        assert.ok(gradientError <= 1e-5, `∇ₓ differs by ${gradientError} (relative to its largest entry)`);
        assert.ok(tf.max(tf.abs(taped.grad)).dataSync()[0] > 1e-4, "the gradient is not trivially zero");
        tf.dispose([x, oneHot, fast.value, fast.gradient, taped.value, taped.grad]);
        model.dispose();
      });
    }
  }
});
