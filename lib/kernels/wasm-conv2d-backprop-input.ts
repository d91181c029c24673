// wasm Conv2DBackpropInput as a forward convolution.
//
// The stock kernel is a naive loop (about 240 ms for the second conv of a small CNN at batch 128,
// against 20 ms for the forward pass), and it is what every attack (gradient with respect to the input)
// and every conv layer's backward pass calls. At stride 1 the input gradient is a "full" convolution:
// pad dy by (kh-1-top, kw-1-left) before and by what makes the output H x W after, then convolve with
// the filter reversed on both spatial axes and with its channel axes swapped:
//   dx = conv2d(pad(dy), transpose(reverse(w, [0, 1]), [0, 1, 3, 2]), stride 1, valid).
// The padding goes into the convolution's explicit pads, so dy is not copied. Other strides, NCHW and
// paddings that would need negative pads fall back to the stock kernel.
import * as tf from "@tensorflow/tfjs";
import { KernelFunc, overrideKernel, withScope } from "./register";

function inputGradientAsConvolution(previous: KernelFunc): KernelFunc {
  return (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const attrs = args.attrs ?? {};
    const dataFormat = (attrs.dataFormat as string | undefined) ?? "NHWC";
    const inputShape = attrs.inputShape as [number, number, number, number];
    if (dataFormat !== "NHWC" || dy.dtype !== "float32" || filter.dtype !== "float32" || dy.shape.length !== 4) return previous(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides as number | [number, number],
      1,
      attrs.pad as "valid" | "same" | number,
      attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    );
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return previous(args);
    const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, outHeight, outWidth } = info;
    const padTop = kh - 1 - info.padInfo.top;
    const padLeft = kw - 1 - info.padInfo.left;
    const padBottom = inHeight - outHeight + kh - 1 - padTop;
    const padRight = inWidth - outWidth + kw - 1 - padLeft;
    if (Math.min(padTop, padLeft, padBottom, padRight) < 0 || dy.shape.some((d) => d === 0)) return previous(args);
    return withScope("wasm", args.backend, (scope) => {
      const reversed = kh * kw === 1 ? filter : scope.run("Reverse", { x: filter }, { dims: [0, 1] });
      const flipped = scope.run("Transpose", { x: reversed }, { perm: [0, 1, 3, 2] });
      const pad = [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ];
      const explicit = pad.some(([p, q]) => p !== 0 || q !== 0);
      return scope.keep(
        scope.run(
          "Conv2D",
          { x: dy, filter: flipped },
          { strides: [1, 1], pad: explicit ? pad : "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined },
        ),
      );
    });
  };
}

/** Register the stride-1 convolution path for Conv2DBackpropInput on the wasm backend. */
export function installWasmConv2DBackpropInput(): void {
  overrideKernel("conv2d-backprop-input-as-conv", "Conv2DBackpropInput", "wasm", (previous) => {
    if (previous === undefined) throw new Error("the wasm backend has no Conv2DBackpropInput kernel to wrap");
    return inputGradientAsConvolution(previous);
  });
}
