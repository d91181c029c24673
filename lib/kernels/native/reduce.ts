// Native Sum and Mean of float32 tensors whose reduced axes are adjacent (all axes, trailing, leading
// or a middle block): double accumulators in vector registers (native/src/reduce.cc), as accurate as the
// float64 loop of wasm-reduce.ts and 2-8x faster than it and than the stock float32 loop (128 rows of 784:
// 9 µs against 48 and 55). Other axis sets, other dtypes, reductions of at most FLOAT32_RUN values per
// output and reductions too small to pay for the call go to the kernel registered before.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { FLOAT32_RUN } from "../reduce-loop";
import { adjacentReduction, reductionOf } from "../reduction-layout";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

/**
 * Below this many values the call into the addon (about 1 µs) costs more than the float64 loop in
 * JavaScript: 128 values 0.5 µs there against 1.1 native, 1024 values 1.0 against 1.0, 4096 2.4 against 1.2.
 */
const NATIVE_REDUCE_MIN_SIZE = 1024;

function nativeReduceSum(mean: boolean, addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    // The size first: most reductions on hot paths are small and go straight on.
    if (x.dtype === "float32" && tf.util.sizeFromShape(x.shape) >= NATIVE_REDUCE_MIN_SIZE) {
      const { layout, outShape } = reductionOf(x.shape, args.attrs ?? {});
      const adjacent = adjacentReduction(layout);
      if (adjacent !== null && layout.reduceSize > FLOAT32_RUN) {
        const wasm = wasmInternals(args.backend);
        const y = wasm.makeOutput(outShape, "float32");
        addon.reduceSum(heapBuffer(wasm), Float64Array.of(...adjacent, +mean, byteOffset(wasm, x), byteOffset(wasm, y)));
        return y;
      }
    }
    if (previous === undefined) throw new Error(`${mean ? "Mean" : "Sum"}: no wasm kernel to fall back to`);
    return previous(args);
  };
}

export const nativeSum = (addon: OnednnAddon, previous: KernelFunc | undefined) => nativeReduceSum(false, addon, previous);
export const nativeMean = (addon: OnednnAddon, previous: KernelFunc | undefined) => nativeReduceSum(true, addon, previous);
