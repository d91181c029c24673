// Native AvgPoolGrad: each window's gradient spread over its filter's pixels, overlaps adding up, as on
// cpu (the mean pooling of E3's small CNN; the wasm kernel took 17 ms where this takes about 1).
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { nativePoolInfo } from "./max-pool";
import { poolShape } from "./shapes";

export function nativeAvgPoolGrad(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const x = args.inputs.input as tf.TensorInfo;
    const info = nativePoolInfo(x, args.attrs);
    if (info !== null && dy.dtype === "float32" && info.outShape.every((d, i) => d === dy.shape[i])) {
      const wasm = wasmInternals(args.backend);
      const dx = wasm.makeOutput(x.shape, "float32");
      if (tf.util.sizeFromShape(x.shape) === 0) return dx;
      addon.avgPoolGrad(heapBuffer(wasm), Float64Array.of(...poolShape(info), byteOffset(wasm, dy), byteOffset(wasm, dx)));
      return dx;
    }
    if (previous === undefined) throw new Error("AvgPoolGrad: no wasm kernel to fall back to");
    return previous(args);
  };
}
