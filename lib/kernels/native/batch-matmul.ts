// Native BatchMatMul: every transpose combination and batch broadcast, one dnnl_sgemm per batch.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

export interface MatMulOperands {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  bias?: tf.TensorInfo;
  relu: boolean;
}

/** Row-major index of each batch of `outer` in the (broadcast) batch dims `dims`. */
function batchIndex(outer: number[], dims: number[], flat: number): number {
  let index = 0;
  let stride = 1;
  let rest = flat;
  for (let axis = outer.length - 1; axis >= 0; axis--) {
    const coordinate = rest % outer[axis];
    rest = Math.floor(rest / outer[axis]);
    const own = axis - (outer.length - dims.length);
    if (own >= 0) {
      if (dims[own] !== 1) index += coordinate * stride;
      stride *= dims[own];
    }
  }
  return index;
}

/**
 * out = op(a) op(b) (+ bias) (relu) on the wasm heap. Returns null when the addon does not cover the
 * operands (non-float32, rank < 2), so the caller falls back.
 */
export function nativeMatMul(addon: OnednnAddon, backend: unknown, o: MatMulOperands): tf.TensorInfo | null {
  const { a, b, transposeA, transposeB, bias, relu } = o;
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return null;
  const wasm = wasmInternals(backend);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = tf.util.sizeFromShape(outer);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const out = wasm.makeOutput([...outer, m, n], "float32");
  if (batch * m * n === 0) return out;
  // Offsets after makeOutput: the allocation may have grown (and replaced) the heap.
  const heap = heapBuffer(wasm);
  const [offA, offB, offOut] = [byteOffset(wasm, a), byteOffset(wasm, b), byteOffset(wasm, out)];
  const offBias = bias === undefined ? -1 : byteOffset(wasm, bias);
  const simple = (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
  if (simple) {
    const strideA = batchA === 1 ? 0 : m * k;
    const strideB = batchB === 1 ? 0 : k * n;
    addon.matMul(heap, Float64Array.of(batch, m, n, k, strideA, strideB, +transposeA, +transposeB, +relu, offA, offB, offBias, offOut));
    return out;
  }
  // General broadcasting ([2, 1, ...] with [1, 3, ...]): one product per output batch.
  for (let i = 0; i < batch; i++) {
    const ia = batchIndex(outer, outerA, i);
    const ib = batchIndex(outer, outerB, i);
    addon.matMul(
      heap,
      Float64Array.of(1, m, n, k, 0, 0, +transposeA, +transposeB, +relu, offA + 4 * ia * m * k, offB + 4 * ib * k * n, offBias, offOut + 4 * i * m * n),
    );
  }
  return out;
}

export function nativeBatchMatMul(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const attrs = args.attrs ?? {};
    const out = nativeMatMul(addon, args.backend, {
      a: args.inputs.a as tf.TensorInfo,
      b: args.inputs.b as tf.TensorInfo,
      transposeA: attrs.transposeA === true,
      transposeB: attrs.transposeB === true,
      relu: false,
    });
    if (out !== null) return out;
    if (previous === undefined) throw new Error("BatchMatMul: no wasm kernel to fall back to");
    return previous(args);
  };
}
