// wasm Add / Sub / Multiply / RealDiv of a tensor and a per-channel vector, on wider rows.
//
// A bias add, x[..., C] + b[C], runs XNNPACK's broadcasting kernel once per row of C values: with the
// small channel counts of a CNN that is call overhead, 0.44 ms for 128x13x13x32 + [32] against 0.12 ms
// for two tensors of that size. Viewing x as rows of k·C values and tiling b k times gives the same
// elementwise result (entry j of a wide row still meets b[j mod C]) on rows XNNPACK handles well:
// 0.12 ms with rows of 512-1024 values. The tiled vector is copied on the heap directly (the wasm Tile
// kernel takes 66 µs even for 1024 values, as long as a whole 128x128 bias add). Other shapes and
// dtypes use the stock kernel.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, view } from "./register";
import { byteOffset, heapBuffer, wasmInternals } from "./wasm-internals";

/** Rows of this many values or more already run at full speed. */
const WIDE_ROW = 512;
/** Below this many values the tiled copy costs more than it saves. */
const MIN_SIZE = 1 << 14;

/** Whether `shape` is [C] or [1, ..., 1, C]. */
const isChannelVector = (shape: number[], channels: number) =>
  shape.length >= 1 && shape[shape.length - 1] === channels && shape.slice(0, -1).every((d) => d === 1);

/** The largest k with k·channels ≤ 2·WIDE_ROW that divides rows (1 when none helps). */
function widening(rows: number, channels: number): number {
  for (let k = Math.floor((2 * WIDE_ROW) / channels); k > 1; k--) if (rows % k === 0) return k;
  return 1;
}

/** A new float32 tensor holding `vector` (C values) k times over. */
function tiledOnHeap(backend: unknown, vector: tf.TensorInfo, channels: number, k: number): tf.TensorInfo {
  const wasm = wasmInternals(backend);
  const tiled = wasm.makeOutput([k * channels], "float32");
  const heap = new Float32Array(heapBuffer(wasm)); // after the allocation, which may grow the heap
  const from = byteOffset(wasm, vector) / 4;
  const to = byteOffset(wasm, tiled) / 4;
  for (let r = 0; r < k; r++) heap.copyWithin(to + r * channels, from, from + channels);
  return tiled;
}

function widenedChannelBroadcast(previous: KernelFunc): KernelFunc {
  return (args) => {
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const channels = shape[shape.length - 1];
    const size = tf.util.sizeFromShape(shape);
    if (a.dtype !== "float32" || b.dtype !== "float32" || shape.length < 2 || channels >= WIDE_ROW || size < MIN_SIZE) return previous(args);
    // Which operand is the full tensor and which the vector (either order: Sub and RealDiv are not symmetric).
    const aFull = tf.util.sizeFromShape(a.shape) === size;
    const bFull = tf.util.sizeFromShape(b.shape) === size;
    if (aFull === bFull || !isChannelVector(aFull ? b.shape : a.shape, channels)) return previous(args);
    const k = widening(size / channels, channels);
    if (k === 1) return previous(args);
    const wide = [size / (k * channels), k * channels];
    const vector = tiledOnHeap(args.backend, aFull ? b : a, channels, k);
    try {
      const inputs = aFull ? { a: view(a, wide), b: vector } : { a: vector, b: view(b, wide) };
      return view(previous({ ...args, inputs }) as tf.TensorInfo, shape);
    } finally {
      wasmInternals(args.backend).disposeData(vector.dataId);
    }
  };
}

/** Register the widened per-channel broadcast for the wasm backend's XNNPACK arithmetic kernels. */
export function installWasmChannelBroadcast(): void {
  for (const kernelName of ["Add", "Sub", "Multiply", "RealDiv"]) {
    overrideKernel("channel-broadcast-on-wide-rows", kernelName, "wasm", (previous) => {
      if (previous === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel to wrap`);
      return widenedChannelBroadcast(previous);
    });
  }
}
