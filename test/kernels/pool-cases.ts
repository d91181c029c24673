// The pooling geometries the pooling kernel tests share (max and average): non-overlapping and
// overlapping windows, same/valid padding, odd sizes, channel counts around the native kernels' vectors.
export interface PoolCase {
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number;
}

export const NON_OVERLAPPING: PoolCase[] = [
  { x: [2, 6, 6, 3], filterSize: 2, strides: 2, pad: "valid" },
  { x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: "valid" },
  { x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: "same" },
  { x: [1, 9, 9, 2], filterSize: 3, strides: 3, pad: "same" },
  { x: [3, 8, 9, 4], filterSize: [2, 3], strides: [2, 3], pad: "valid" },
  { x: [128, 6, 6, 4], filterSize: 2, strides: 2, pad: "valid" },
  // Channel counts that fill and overflow the native kernels' 8-channel vectors; windows that tile the
  // input exactly, leave a last row and column out, or leave gaps between them (stride > size).
  { x: [2, 8, 8, 16], filterSize: 2, strides: 2, pad: "valid" },
  { x: [3, 7, 7, 11], filterSize: 2, strides: 2, pad: "valid" },
  { x: [2, 9, 10, 8], filterSize: 2, strides: 3, pad: "valid" },
  { x: [2, 7, 7, 13], filterSize: 2, strides: 2, pad: "same" },
];

export const OVERLAPPING: PoolCase[] = [
  { x: [2, 8, 8, 2], filterSize: 3, strides: 2, pad: "same" },
  { x: [2, 8, 8, 11], filterSize: 3, strides: 2, pad: "same" },
  { x: [2, 7, 7, 3], filterSize: 3, strides: 1, pad: "valid" },
  { x: [1, 6, 5, 2], filterSize: [3, 2], strides: [1, 2], pad: "same" },
];

/** The pooling kernels' attributes for a case. */
export const poolAttrs = (c: PoolCase) => ({ filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: undefined });

export const label = (c: PoolCase) => `x[${c.x}] k=${JSON.stringify(c.filterSize)} s=${JSON.stringify(c.strides)} ${c.pad}`;
