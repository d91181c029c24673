// wasm Identity without a copy.
//
// The engine runs Identity on every tensor a gradient saves for the backward pass (engine.clone), and
// the wasm kernel copies the data each time: 29 copies per small-CNN training step, up to 11 MB each,
// 4-6 ms of the step. tfjs tensors are immutable (a variable's assign swaps in new data rather than
// writing in place), so the copy can share the data and count a reference instead, which is what the
// cpu backend's Identity does.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel } from "./register";

function sharingIdentity(previous: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === "string") return previous(args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Register the reference-counting Identity on the wasm backend. */
export function installWasmIdentity(): void {
  overrideKernel("identity-shares-data", "Identity", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no Identity kernel to wrap");
    return sharingIdentity(previous);
  });
}
