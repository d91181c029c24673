// Conv2DBackpropFilter as one forward convolution, for wasm (which lacks the kernel, so no conv net can
// train there) and cpu (whose kernel is a scalar loop about 50x slower than this).
//
// The filter gradient of y = conv(x, w) with strides (sh, sw) and padding (top, left) is
//   dW[a, b, ci, co] = sum_{n, i, j} xpad[n, a + sh*i, b + sw*j, ci] * dy[n, i, j, co],
// a correlation of x with dy in which the batch is summed over. Read with the batch as the channel axis
// and the input channel as the batch axis, it is an ordinary convolution:
//   image  xT  = transpose(x,  [3, 1, 2, 0])  : [ci, H, W, n]
//   filter dyT = transpose(dy, [1, 2, 0, 3])  : [oh, ow, n, co], dilated by (sh, sw)
//   conv2d(xT, dyT, stride 1, same padding as the forward pass) : [ci, kh, kw, co]
// and transpose([1, 2, 0, 3]) gives dW : [kh, kw, ci, co]. This reuses the backend's fastest kernel
// (XNNPACK on wasm, or a native GEMM when installed) instead of an im2col built from slices, which wasm
// copies slowly.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, view, withScope } from "./register";

function filterGradientAsConvolution(backendName: string, previous: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const attrs = args.attrs ?? {};
    const filterShape = attrs.filterShape as [number, number, number, number];
    const dataFormat = (attrs.dataFormat as string | undefined) ?? "NHWC";
    if (dataFormat !== "NHWC" || x.shape.length !== 4 || x.dtype !== "float32" || dy.dtype !== "float32") {
      if (previous !== undefined) return previous(args);
      throw new Error(`Conv2DBackpropFilter on ${backendName} supports float32 NHWC only (got ${x.dtype} ${dataFormat})`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      attrs.strides as number | [number, number],
      1,
      attrs.pad as "valid" | "same" | number,
      attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    return withScope(backendName, args.backend, (scope) => {
      if (batchSize * outHeight * outWidth === 0) {
        return scope.keep(scope.run("Fill", {}, { shape: filterShape, value: 0, dtype: "float32" }));
      }
      // Rows of the padded input the windows read: top padding, x, then bottom padding (or x cut short
      // when the last rows fall in no window).
      const neededHeight = filterHeight + (outHeight - 1) * strideHeight;
      const neededWidth = filterWidth + (outWidth - 1) * strideWidth;
      const usedHeight = Math.min(inHeight, neededHeight - top);
      const usedWidth = Math.min(inWidth, neededWidth - left);
      let xT = inChannels === 1 && batchSize === 1 ? view(x, [1, inHeight, inWidth, 1]) : scope.run("Transpose", { x }, { perm: [3, 1, 2, 0] });
      if (usedHeight < inHeight || usedWidth < inWidth) {
        xT = scope.run("Slice", { x: xT }, { begin: [0, 0, 0, 0], size: [inChannels, usedHeight, usedWidth, batchSize] });
      }
      const dyT = batchSize === 1 ? view(dy, [outHeight, outWidth, 1, outChannels]) : scope.run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] });
      const pad = [
        [0, 0],
        [top, neededHeight - top - usedHeight],
        [left, neededWidth - left - usedWidth],
        [0, 0],
      ];
      const explicit = pad.some(([p, q]) => p !== 0 || q !== 0);
      const gradient = scope.run(
        "Conv2D",
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          pad: explicit ? pad : "valid",
          dataFormat: "NHWC",
          dilations: [strideHeight, strideWidth],
          dimRoundingMode: undefined,
        },
      );
      if (inChannels === 1) return view(scope.keep(gradient), filterShape);
      return scope.keep(scope.run("Transpose", { x: gradient }, { perm: [1, 2, 0, 3] }));
    });
  };
}

/** Register the convolution-based Conv2DBackpropFilter on `backendName` ("wasm" or "cpu"). */
export function installConv2DBackpropFilter(backendName: string): void {
  overrideKernel("conv2d-backprop-filter-as-conv", "Conv2DBackpropFilter", backendName, (previous) => filterGradientAsConvolution(backendName, previous));
}
