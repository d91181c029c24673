// Native Sign (the step direction of every PGD iteration; the wasm kernel is a slow scalar loop).
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

export function nativeSign(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === "float32") {
      const wasm = wasmInternals(args.backend);
      const y = wasm.makeOutput(x.shape, "float32");
      const size = tf.util.sizeFromShape(x.shape);
      if (size > 0) addon.sign(heapBuffer(wasm), Float64Array.of(size, byteOffset(wasm, x), byteOffset(wasm, y)));
      return y;
    }
    if (previous === undefined) throw new Error("Sign: no wasm kernel to fall back to");
    return previous(args);
  };
}
