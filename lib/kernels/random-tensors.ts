// Seeded random tensors (lib/core/random-fill.ts's draws) written straight into the tensor's memory.
//
// Why not tf.tensor(new Float32Array(n)): a fresh 400 KB array per attack start costs more than drawing
// its values (measured: ~1 ms for 128×784 on wasm, against ~0.4 ms for the uniform draw itself), since
// every such buffer is external memory the garbage collector must reclaim. On the wasm backend the
// values are drawn into a heap block allocated for the output instead; other backends take the array.
import * as tf from "@tensorflow/tfjs";
import { fillNormal, fillUniform } from "../core/random-fill";
import { heapBuffer, wasmInternals } from "./wasm-internals";

/** A float32 tensor of `shape` whose values `fill` writes into the array it is given (of the tensor's size). */
function filledTensor(shape: readonly number[], fill: (out: Float32Array) => void): tf.Tensor {
  const size = shape.reduce((n, s) => n * s, 1);
  if (tf.getBackend() !== "wasm") {
    const values = new Float32Array(size);
    fill(values);
    return tf.tensor(values, [...shape], "float32");
  }
  const backend = wasmInternals(tf.backend());
  const info = backend.makeOutput([...shape], "float32");
  const memoryOffset = backend.dataIdMap.get(info.dataId)?.memoryOffset;
  if (memoryOffset === undefined) throw new Error("the wasm backend did not allocate the output");
  try {
    fill(new Float32Array(heapBuffer(backend), memoryOffset, size)); // the heap as it is after the allocation
  } catch (error) {
    backend.disposeData(info.dataId);
    throw error;
  }
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** A float32 tensor of independent N(0, stdDev²) values, fixed by `seed` (the same on every backend). */
export function normalTensor(shape: readonly number[], stdDev: number, seed: number): tf.Tensor {
  return filledTensor(shape, (out) => fillNormal(out, seed, stdDev));
}

/** A float32 tensor of independent values uniform on [low, high), fixed by `seed` (the same on every backend). */
export function uniformTensor(shape: readonly number[], low: number, high: number, seed: number): tf.Tensor {
  return filledTensor(shape, (out) => fillUniform(out, seed, low, high));
}
