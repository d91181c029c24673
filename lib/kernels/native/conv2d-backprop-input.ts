// Native Conv2DBackpropInput: dcol = dy W^T by dnnl_sgemm, scattered back with col2im, in chunks.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { ConvAttrs, Shape4D, conv2dInfo, convShape, nativeCoversConv } from "./shapes";

export function nativeConv2DBackpropInput(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const attrs = (args.attrs ?? {}) as unknown as ConvAttrs & { inputShape: Shape4D };
    if (dy.dtype === "float32" && filter.dtype === "float32" && dy.shape.length === 4) {
      const info = conv2dInfo(attrs.inputShape, filter.shape as Shape4D, attrs, 1);
      if (nativeCoversConv(info) && info.outShape.every((d, i) => d === dy.shape[i])) {
        const wasm = wasmInternals(args.backend);
        const dx = wasm.makeOutput(info.inShape, "float32");
        if (tf.util.sizeFromShape(info.inShape) === 0) return dx;
        addon.conv2dBackpropInput(heapBuffer(wasm), Float64Array.of(...convShape(info), byteOffset(wasm, dy), byteOffset(wasm, filter), byteOffset(wasm, dx)));
        return dx;
      }
    }
    if (previous === undefined) throw new Error("Conv2DBackpropInput: no wasm kernel to fall back to");
    return previous(args);
  };
}
