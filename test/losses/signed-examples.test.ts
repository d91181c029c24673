import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { signedExamples } from "../../lib/losses/signed-examples";
import { meanAdversarialLoss } from "../../lib/losses/adversarial-linear";
import { linear } from "../../lib/models/linear";

describe("losses/signed-examples (0/1 data in the layout of the T1 closed forms)", () => {
  it("arrays: rows kept, labels 0/1 become −1/+1", () => {
    const s = signedExamples([1, 2, 3, 4, 5, 6], [0, 1, 1], 2);
    assert.deepEqual(Array.from(s.X.data), [1, 2, 3, 4, 5, 6]);
    assert.equal(s.X.d, 2);
    assert.deepEqual(Array.from(s.y), [-1, 1, 1]);
  });

  it("tensors: the float64 closed-form loss at ε = 0 equals the binary model's cross-entropy", () => {
    const x = tf.randomUniform([6, 2, 2, 1], 0, 1, "float32", 3);
    const labels = tf.tensor1d([0, 1, 1, 0, 1, 0], "int32");
    const model = linear({ inputShape: [2, 2, 1], numClasses: 2, bias: false, seed: 1 });
    const s = signedExamples(x, labels);
    assert.equal(s.X.d, 4);
    const w = Float64Array.from(model.params[0].dataSync());
    const ce = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), model.logits(x)).dataSync()[0]);
    assert.ok(Math.abs(meanAdversarialLoss(w, s.X, s.y, 0, "l2") - ce) < 1e-6);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it("rejects labels that are not 0/1 and sizes that do not match", () => {
    assert.throws(() => signedExamples([1, 2], [2], 2), /labels\[0\] must be a class id 0 or 1, got 2/);
    assert.throws(() => signedExamples([1, 2, 3], [0, 1], 2), /2 rows of length 2/);
    assert.throws(() => signedExamples([1, 2], [0]), /d \(the row length\)/);
  });
});
