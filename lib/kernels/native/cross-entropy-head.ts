// The cross-entropy head of ../cross-entropy-head.ts on the native addon, registered on the wasm backend.
import * as tf from "@tensorflow/tfjs";
import { CROSS_ENTROPY_HEAD } from "../cross-entropy-head";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

/** Register it on the wasm backend (idempotent; an addon built before it has none). */
export function registerNativeCrossEntropyHead(addon: OnednnAddon): void {
  if (typeof addon.crossEntropyHead !== "function" || tf.getKernel(CROSS_ENTROPY_HEAD, "wasm") !== undefined) return;
  tf.registerKernel({
    kernelName: CROSS_ENTROPY_HEAD,
    backendName: "wasm",
    kernelFunc: (args) => {
      const { logits, oneHot } = args.inputs as Record<"logits" | "oneHot", tf.TensorInfo>;
      const [rows, classes] = logits.shape;
      const wasm = wasmInternals(args.backend);
      const value = wasm.makeOutput([rows], "float32");
      const dLogits = wasm.makeOutput([rows, classes], "float32");
      // Offsets after both makeOutput calls: an allocation may have grown (and replaced) the heap.
      const at = (t: tf.TensorInfo) => byteOffset(wasm, t);
      addon.crossEntropyHead(heapBuffer(wasm), Float64Array.of(rows, classes, at(logits), at(oneHot), at(value), at(dLogits)));
      return [value, dLogits];
    },
  });
}
