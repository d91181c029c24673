// Native Conv2DBackpropFilter: dW = sum over im2col chunks of col^T dy, by dnnl_sgemm.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { ConvAttrs, Shape4D, conv2dInfo, convShape, nativeCoversConv } from "./shapes";

export function nativeConv2DBackpropFilter(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const attrs = (args.attrs ?? {}) as unknown as ConvAttrs & { filterShape: Shape4D };
    if (x.dtype === "float32" && dy.dtype === "float32" && x.shape.length === 4) {
      const info = conv2dInfo(x.shape as Shape4D, attrs.filterShape, attrs, 1);
      if (nativeCoversConv(info) && info.outShape.every((d, i) => d === dy.shape[i])) {
        const wasm = wasmInternals(args.backend);
        const dw = wasm.makeOutput(attrs.filterShape, "float32");
        if (tf.util.sizeFromShape(attrs.filterShape) === 0) return dw;
        addon.conv2dBackpropFilter(heapBuffer(wasm), Float64Array.of(...convShape(info), byteOffset(wasm, x), byteOffset(wasm, dy), byteOffset(wasm, dw)));
        return dw;
      }
    }
    if (previous === undefined) throw new Error("Conv2DBackpropFilter: no wasm kernel to fall back to");
    return previous(args);
  };
}
