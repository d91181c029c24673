// wasm BatchMatMul / _FusedMatMul with a transpose flag.
//
// The wasm backend hands a product to XNNPACK only when transposeA = transposeB = false and the batch
// is 1; with a flag set it runs a naive triple loop, about 14x slower (matMul(a, b, true, false) for
// 128x784 by 128x256: 18.5 ms against 1.5 ms after an explicit transpose). Every matMul gradient sets a
// flag, so training hits the slow path on each step. Transposing the flagged operand with the wasm
// Transpose kernel and calling the previous kernel with both flags false is exact (same products, same
// summation) and takes the fast path.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, withScope } from "./register";

/** Permutation swapping the last two axes of a rank-`rank` tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

const batchOf = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);

function transposingMatMul(previous: KernelFunc): KernelFunc {
  return (args) => {
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const attrs = args.attrs ?? {};
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    // Batched products stay on the naive loop either way; only batch 1 gains from an explicit transpose.
    if ((!transposeA && !transposeB) || batchOf(a.shape) !== 1 || batchOf(b.shape) !== 1) return previous(args);
    return withScope("wasm", args.backend, (scope) => {
      const a2 = transposeA ? scope.run("Transpose", { x: a }, { perm: swapLastTwo(a.shape.length) }) : a;
      const b2 = transposeB ? scope.run("Transpose", { x: b }, { perm: swapLastTwo(b.shape.length) }) : b;
      return previous({
        inputs: { ...args.inputs, a: a2, b: b2 },
        backend: args.backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    });
  };
}

/** Install the explicit-transpose path for BatchMatMul and _FusedMatMul on the wasm backend. */
export function installWasmBatchMatMul(): void {
  for (const name of ["BatchMatMul", "_FusedMatMul"]) {
    overrideKernel("wasm-transposed-matmul", name, "wasm", (previous) => {
      if (previous === undefined) throw new Error(`the wasm backend has no ${name} kernel to wrap`);
      return transposingMatMul(previous);
    });
  }
}
