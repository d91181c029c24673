// The update-step kernels of ../steps.ts on the native addon, registered on the wasm backend.
import * as tf from "@tensorflow/tfjs";
import type { KernelFunc } from "../register";
import { PROJECTED_STEP, SGD_UPDATE, type ProjectedStepAttrs, type SgdUpdateAttrs } from "../steps";
import { byteOffset, heapBuffer, wasmInternals } from "../wasm-internals";
import { OnednnAddon } from "./addon";

function projectedStep(addon: OnednnAddon): KernelFunc {
  return (args) => {
    const { point, gradient, origin } = args.inputs as Record<"point" | "gradient" | "origin", tf.TensorInfo>;
    const a = args.attrs as unknown as ProjectedStepAttrs;
    const wasm = wasmInternals(args.backend);
    const out = wasm.makeOutput(point.shape, "float32");
    const rows = point.shape[0];
    const cols = rows === 0 ? 0 : tf.util.sizeFromShape(point.shape) / rows;
    const at = (t: tf.TensorInfo) => byteOffset(wasm, t);
    addon.projectedStep(
      heapBuffer(wasm),
      Float64Array.of(a.norm === "linf" ? 1 : 0, rows, cols, a.eps, a.stepSize, a.low, a.high, at(point), at(gradient), at(origin), at(out)),
    );
    return out;
  };
}

function sgdUpdate(addon: OnednnAddon): KernelFunc {
  return (args) => {
    const { param, grad, velocity } = args.inputs as Record<"param" | "grad" | "velocity", tf.TensorInfo | undefined>;
    const a = args.attrs as unknown as SgdUpdateAttrs;
    const p = param as tf.TensorInfo;
    const wasm = wasmInternals(args.backend);
    const paramOut = wasm.makeOutput(p.shape, "float32");
    const velocityOut = velocity === undefined ? null : wasm.makeOutput(p.shape, "float32");
    const at = (t: tf.TensorInfo | null | undefined) => (t === null || t === undefined ? -1 : byteOffset(wasm, t));
    const size = tf.util.sizeFromShape(p.shape);
    addon.sgdUpdate(
      heapBuffer(wasm),
      Float64Array.of(size, a.lr, a.momentum, a.weightDecay, a.nesterov ? 1 : 0, at(p), at(grad), at(velocity), at(paramOut), at(velocityOut)),
    );
    return velocityOut === null ? [paramOut] : [paramOut, velocityOut];
  };
}

/** Register both on the wasm backend (idempotent; an addon built before them has neither). */
export function registerNativeSteps(addon: OnednnAddon): void {
  if (typeof addon.projectedStep !== "function" || typeof addon.sgdUpdate !== "function") return;
  for (const [kernelName, make] of [
    [PROJECTED_STEP, projectedStep],
    [SGD_UPDATE, sgdUpdate],
  ] as const) {
    if (tf.getKernel(kernelName, "wasm") === undefined) tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: make(addon) });
  }
}
