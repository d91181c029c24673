// MaxPoolGrad as the cpu backend defines it, as one loop over flat float arrays: for every window and
// channel the first value strictly above all before it (so ties go to the first maximum, NaN never
// wins) receives the window's dy; windows that overlap add up. Shared by the wasm kernel (on the wasm
// heap, for overlapping windows) and the cpu kernel (whose stock version reads element by element
// through TensorBuffer.get, about 15x slower).
import * as tf from "@tensorflow/tfjs";

/** Write dx (all of it, zeros included) from x and dy; `*At` are element offsets into each array. */
export function maxPoolGradInto(
  info: tf.backend_util.Conv2DInfo,
  x: Float32Array,
  xAt: number,
  dy: Float32Array,
  dyAt: number,
  dx: Float32Array,
  dxAt: number,
): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  dx.fill(0, dxAt, dxAt + n * h * w * c);
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  let g = dyAt;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * strideHeight - top;
      for (let ox = 0; ox < ow; ox++, g += c) {
        const x0 = ox * strideWidth - left;
        best.fill(-Infinity);
        where.fill(-1);
        for (let iy = Math.max(0, y0); iy < Math.min(h, y0 + kh); iy++) {
          for (let ix = Math.max(0, x0); ix < Math.min(w, x0 + kw); ix++) {
            const pixel = ((b * h + iy) * w + ix) * c;
            for (let k = 0; k < c; k++) {
              const v = x[xAt + pixel + k];
              if (v > best[k]) {
                best[k] = v;
                where[k] = pixel + k;
              }
            }
          }
        }
        for (let k = 0; k < c; k++) if (where[k] >= 0) dx[dxAt + where[k]] += dy[g + k];
      }
    }
  }
}
