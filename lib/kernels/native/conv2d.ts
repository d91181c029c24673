// Native Conv2D: im2col in bounded chunks + dnnl_sgemm (NHWC, any stride, dilation and padding).
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { ConvAttrs, Shape4D, conv2dInfo, convShape, nativeCoversConv } from "./shapes";

/** conv(x, filter) (+ bias) (relu) on the wasm heap, or null when the addon does not cover it. */
export function nativeConvolution(
  addon: OnednnAddon,
  backend: unknown,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: ConvAttrs,
  bias: tf.TensorInfo | undefined,
  relu: boolean,
): tf.TensorInfo | null {
  if (x.dtype !== "float32" || filter.dtype !== "float32" || x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const info = conv2dInfo(x.shape as Shape4D, filter.shape as Shape4D, attrs);
  if (!nativeCoversConv(info)) return null;
  if (bias !== undefined && (bias.dtype !== "float32" || bias.shape.length !== 1 || bias.shape[0] !== info.outChannels)) return null;
  const wasm = wasmInternals(backend);
  const out = wasm.makeOutput(info.outShape, "float32");
  if (tf.util.sizeFromShape(info.outShape) === 0) return out;
  const heap = heapBuffer(wasm);
  const offBias = bias === undefined ? -1 : byteOffset(wasm, bias);
  addon.conv2d(heap, Float64Array.of(...convShape(info), byteOffset(wasm, x), byteOffset(wasm, filter), offBias, byteOffset(wasm, out), +relu));
  return out;
}

export function nativeConv2D(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const out = nativeConvolution(
      addon,
      args.backend,
      args.inputs.x as tf.TensorInfo,
      args.inputs.filter as tf.TensorInfo,
      args.attrs as unknown as ConvAttrs,
      undefined,
      false,
    );
    if (out !== null) return out;
    if (previous === undefined) throw new Error("Conv2D: no wasm kernel to fall back to");
    return previous(args);
  };
}
