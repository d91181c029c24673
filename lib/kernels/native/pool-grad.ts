// A pooling gradient kernel of the addon (MaxPoolGrad, AvgPoolGrad): the input's geometry, dy checked
// against it, dx written in place in the wasm heap; anything the native kernels do not cover goes to the
// wasm kernel it replaced.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { nativePoolInfo } from "./max-pool";
import { poolShape } from "./shapes";

/** Calls the addon with the pool shape numbers and the byte offsets of x, dy and dx. */
type PoolGradCall = (addon: OnednnAddon, heap: ArrayBuffer, shape: number[], x: number, dy: number, dx: number) => void;

export function nativePoolGrad(kernelName: string, call: PoolGradCall) {
  return (addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc =>
    (args) => {
      const dy = args.inputs.dy as tf.TensorInfo;
      const x = args.inputs.input as tf.TensorInfo;
      const info = nativePoolInfo(x, args.attrs);
      if (info !== null && dy.dtype === "float32" && info.outShape.every((d, i) => d === dy.shape[i])) {
        const wasm = wasmInternals(args.backend);
        const dx = wasm.makeOutput(x.shape, "float32");
        if (tf.util.sizeFromShape(x.shape) === 0) return dx;
        call(addon, heapBuffer(wasm), poolShape(info), byteOffset(wasm, x), byteOffset(wasm, dy), byteOffset(wasm, dx));
        return dx;
      }
      if (previous === undefined) throw new Error(`${kernelName}: no wasm kernel to fall back to`);
      return previous(args);
    };
}
