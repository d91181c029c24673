// wasm MaxPoolGrad, exact as on cpu, fast for non-overlapping windows.
//
// The stock kernel loops naively (about 68 ms for 128x26x26x32, the largest kernel of a CNN step after
// the other fixes), routes ties to the last maximum where the cpu backend picks the first (ties are
// common: after a ReLU a window is often all zeros), and gets some overlapping, padded windows wrong
// outright (3x2 windows at strides 1x2 with "same" padding). So it is replaced entirely.
//
// Non-overlapping windows (stride = window size: the usual 2x2/2 pooling) use fast wasm kernels, each
// window's gradient going to its first maximum:
//   1. lay the windows out as rows: x -> [M = n*oh*ow, K = kh*kw, c] (one 4-D transpose);
//   2. notMax = step(y - x) is 1 where x is below the window maximum y and 0 at the maxima;
//   3. before = exclusive cumprod of notMax over K is 1 up to and including the first maximum;
//      first = before * (1 - notMax) is the one-hot of the first maximum;
//   4. dx = first * dy, transposed back.
// Windows are padded with -Infinity where "same" padding reaches past the input (never a maximum) and
// rows that no window reads get a zero gradient. Exact except for windows holding +-Infinity or NaN
// (y - x is then NaN). Overlapping windows, rare in practice, run cpu's algorithm as a loop over the
// wasm heap.
import * as tf from "@tensorflow/tfjs";
import { maxPoolGradInto } from "./max-pool-grad-loop";
import { poolInfo } from "./pool-info";
import { KernelFunc, overrideKernel, view, withScope } from "./register";
import { byteOffset, heapBuffer, wasmInternals } from "./wasm-internals";

/** cpu's MaxPoolGrad loop, run on the wasm heap. */
function maxPoolGradOnHeap(backend: unknown, dy: tf.TensorInfo, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const wasm = wasmInternals(backend);
  const dx = wasm.makeOutput(x.shape, "float32");
  const heap = new Float32Array(heapBuffer(wasm)); // after the allocation, which may grow the heap
  maxPoolGradInto(info, heap, byteOffset(wasm, x) / 4, heap, byteOffset(wasm, dy) / 4, heap, byteOffset(wasm, dx) / 4);
  return dx;
}

function firstMaximumGradient(previous: KernelFunc): KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const x = args.inputs.input as tf.TensorInfo;
    const y = args.inputs.output as tf.TensorInfo;
    const info = poolInfo(x, args.attrs);
    if (info === null) return previous(args);
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
    const { filterHeight: kh, filterWidth: kw, strideHeight, strideWidth, dataFormat } = info;
    if (dataFormat !== "channelsLast" || dy.dtype !== "float32") return previous(args);
    if (strideHeight !== kh || strideWidth !== kw || n * oh * ow * c === 0) return maxPoolGradOnHeap(args.backend, dy, x, info);
    const { top, left } = info.padInfo;
    const gridHeight = oh * kh;
    const gridWidth = ow * kw;
    return withScope("wasm", args.backend, (scope) => {
      // The window grid: input rows -top .. gridHeight-top-1, padded with -Infinity or cut short.
      const padBottom = Math.max(0, gridHeight - top - h);
      const padRight = Math.max(0, gridWidth - left - w);
      let grid = x;
      if (top + padBottom + left + padRight > 0) {
        grid = scope.run(
          "PadV2",
          { x: grid },
          {
            paddings: [
              [0, 0],
              [top, padBottom],
              [left, padRight],
              [0, 0],
            ],
            constantValue: -Infinity,
          },
        );
      }
      if (grid.shape[1] > gridHeight || grid.shape[2] > gridWidth) {
        grid = scope.run("Slice", { x: grid }, { begin: [0, 0, 0, 0], size: [n, gridHeight, gridWidth, c] });
      }
      const m = n * oh * ow;
      const windows = scope.run("Transpose", { x: view(grid, [n * oh, kh, ow, kw * c]) }, { perm: [0, 2, 1, 3] });
      const rows = view(windows, [m, kh * kw, c]);
      const notMax = scope.run("Step", { x: scope.run("Sub", { a: view(y, [m, 1, c]), b: rows }) }, { alpha: 0 });
      const before = scope.run("Cumprod", { x: notMax }, { axis: 1, exclusive: true, reverse: false });
      const first = scope.run("Sub", { a: before, b: scope.run("Multiply", { a: before, b: notMax }) });
      const routed = scope.run("Multiply", { a: first, b: view(dy, [m, 1, c]) });
      let dx = view(scope.run("Transpose", { x: view(routed, [n * oh, ow, kh, kw * c]) }, { perm: [0, 2, 1, 3] }), [n, gridHeight, gridWidth, c]);
      // Back from the grid to the input: drop the padding, give uncovered rows and columns zeros.
      const keptHeight = Math.min(h, gridHeight - top);
      const keptWidth = Math.min(w, gridWidth - left);
      if (top > 0 || left > 0 || keptHeight < gridHeight || keptWidth < gridWidth) {
        dx = scope.run("Slice", { x: dx }, { begin: [0, top, left, 0], size: [n, keptHeight, keptWidth, c] });
      }
      if (keptHeight < h || keptWidth < w) {
        dx = scope.run(
          "PadV2",
          { x: dx },
          {
            paddings: [
              [0, 0],
              [0, h - keptHeight],
              [0, w - keptWidth],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
      }
      return view(scope.keep(dx), [n, h, w, c]);
    });
  };
}

/** Register the first-maximum MaxPoolGrad on the wasm backend. */
export function installWasmMaxPoolGrad(): void {
  overrideKernel("max-pool-grad-first-maximum", "MaxPoolGrad", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no MaxPoolGrad kernel to wrap");
    return firstMaximumGradient(previous);
  });
}
