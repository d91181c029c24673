// Small assertions shared by the test files.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";

/** Runs `fn` (after one warm-up call) and asserts it leaves no tensor behind once its result is disposed. */
export function assertNoLeak(fn: () => tf.TensorContainer | void, what = "function"): void {
  tf.dispose(fn() as tf.TensorContainer);
  const before = tf.memory().numTensors;
  tf.dispose(fn() as tf.TensorContainer);
  const after = tf.memory().numTensors;
  assert.equal(after, before, `${what} leaked ${after - before} tensor(s)`);
}

/** max |a − b| / max(|b|, floor), elementwise over two arrays of equal length. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  assert.equal(a.length, b.length, `length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
  }
  return worst;
}

export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, what = "values", floor = 1e-6): void {
  const err = maxRelativeError(a, b, floor);
  assert.ok(err <= tolerance, `${what}: max relative error ${err.toExponential(3)} > ${tolerance}`);
}
