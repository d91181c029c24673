// Native Softplus, vectorised (the wasm kernel calls exp and log one value at a time: 25 ms for the
// 1.4·10⁶ activations of E3's small CNN, half of its PGD step). Accurate to a few ulp at every x,
// native/src/elementwise.cc says how.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

export function nativeSoftplus(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === "float32") {
      const wasm = wasmInternals(args.backend);
      const y = wasm.makeOutput(x.shape, "float32");
      const size = tf.util.sizeFromShape(x.shape);
      if (size > 0) addon.softplus(heapBuffer(wasm), Float64Array.of(size, byteOffset(wasm, x), byteOffset(wasm, y)));
      return y;
    }
    if (previous === undefined) throw new Error("Softplus: no wasm kernel to fall back to");
    return previous(args);
  };
}
