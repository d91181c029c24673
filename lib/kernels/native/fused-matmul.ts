// Native _FusedMatMul: bias and ReLU fused into the GEMM; other activations and PReLU weights fall back.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc } from "../register";
import { OnednnAddon } from "./addon";
import { nativeMatMul } from "./batch-matmul";

export function nativeFusedMatMul(addon: OnednnAddon, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const attrs = args.attrs ?? {};
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const bias = args.inputs.bias as tf.TensorInfo | undefined;
    const activation = (attrs.activation as string | undefined) ?? "linear";
    const transposeB = attrs.transposeB === true;
    const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const covered =
      (activation === "linear" || activation === "relu") &&
      args.inputs.preluActivationWeights == null &&
      (bias == null || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === n));
    const out = covered
      ? nativeMatMul(addon, args.backend, { a, b, transposeA: attrs.transposeA === true, transposeB, bias: bias ?? undefined, relu: activation === "relu" })
      : null;
    if (out !== null) return out;
    if (previous === undefined) throw new Error("_FusedMatMul: no wasm kernel to fall back to");
    return previous(args);
  };
}
