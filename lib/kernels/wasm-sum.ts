// wasm Sum over leading axes as one matrix product.
//
// A bias gradient sums dy over every axis but the channels (axes 0, 1, 2 of an NHWC conv output). The
// wasm kernel first transposes the reduced axes innermost, then sums: 6-8 ms for 128x26x26x32. Reducing
// a leading block of axes is a product with a row of ones, ones[1, R] * x[R, C], which XNNPACK (or the
// native GEMM) does in about 0.5 ms. Other axis sets and non-float32 tensors use the stock kernel.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, view, withScope } from "./register";

function leadingAxesSum(previous: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const attrs = args.attrs ?? {};
    const rank = x.shape.length;
    if (x.dtype !== "float32" || rank < 2) return previous(args);
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const sorted = [...new Set(axes)].sort((a, b) => a - b);
    // A leading block 0..k-1 with something left over; the stock kernel handles the rest well.
    if (sorted.length === 0 || sorted.length >= rank || sorted.some((axis, i) => axis !== i)) return previous(args);
    const reduced = x.shape.slice(0, sorted.length).reduce((p, d) => p * d, 1);
    const kept = x.shape.slice(sorted.length);
    const columns = kept.reduce((p, d) => p * d, 1);
    if (reduced < 2 || columns === 0) return previous(args);
    const outShape = attrs.keepDims === true ? [...sorted.map(() => 1), ...kept] : kept;
    return withScope("wasm", args.backend, (scope) => {
      const ones = scope.run("Fill", {}, { shape: [1, reduced], value: 1, dtype: "float32" });
      const sums = scope.run("BatchMatMul", { a: ones, b: view(x, [reduced, columns]) }, { transposeA: false, transposeB: false });
      return view(scope.keep(sums), outShape);
    });
  };
}

/** Register the leading-axes Sum on the wasm backend. */
export function installWasmSum(): void {
  overrideKernel("sum-leading-axes-as-matmul", "Sum", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no Sum kernel to wrap");
    return leadingAxesSum(previous);
  });
}
