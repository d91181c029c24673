// Native MaxPool (NHWC; first maximum wins, as on cpu).
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";
import { nativeCoversConv, poolShape, sizeOf } from "./shapes";

export type PoolAttrs = {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
};

/** tfjs's pooling geometry for x, or null when the native kernels do not cover it. */
export function nativePoolInfo(x: tf.TensorInfo, attrs: PoolAttrs): tf.backend_util.Conv2DInfo | null {
  if (x.dtype !== "float32" || x.shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return nativeCoversConv(info) ? info : null;
}

export function nativeMaxPool(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const info = nativePoolInfo(x, args.attrs as unknown as PoolAttrs);
    if (info !== null) {
      const wasm = wasmInternals(args.backend);
      const y = wasm.makeOutput(info.outShape, "float32");
      if (sizeOf(info.outShape) === 0) return y;
      addon.maxPool(heapBuffer(wasm), Float64Array.of(...poolShape(info), byteOffset(wasm, x), byteOffset(wasm, y)));
      return y;
    }
    if (previous === undefined) throw new Error("MaxPool: no wasm kernel to fall back to");
    return previous(args);
  };
}
