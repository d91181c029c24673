// Convolution geometries shared by the conv kernel tests: strides 1 and 2, same/valid/numeric/explicit
// padding, odd and non-square sizes and kernels, 1x1 kernels, batch 1, 2, 3 and 128, 1 to 8 channels.
import * as tf from "@tensorflow/tfjs";

export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
}

export const CONV_CASES: ConvCase[] = [
  { x: [1, 7, 7, 1], filter: [3, 3, 1, 4], strides: 1, pad: "valid" },
  { x: [1, 7, 7, 1], filter: [3, 3, 1, 4], strides: 1, pad: "same" },
  { x: [2, 9, 8, 3], filter: [3, 2, 3, 5], strides: 2, pad: "same" },
  { x: [2, 10, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: "valid" },
  { x: [3, 6, 7, 8], filter: [1, 1, 8, 4], strides: 1, pad: "valid" },
  { x: [2, 8, 8, 4], filter: [5, 3, 4, 6], strides: [2, 1], pad: "same" },
  { x: [2, 9, 9, 3], filter: [4, 4, 3, 2], strides: 2, pad: "same" },
  { x: [1, 5, 5, 3], filter: [3, 3, 3, 2], strides: 1, pad: 1 },
  {
    x: [2, 6, 6, 2],
    filter: [2, 2, 2, 3],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [128, 6, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: "valid" },
  { x: [128, 7, 7, 2], filter: [3, 3, 2, 5], strides: 2, pad: "same" },
];

/** Only the forward convolution takes dilations. */
export const DILATED_CASES: ConvCase[] = [{ x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, pad: "same", dilations: 2 }];

export function describeCase(c: ConvCase): string {
  return `x[${c.x}] w[${c.filter}] s=${JSON.stringify(c.strides)} pad=${JSON.stringify(c.pad)}${c.dilations ? ` d=${c.dilations}` : ""}`;
}

/** The forward output shape, as tfjs computes it. */
export function outputShape(c: ConvCase): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad).outShape;
}
