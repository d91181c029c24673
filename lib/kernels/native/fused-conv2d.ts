// Native FusedConv2D: bias and ReLU fused into the GEMM; other activations and PReLU weights fall back.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { OnednnAddon } from "./addon";
import { nativeConvolution } from "./conv2d";
import { ConvAttrs } from "./shapes";

export function nativeFusedConv2D(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const attrs = (args.attrs ?? {}) as unknown as ConvAttrs & { activation?: string };
    const activation = attrs.activation ?? "linear";
    const covered = (activation === "linear" || activation === "relu") && args.inputs.preluActivationWeights == null;
    const bias = (args.inputs.bias ?? undefined) as tf.TensorInfo | undefined;
    const out = covered
      ? nativeConvolution(addon, args.backend, args.inputs.x as tf.TensorInfo, args.inputs.filter as tf.TensorInfo, attrs, bias, activation === "relu")
      : null;
    if (out !== null) return out;
    if (previous === undefined) throw new Error("FusedConv2D: no wasm kernel to fall back to");
    return previous(args);
  };
}
