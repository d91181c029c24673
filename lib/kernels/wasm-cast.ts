// wasm Cast to the tensor's own dtype without a copy.
//
// Every ReLU gradient is mul(dy, cast(step(x), "float32")), and the wasm Cast copies even when the
// dtype does not change (9 copies of up to 11 MB per small-CNN training step). A same-dtype cast can
// share the data and count a reference, as the cpu backend's Cast does; real conversions use the stock
// kernel.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel } from "./register";

function sharingCast(previous: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (args.attrs?.dtype !== x.dtype || x.dtype === "string") return previous(args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Register the reference-counting same-dtype Cast on the wasm backend. */
export function installWasmCast(): void {
  overrideKernel("cast-same-dtype-shares-data", "Cast", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no Cast kernel to wrap");
    return sharingCast(previous);
  });
}
