// The oracle of the kernel tests: the stock cpu kernel, run in the same process on the same inputs.
//
// Inputs are plain arrays made from a seeded Rng. The kernel under test runs through the engine on the
// active backend (so the registered replacement, native or fix, is what runs); the reference runs the
// kernel tfjs's cpu backend shipped (before any replacement) directly on cpu tensor data.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../../lib/backend";
import { stockKernel } from "../../lib/kernels";
import { Rng } from "../../lib/core/rng";

export const TOLERANCE = 1e-5;

export interface HostTensor {
  shape: number[];
  dtype: "float32" | "int32";
  values: Float32Array | Int32Array;
}

export const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Standard normal float32 values from `rng`. */
export function normal(rng: Rng, shape: number[]): HostTensor {
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return { shape, dtype: "float32", values };
}

/** Small integers after a ReLU (mostly 0, 1, 2): max pooling windows full of ties. */
export function tied(rng: Rng, shape: number[]): HostTensor {
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = Math.max(0, Math.round(rng.normal()));
  return { shape, dtype: "float32", values };
}

/** A random permutation of distinct values: no two equal, so no ties anywhere. */
export function distinct(rng: Rng, shape: number[]): HostTensor {
  const order = rng.permutation(sizeOf(shape));
  return { shape, dtype: "float32", values: Float32Array.from(order, (v) => v / order.length - 0.5) };
}

/** max |actual − expected| / max |expected|: error relative to the output's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isFinite(expected[i])) scale = Math.max(scale, Math.abs(expected[i]));
    // Equal infinities and NaN against NaN are exact; other non-finite values count as infinitely wrong.
    if (actual[i] === expected[i] || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) continue;
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return scale === 0 ? worst : worst / scale;
}

/** relativeError of two tensors' values. */
export function tensorRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return relativeError(actual.dataSync(), expected.dataSync());
}

/** The stock cpu kernel's output on `inputs`. */
export function cpuReference(kernelName: string, inputs: Record<string, HostTensor>, attrs: Record<string, unknown>): HostTensor {
  const cpu = tf.findBackend("cpu") as tf.KernelBackend & {
    makeTensorInfo(shape: number[], dtype: string, values: ArrayLike<number>): tf.TensorInfo;
    firstUse?: boolean;
  };
  cpu.firstUse = false; // no "running TensorFlow.js in Node.js" banner in the test output
  const kernel = stockKernel(kernelName, "cpu");
  if (kernel === undefined) throw new Error(`cpu has no ${kernelName} kernel`);
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [name, t] of Object.entries(inputs)) infos[name] = cpu.makeTensorInfo(t.shape, t.dtype, t.values);
  try {
    const out = kernel({ inputs: infos, backend: cpu, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    const values = cpu.readSync(out.dataId) as Float32Array | Int32Array;
    cpu.disposeData(out.dataId);
    return { shape: out.shape, dtype: out.dtype as "float32", values: values.slice() };
  } finally {
    for (const info of Object.values(infos)) cpu.disposeData(info.dataId);
  }
}

/** The active backend's output on `inputs`, through the engine (so replacements run). */
export function activeKernel(kernelName: string, inputs: Record<string, HostTensor>, attrs: Record<string, unknown>): HostTensor {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) tensors[name] = tf.tensor(t.values, t.shape, t.dtype);
  try {
    const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    const values = out.dataSync() as Float32Array;
    const result = { shape: out.shape, dtype: out.dtype as "float32", values: values.slice() };
    out.dispose();
    return result;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/**
 * Assert the active backend's `kernelName` matches the stock cpu kernel within TOLERANCE (same shape)
 * and leaves no tensor or backend buffer behind.
 */
export function assertMatchesCpu(kernelName: string, inputs: Record<string, HostTensor>, attrs: Record<string, unknown>, what: string): void {
  const expected = cpuReference(kernelName, inputs, attrs);
  const tensors = tf.memory().numTensors;
  const buffers = backendDataIds();
  const actual = activeKernel(kernelName, inputs, attrs);
  assert.equal(tf.memory().numTensors, tensors, `${what}: tensors leaked`);
  assert.equal(backendDataIds(), buffers, `${what}: backend buffers leaked`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const err = relativeError(actual.values, expected.values);
  assert.ok(err <= TOLERANCE, `${what}: relative error ${err.toExponential(2)} > ${TOLERANCE}`);
}

/** The active backend as initBackend reports it: "cpu", "wasm" or "wasm+native". */
export const backendLabel = (): string => activeBackend();

/** Data buffers the active backend holds: kernel intermediates that were not freed show up here. */
export const backendDataIds = (): number => (tf.backend() as tf.KernelBackend).numDataIds();

/** Runs fn with `kernelName` unregistered from the active backend (a caller's fallback path). */
export function withoutKernel<T>(kernelName: string, fn: () => T): T {
  const config = tf.getKernel(kernelName, tf.getBackend()) as tf.KernelConfig;
  tf.unregisterKernel(kernelName, tf.getBackend());
  try {
    return fn();
  } finally {
    tf.registerKernel(config);
  }
}

/** max |a − b| over the elements. */
export function largestDifference(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}
