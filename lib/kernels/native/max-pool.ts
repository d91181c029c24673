// Native MaxPool (NHWC; first maximum wins, as on cpu).
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { poolInfo } from "../pool-info";
import { OnednnAddon } from "./addon";
import { nativeCoversConv, poolShape } from "./shapes";

/** tfjs's pooling geometry for x, or null when the native kernels do not cover it. */
export function nativePoolInfo(x: tf.TensorInfo, attrs: unknown): tf.backend_util.Conv2DInfo | null {
  const info = poolInfo(x, attrs);
  return info !== null && nativeCoversConv(info) ? info : null;
}

export function nativeMaxPool(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const info = nativePoolInfo(x, args.attrs);
    if (info !== null) {
      const wasm = wasmInternals(args.backend);
      const y = wasm.makeOutput(info.outShape, "float32");
      if (tf.util.sizeFromShape(info.outShape) === 0) return y;
      addon.maxPool(heapBuffer(wasm), Float64Array.of(...poolShape(info), byteOffset(wasm, x), byteOffset(wasm, y)));
      return y;
    }
    if (previous === undefined) throw new Error("MaxPool: no wasm kernel to fall back to");
    return previous(args);
  };
}
