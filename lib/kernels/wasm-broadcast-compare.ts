// wasm comparisons (Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual) of two tensors of different
// shapes, as one loop over the heap.
//
// The stock kernels broadcast through a generic per-element index computation: ~100 ns per element
// when an operand varies along an outer axis, so tf.equal([128, 784], [128, 1]) takes 10.6 ms (the
// same shapes: 0.49 ms; Sub with that broadcast: 17 µs through XNNPACK). Tensorflow.js's own gradient of
// Max, the mask x == max(x), is one of these. A JavaScript loop with per-axis strides does it at a few
// ns per element, with JavaScript's comparison semantics, which are the cpu backend's (NaN compares
// false, and unequal). Same shapes and scalar operands stay with the stock kernels.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel } from "./register";
import { byteOffset, heapBuffer, wasmInternals } from "./wasm-internals";

const COMPARISONS: Record<string, (x: number, y: number) => boolean> = {
  Equal: (x, y) => x === y,
  NotEqual: (x, y) => x !== y,
  Greater: (x, y) => x > y,
  GreaterEqual: (x, y) => x >= y,
  Less: (x, y) => x < y,
  LessEqual: (x, y) => x <= y,
};

/** Element strides of `shape` read as broadcast to `out` (0 along broadcast axes). */
function broadcastStrides(shape: number[], out: number[]): number[] {
  const padded = [...out.map(() => 1).slice(shape.length), ...shape];
  const strides = out.map(() => 0);
  for (let axis = out.length - 1, stride = 1; axis >= 0; axis--) {
    strides[axis] = padded[axis] === 1 ? 0 : stride;
    stride *= padded[axis];
  }
  return strides;
}

/** y[i] = compare(a[i'], b[i'']) over the broadcast shape, the last axis innermost. */
function compareBroadcast(
  compare: (x: number, y: number) => boolean,
  a: ArrayLike<number>,
  aStrides: number[],
  b: ArrayLike<number>,
  bStrides: number[],
  out: number[],
  y: Uint8Array,
): void {
  const rank = out.length;
  const inner = out[rank - 1];
  const aInner = aStrides[rank - 1];
  const bInner = bStrides[rank - 1];
  const index = out.map(() => 0);
  let aRow = 0;
  let bRow = 0;
  for (let at = 0; at < y.length;) {
    for (let j = 0, ia = aRow, ib = bRow; j < inner; j++, ia += aInner, ib += bInner) y[at++] = compare(a[ia], b[ib]) ? 1 : 0;
    // Odometer over the outer axes.
    for (let axis = rank - 2; axis >= 0; axis--) {
      aRow += aStrides[axis];
      bRow += bStrides[axis];
      if (++index[axis] < out[axis]) break;
      aRow -= aStrides[axis] * out[axis];
      bRow -= bStrides[axis] * out[axis];
      index[axis] = 0;
    }
  }
}

function broadcastComparison(kernelName: string, previous: KernelFunc): KernelFunc {
  const compare = COMPARISONS[kernelName];
  return (args) => {
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const sameShape = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
    const numeric = (a.dtype === "float32" || a.dtype === "int32") && b.dtype === a.dtype;
    if (sameShape || !numeric || tf.util.sizeFromShape(a.shape) <= 1 || tf.util.sizeFromShape(b.shape) <= 1) return previous(args);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const wasm = wasmInternals(args.backend);
    const y = wasm.makeOutput(shape, "bool");
    const size = tf.util.sizeFromShape(shape);
    if (size === 0) return y;
    const heap = heapBuffer(wasm); // after the allocation, which may grow the heap
    const View = a.dtype === "float32" ? Float32Array : Int32Array;
    const aValues = new View(heap, byteOffset(wasm, a), tf.util.sizeFromShape(a.shape));
    const bValues = new View(heap, byteOffset(wasm, b), tf.util.sizeFromShape(b.shape));
    compareBroadcast(
      compare,
      aValues,
      broadcastStrides(a.shape, shape),
      bValues,
      broadcastStrides(b.shape, shape),
      shape,
      new Uint8Array(heap, byteOffset(wasm, y), size),
    );
    return y;
  };
}

/** Register the broadcasting comparisons on the wasm backend. */
export function installWasmBroadcastCompare(): void {
  for (const kernelName of Object.keys(COMPARISONS)) {
    overrideKernel("compare-broadcast-on-heap", kernelName, "wasm", (previous) => {
      if (previous === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel to wrap`);
      return broadcastComparison(kernelName, previous);
    });
  }
}
