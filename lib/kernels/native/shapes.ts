// Shape numbers the addon expects, from tfjs's own shape computations (so padding, rounding and output
// sizes are exactly tfjs's).
import * as tf from "@tensorflow/tfjs";

export type Shape4D = [number, number, number, number];

/** The attributes tfjs passes to its Conv2D kernels. */
export type ConvAttrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
};

/** tfjs's own convolution geometry for these shapes and attributes (the backprop kernels use dilation 1, as tfjs's). */
export function conv2dInfo(inputShape: Shape4D, filterShape: Shape4D, attrs: ConvAttrs, dilations = attrs.dilations ?? 1): tf.backend_util.Conv2DInfo {
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? "NHWC");
  return tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
}

/** batch, in h/w/c, out h/w/c, filter h/w, strides, dilations, pad top/left (native/src/kernels.h ConvShape). */
export function convShape(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

/** batch, in h/w, channels, out h/w, filter h/w, strides, pad top/left (native/src/kernels.h PoolShape). */
export function poolShape(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

/** Whether the native kernels cover this convolution: NHWC, no negative padding. */
export function nativeCoversConv(info: tf.backend_util.Conv2DInfo): boolean {
  return info.dataFormat === "channelsLast" && info.padInfo.top >= 0 && info.padInfo.left >= 0;
}
