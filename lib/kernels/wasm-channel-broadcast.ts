// wasm Add / Sub / Multiply / RealDiv of a tensor and a per-channel vector, on wider rows.
//
// A bias add, x[..., C] + b[C], runs XNNPACK's broadcasting kernel once per row of C values: with the
// small channel counts of a CNN that is call overhead, 0.44 ms for 128x13x13x32 + [32] against 0.12 ms
// for two tensors of that size. Viewing x as rows of k·C values and tiling b k times gives the same
// elementwise result (entry j of a wide row still meets b[j mod C]) on rows XNNPACK handles well:
// 0.12 ms with rows of 512-1024 values. Other shapes and dtypes use the stock kernel.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, view, withScope } from "./register";

/** Rows of this many values or more already run at full speed. */
const WIDE_ROW = 512;
/** Below this many values the extra Tile costs more than it saves. */
const MIN_SIZE = 1 << 14;

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Whether `shape` is [C] or [1, ..., 1, C]. */
const isChannelVector = (shape: number[], channels: number) =>
  shape.length >= 1 && shape[shape.length - 1] === channels && shape.slice(0, -1).every((d) => d === 1);

/** The largest k with k·channels ≤ 2·WIDE_ROW that divides rows (1 when none helps). */
function widening(rows: number, channels: number): number {
  for (let k = Math.floor((2 * WIDE_ROW) / channels); k > 1; k--) if (rows % k === 0) return k;
  return 1;
}

function widenedChannelBroadcast(previous: KernelFunc): KernelFunc {
  return (args) => {
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const channels = shape[shape.length - 1];
    const size = sizeOf(shape);
    if (a.dtype !== "float32" || b.dtype !== "float32" || shape.length < 2 || channels >= WIDE_ROW || size < MIN_SIZE) return previous(args);
    // Which operand is the full tensor and which the vector (either order: Sub and RealDiv are not symmetric).
    const aFull = sizeOf(a.shape) === size;
    const bFull = sizeOf(b.shape) === size;
    if (aFull === bFull || !isChannelVector(aFull ? b.shape : a.shape, channels)) return previous(args);
    const k = widening(size / channels, channels);
    if (k === 1) return previous(args);
    const wide = [size / (k * channels), k * channels];
    return withScope("wasm", args.backend, (scope) => {
      const vector = scope.run("Tile", { x: view(aFull ? b : a, [channels]) }, { reps: [k] });
      const inputs = aFull ? { a: view(a, wide), b: vector } : { a: vector, b: view(b, wide) };
      return view(previous({ ...args, inputs }) as tf.TensorInfo, shape);
    });
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
