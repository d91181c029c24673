// Max, Min, ArgMax and ArgMin on the active backend are exact: they compare, never round, so every
// backend must return exactly the float64 reference's value or the first index of it, over every axis
// set, with ties, on a large tensor, and with NaN as cpu treats it (Max / Min propagate it, ArgMax /
// ArgMin never move to it).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { allAxisSets, foldReference } from "./fold-reference";
import { backendLabel } from "./reference";

/** Index along `axis` of the first maximum (or minimum) of every line of `values` (row-major `shape`). */
function argReference(values: Float32Array, shape: number[], axis: number, max: boolean): Int32Array {
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      for (let k = 1; k < shape[axis]; k++) {
        const v = values[(o * shape[axis] + k) * inner + i];
        const b = values[(o * shape[axis] + best) * inner + i];
        if (max ? v > b : v < b) best = k;
      }
      out[o * inner + i] = best;
    }
  }
  return out;
}

describe(`kernels: Max / Min / ArgMax / ArgMin are exact [${process.env.AT_BACKEND ?? "default"}]`, () => {
  const rng = new Rng(71);
  const shape = [6, 35, 4, 50];
  // Multiples of 1/8: many ties.
  const values = Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => Math.round(8 * rng.normal()) / 8);

  let tensors = 0;
  beforeEach(() => (tensors = tf.memory().numTensors));
  afterEach(() => assert.equal(tf.memory().numTensors, tensors, "tensors leaked"));

  it("Max and Min over every axis set, positive and negative axes, with and without keepDims", () => {
    const x = tf.tensor(values, shape);
    allAxisSets(4)
      .filter((axes) => axes.length > 0)
      .forEach((axes, i) => {
        const axis = i % 2 === 1 ? axes.map((a) => a - 4) : axes;
        for (const [kind, op] of [
          ["max", tf.max],
          ["min", tf.min],
        ] as const) {
          const expected = foldReference(values, shape, axes, kind).value;
          for (const keepDims of [false, true]) {
            const y = op(x, axis, keepDims);
            assert.deepEqual(Array.from(y.dataSync()), Array.from(expected), `${backendLabel()} ${kind} axis ${JSON.stringify(axis)} keepDims=${keepDims}`);
            y.dispose();
          }
        }
      });
    x.dispose();
  });

  it("ArgMax and ArgMin along every axis: the first extreme index", () => {
    const x = tf.tensor(values, shape);
    for (let axis = 0; axis < 4; axis++) {
      for (const [max, op] of [
        [true, tf.argMax],
        [false, tf.argMin],
      ] as const) {
        const y = op(x, axis % 2 === 0 ? axis : axis - 4);
        assert.deepEqual(
          Array.from(y.dataSync()),
          Array.from(argReference(values, shape, axis, max)),
          `${backendLabel()} arg${max ? "Max" : "Min"} axis ${axis}`,
        );
        y.dispose();
      }
    }
    x.dispose();
  });

  it("10⁷ values: the global extremes and the per-row and per-column arg-extremes", () => {
    const big = [1000, 10_000];
    const data = new Float32Array(big[0] * big[1]);
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform();
    data[1234567] = 2;
    data[7654321] = -1;
    const x = tf.tensor(data, big);
    const values = (op: () => tf.Tensor) => tf.tidy(() => Array.from(op().dataSync()));
    assert.deepEqual(
      values(() => tf.max(x)),
      [2],
    );
    assert.deepEqual(
      values(() => tf.min(x)),
      [-1],
    );
    assert.deepEqual(
      values(() => tf.argMax(tf.reshape(x, [-1]))),
      [1234567],
    );
    assert.deepEqual(
      values(() => tf.argMax(x, 1)),
      Array.from(argReference(data, big, 1, true)),
    );
    assert.deepEqual(
      values(() => tf.argMin(x, 0)),
      Array.from(argReference(data, big, 0, false)),
    );
    tf.dispose(x);
  });

  it("NaN: Max and Min return it, ArgMax and ArgMin never move to it, as on cpu", () => {
    const x = tf.tensor([
      [1, NaN, 3],
      [NaN, -2, 0],
    ]);
    const values = (op: () => tf.Tensor) => tf.tidy(() => Array.from(op().dataSync()));
    assert.deepEqual(
      values(() => tf.max(x, 1)),
      [NaN, NaN],
    );
    assert.deepEqual(
      values(() => tf.min(x, 0)),
      [NaN, NaN, 0],
    );
    // The search starts at the first value and moves only to a strictly greater (smaller) one: never to a
    // NaN, and never away from a leading one.
    assert.deepEqual(
      values(() => tf.argMax(x, 1)),
      [2, 0],
    );
    assert.deepEqual(
      values(() => tf.argMin(x, 1)),
      [0, 0],
    );
    x.dispose();
  });
});
