// A float32 elementwise kernel of the addon (Sign, Softplus): y = op(x) over the whole tensor, in place in
// the wasm heap; other dtypes go to the wasm kernel it replaced.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

type UnaryOp = "sign" | "softplus";

export function nativeUnary(kernelName: string, op: UnaryOp) {
  return (addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc =>
    (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === "float32") {
        const wasm = wasmInternals(args.backend);
        const y = wasm.makeOutput(x.shape, "float32");
        const size = tf.util.sizeFromShape(x.shape);
        if (size > 0) addon[op](heapBuffer(wasm), Float64Array.of(size, byteOffset(wasm, x), byteOffset(wasm, y)));
        return y;
      }
      if (previous === undefined) throw new Error(`${kernelName}: no wasm kernel to fall back to`);
      return previous(args);
    };
}
