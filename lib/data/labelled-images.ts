// Byte images → the tensors every model and attack takes: x float32 NHWC in [0, 1], y int32 class ids.
import * as tf from "@tensorflow/tfjs";
import { Subset } from "./subsets";

// A type alias, not an interface, so that it is a tf.TensorContainer: tf.dispose(data) works.
export type LabelledImages = {
  /** [n, height, width, channels], float32 in [0, 1]. */
  x: tf.Tensor4D;
  /** [n], int32 class ids. */
  y: tf.Tensor1D;
};

/** Raw pixel bytes of a split, NHWC, one byte per channel value (0-255). */
export interface ByteImages {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

// byte / 255 through a table: the same float32 for each byte value on every backend, and faster than
// dividing 47 million times.
const TO_UNIT = new Float32Array(256);
for (let b = 0; b < 256; b++) TO_UNIT[b] = b / 255;

/** The examples `subset` picks from `data`, as fresh tensors owned by the caller. */
export function toLabelledImages(data: ByteImages, subset: Subset): LabelledImages {
  const { height, width, channels } = data;
  const size = height * width * channels;
  const n = subset.indices.length;
  const pixels = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const from = subset.indices[i] * size;
    const to = i * size;
    for (let p = 0; p < size; p++) pixels[to + p] = TO_UNIT[data.images[from + p]];
  }
  return {
    x: tf.tensor4d(pixels, [n, height, width, channels], "float32"),
    y: tf.tensor1d(subset.labels, "int32"),
  };
}
