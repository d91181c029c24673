// Native Conv2DBackpropFilter: dW = sum over im2col chunks of col^T dy, by dnnl_sgemm.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { ConvAttrs } from "./conv2d";
import { convShape, nativeCoversConv, sizeOf } from "./shapes";

export function nativeConv2DBackpropFilter(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const attrs = (args.attrs ?? {}) as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
    if (x.dtype === "float32" && dy.dtype === "float32" && x.shape.length === 4) {
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        attrs.filterShape,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? "NHWC"),
      );
      if (nativeCoversConv(info) && info.outShape.every((d, i) => d === dy.shape[i])) {
        const wasm = wasmInternals(args.backend);
        const dw = wasm.makeOutput(attrs.filterShape, "float32");
        if (sizeOf(attrs.filterShape) === 0) return dw;
        addon.conv2dBackpropFilter(heapBuffer(wasm), Float64Array.of(...convShape(info), byteOffset(wasm, x), byteOffset(wasm, dy), byteOffset(wasm, dw)));
        return dw;
      }
    }
    if (previous === undefined) throw new Error("Conv2DBackpropFilter: no wasm kernel to fall back to");
    return previous(args);
  };
}
