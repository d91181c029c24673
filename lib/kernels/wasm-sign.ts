// wasm Sign that keeps small values.
//
// The stock wasm Sign returns 0 for |x| below about 1e-7 (cpu: +-1 for any nonzero x), so PGD on wasm
// left every pixel with a tiny gradient where it was, unlike cpu; it is also a slow scalar loop
// (0.6 ms for a 128x784 batch). From fast elementwise kernels instead:
//   sign(x) = relu6(step(x)) - relu6(step(-x)),
// where step(x) is 1 for x > 0 and 0 otherwise, exact for every nonzero float, and relu6 maps the NaN
// that step passes through to 0, which is what cpu's Sign gives for NaN.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, withScope } from "./register";

function exactSign(previous: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== "float32") return previous(args);
    return withScope("wasm", args.backend, (scope) => {
      const positive = scope.run("Relu6", { x: scope.run("Step", { x }, { alpha: 0 }) });
      const negative = scope.run("Relu6", { x: scope.run("Step", { x: scope.run("Neg", { x }) }, { alpha: 0 }) });
      return scope.keep(scope.run("Sub", { a: positive, b: negative }));
    });
  };
}

/** Register the exact, fast Sign on the wasm backend. */
export function installWasmSign(): void {
  overrideKernel("sign-from-steps", "Sign", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no Sign kernel to wrap");
    return exactSign(previous);
  });
}
