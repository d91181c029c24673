// Identity and same-dtype Cast share data on wasm (as on cpu) instead of copying it: values, lifetimes
// and conversions must be exactly those of the copying kernels.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { backendDataIds } from "./reference";

describe(`kernels: Identity / Cast sharing data [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("a clone keeps its values after the original is disposed, and frees them with the last owner", () => {
    const buffers = backendDataIds();
    const x = tf.tensor([1.5, -2, 3]);
    const y = tf.clone(x);
    const z = tf.cast(x, "float32");
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3]);
    y.dispose();
    assert.deepEqual(Array.from(z.dataSync()), [1.5, -2, 3]);
    z.dispose();
    assert.equal(backendDataIds(), buffers);
  });

  it("a variable assigned from a clone does not change the clone's source", () => {
    const source = tf.tensor([1, 2]);
    const v = tf.variable(tf.clone(source));
    v.assign(tf.tensor([5, 6]));
    assert.deepEqual(Array.from(source.dataSync()), [1, 2]);
    assert.deepEqual(Array.from(v.dataSync()), [5, 6]);
    tf.dispose([source, v]);
  });

  it("casts that change the dtype still convert", () => {
    const i = tf.tensor([1, -2, 3], undefined, "int32");
    const f = tf.cast(i, "float32");
    const back = tf.cast(tf.tensor([1.7, -2.2]), "int32");
    assert.equal(f.dtype, "float32");
    assert.deepEqual(Array.from(f.dataSync()), [1, -2, 3]);
    assert.deepEqual(Array.from(back.dataSync()), [1, -2]);
    tf.dispose([i, f, back]);
  });
});
