// wasm Sum, Mean and Prod of float32 tensors with float64 accumulators, over any axes.
//
// The stock kernels transpose the reduced axes innermost, then fold each output in one float32 running
// value: the mean of 47·10⁶ pixels in [0, 1] comes out 4.7 % high, and every statistic over a dataset,
// a long loss curve or a big batch inherits that. These fold in float64 straight from the heap, in
// memory order whatever the axes (reduce-loop.ts), and round once; a mean is that sum divided by the
// count, also in float64. Reductions of at most FLOAT32_RUN values per output (a softmax's 10 classes)
// stay with the stock kernels, faster there and within the same bound.
//
// Sums over leading axes (bias gradients) used to be one matrix product with a row of ones, which
// accumulates in float32 down all R rows (Fashion-MNIST's per-pixel sums over 60000 images: up to
// 1.5e-4 off). Cutting it into blocks of rows does not pay on wasm: tfjs caches XNNPACK's packed copy
// of the product's b under b's id alone, and the single product was fast because it shared that entry
// with the weight gradient h^T·dy of the same layer; a blockwise product needs a packing of its own
// (2 ms for a fresh 21632x32 dy, against 0.4-0.6 ms for this loop), and reusing the shared entry with
// another shape computes the wrong product. In a training step the loop costs no more than the product
// did (plain wasm, best of six A/B rounds in one process: MLP step 8.8 ms against 9.2, CNN 140 against 142).
//
// int32 Sum and Prod stay with the stock kernels, which add and multiply exactly in int32 (wrapping on
// overflow, as cpu's Int32Array does); an int32 Mean is folded here, exactly, from the integers. The
// native kernels (native/reduce.ts) take the Sums and Means of adjacent axes over from these.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel } from "./register";
import { Fold, FLOAT32_RUN, PRODUCT, reduceInto, SUM } from "./reduce-loop";
import { reductionOf } from "./reduction-layout";
import { byteOffset, heapBuffer, wasmInternals } from "./wasm-internals";

interface Reducer {
  fold: Fold;
  /** Divide by the number of values folded (Mean). */
  mean: boolean;
  /** Input dtypes folded here; others go to the stock kernel. */
  dtypes: tf.DataType[];
}

const REDUCERS: Record<string, Reducer> = {
  Sum: { fold: SUM, mean: false, dtypes: ["float32"] },
  Mean: { fold: SUM, mean: true, dtypes: ["float32", "int32"] },
  Prod: { fold: PRODUCT, mean: false, dtypes: ["float32"] },
};

function float64Reduction({ fold, mean, dtypes }: Reducer, previous: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!dtypes.includes(x.dtype)) return previous(args);
    const { layout, outShape } = reductionOf(x.shape, args.attrs ?? {});
    const { outSize, reduceSize } = layout;
    // (No values at all: the stock kernels leave the output unwritten.)
    if (reduceSize <= FLOAT32_RUN && reduceSize > 0) return previous(args);
    const wasm = wasmInternals(args.backend);
    const y = wasm.makeOutput(outShape, "float32");
    if (outSize === 0) return y;
    const acc = new Float64Array(outSize).fill(fold.identity);
    const heap = heapBuffer(wasm); // after the allocation, which may grow the heap
    const size = outSize * reduceSize;
    const values = x.dtype === "int32" ? new Int32Array(heap, byteOffset(wasm, x), size) : new Float32Array(heap, byteOffset(wasm, x), size);
    reduceInto(fold, values, layout, acc);
    const out = new Float32Array(heap, byteOffset(wasm, y), outSize);
    // The mean of no values is 0, as on cpu (which sums x / n).
    const divisor = mean && reduceSize > 0 ? reduceSize : 1;
    for (let k = 0; k < outSize; k++) out[k] = acc[k] / divisor;
    return y;
  };
}

/** Register the float64-accumulating Sum, Mean and Prod on the wasm backend. */
export function installWasmReductions(): void {
  for (const [kernelName, reducer] of Object.entries(REDUCERS)) {
    overrideKernel("reduce-in-float64", kernelName, "wasm", (previous) => {
      if (previous === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel to wrap`);
      return float64Reduction(reducer, previous);
    });
  }
}
