import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { fillNormal, fillUniform } from "../../lib/core/random-fill";
import { normalTensor, uniformTensor } from "../../lib/kernels/random-tensors";

// On the wasm backend the values are drawn into the tensor's heap block; elsewhere into an array.
// Either way a tensor must hold exactly the draws of its seed, and nothing may be left allocated.
describe(`kernels/random-tensors (${tf.getBackend()})`, () => {
  it("hold exactly lib/core/random-fill's draws for their seed, with the shape asked for", () => {
    const shape = [128, 784];
    const u = uniformTensor(shape, -0.3, 0.3, 11);
    const z = normalTensor(shape, 0.5, 11);
    try {
      assert.deepEqual([u.shape, u.dtype, z.shape, z.dtype], [shape, "float32", shape, "float32"]);
      assert.deepEqual(u.dataSync(), fillUniform(new Float32Array(128 * 784), 11, -0.3, 0.3));
      assert.deepEqual(z.dataSync(), fillNormal(new Float32Array(128 * 784), 11, 0.5));
      // Used by an op, the values are the tensor's (an op reads the heap block the draw wrote).
      assert.equal(tf.tidy(() => tf.max(tf.abs(u)).dataSync()[0]) <= 0.3, true);
    } finally {
      tf.dispose([u, z]);
    }
  });

  it("leave no tensor or byte allocated, also when the draw refuses its arguments", () => {
    // numDataIds counts the backend's own blocks: a heap block allocated for a refused draw shows there only.
    const before = { ...tf.memory(), blocks: tf.backend().numDataIds() };
    for (let k = 0; k < 20; k++) tf.dispose([uniformTensor([64, 100], 0, 1, k), normalTensor([3, 5, 7], 1, k)]);
    assert.throws(() => uniformTensor([4, 4], 1, 1, 0), /high must exceed low/);
    assert.throws(() => normalTensor([4, 4], NaN, 0), /scale/);
    assert.throws(() => uniformTensor([4, 4], 0, 1, -1), RangeError);
    const after = tf.memory();
    assert.deepEqual([after.numTensors, after.numBytes, tf.backend().numDataIds()], [before.numTensors, before.numBytes, before.blocks]);
  });
});
