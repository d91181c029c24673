// Native Maximum and Minimum (PGD's projection onto the eps-ball runs both every step) with cpu's
// semantics; operands of the same shape or one scalar, other broadcasts fall back.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

function nativeMaximumMinimum(maximum: boolean, addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = tf.util.sizeFromShape(shape);
    const aScalar = tf.util.sizeFromShape(a.shape) === 1;
    const bScalar = tf.util.sizeFromShape(b.shape) === 1;
    const covered =
      a.dtype === "float32" &&
      b.dtype === "float32" &&
      (aScalar || tf.util.sizeFromShape(a.shape) === size) &&
      (bScalar || tf.util.sizeFromShape(b.shape) === size) &&
      (aScalar || bScalar || a.shape.length === b.shape.length);
    if (covered) {
      const wasm = wasmInternals(args.backend);
      const y = wasm.makeOutput(shape, "float32");
      if (size > 0)
        addon.maximumMinimum(
          heapBuffer(wasm),
          Float64Array.of(+maximum, size, byteOffset(wasm, a), +aScalar, byteOffset(wasm, b), +bScalar, byteOffset(wasm, y)),
        );
      return y;
    }
    if (previous === undefined) throw new Error(`${maximum ? "Maximum" : "Minimum"}: no wasm kernel to fall back to`);
    return previous(args);
  };
}

export const nativeMaximum = (addon: OnednnAddon, previous: KernelFunc | undefined) => nativeMaximumMinimum(true, addon, previous);
export const nativeMinimum = (addon: OnednnAddon, previous: KernelFunc | undefined) => nativeMaximumMinimum(false, addon, previous);
