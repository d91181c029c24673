// Grids of small images (digits, adversarial examples, perturbations) with labels: each image becomes
// an upscaled PNG embedded in an SVG that carries the text, and the SVG is rasterised for the PNG output.
import * as tf from "@tensorflow/tfjs";
import { encodePng } from "./png";
import { wrapCaption } from "./charts";
import { CHART_FONT, svgToPng } from "./render";
import { sendDisplay } from "./notebook";

export interface ImageGridOptions {
  /** Images `[n, h, w, 1]` or `[n, h, w, 3]`. */
  images: tf.Tensor4D;
  /** Images per row. */
  columns: number;
  /** One label per image, drawn under it. */
  labels?: string[];
  /** Labels of the rows, drawn on the left. */
  rowLabels?: string[];
  title: string;
  /** The scale stamp of what is shown. */
  caption: string;
  /**
   * "gray": values in [0, 1] as grey levels (images). "diverging": values in [−limit, limit] from blue
   * through white to red (perturbations δ); `limit` defaults to the largest |value|.
   */
  colour?: "gray" | "diverging";
  limit?: number;
  /** Pixel upscaling. Default 3. */
  scale?: number;
}

function toRgb(pixels: Float32Array, channels: number, colour: "gray" | "diverging", limit: number): Uint8Array {
  const n = pixels.length / channels;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    if (channels === 3) {
      for (let c = 0; c < 3; c++) rgb[3 * i + c] = Math.round(255 * Math.min(1, Math.max(0, pixels[3 * i + c])));
    } else if (colour === "gray") {
      rgb.fill(Math.round(255 * Math.min(1, Math.max(0, pixels[i]))), 3 * i, 3 * i + 3);
    } else {
      const t = Math.max(-1, Math.min(1, pixels[i] / limit)); // blue (−) – white (0) – red (+)
      rgb[3 * i] = Math.round(255 * (t < 0 ? 1 + t : 1));
      rgb[3 * i + 1] = Math.round(255 * (1 - Math.abs(t)));
      rgb[3 * i + 2] = Math.round(255 * (t > 0 ? 1 - t : 1));
    }
  }
  return rgb;
}

function upscale(rgb: Uint8Array, w: number, h: number, s: number): Uint8Array {
  const out = new Uint8Array(w * s * h * s * 3);
  for (let y = 0; y < h * s; y++) {
    for (let x = 0; x < w * s; x++) {
      const src = 3 * (Math.floor(y / s) * w + Math.floor(x / s));
      out.set(rgb.subarray(src, src + 3), 3 * (y * w * s + x));
    }
  }
  return out;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function imageGridSvg(options: ImageGridOptions): string {
  const { images, columns, labels, rowLabels, title, caption, colour = "gray", scale = 3 } = options;
  if (images.rank !== 4 || (images.shape[3] !== 1 && images.shape[3] !== 3)) {
    throw new RangeError(`images must be [n, h, w, 1 or 3], got [${images.shape.join(", ")}]`);
  }
  if (!caption || caption.trim() === "") throw new RangeError(`image grid "${title}": a caption (scale stamp) is required`);
  const [n, h, w, channels] = images.shape;
  if (labels && labels.length !== n) throw new RangeError(`labels must have ${n} entries, got ${labels.length}`);
  const data = images.dataSync() as Float32Array;
  let limit = options.limit ?? 0;
  if (colour === "diverging" && !options.limit) for (const v of data) limit = Math.max(limit, Math.abs(v));
  limit = limit || 1;
  const cellW = w * scale,
    cellH = h * scale,
    pad = 8,
    labelH = labels ? 16 : 0;
  const left = rowLabels ? 110 : pad;
  const rows = Math.ceil(n / columns);
  const width = left + columns * (cellW + pad);
  // A caption wider than the grid is wrapped at its " · " separators (about 5.6 px a character at 10 px).
  const captionLines = wrapCaption(caption, Math.max(40, Math.floor((width - 2 * pad) / 5.6)));
  const top = 46 + 13 * (captionLines.length - 1);
  const height = top + rows * (cellH + labelH + pad) + pad;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" font-family="${CHART_FONT}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${pad}" y="18" font-size="14">${escape(title)}</text>`,
    ...captionLines.map((line, k) => `<text x="${pad}" y="${34 + 13 * k}" font-size="10" fill="#555">${escape(line)}</text>`),
  ];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / columns),
      c = i % columns;
    const x = left + c * (cellW + pad),
      y = top + r * (cellH + labelH + pad);
    const pixels = data.subarray(i * h * w * channels, (i + 1) * h * w * channels);
    const png = encodePng(cellW, cellH, upscale(toRgb(pixels, channels, colour, limit), w, h, scale));
    parts.push(`<image x="${x}" y="${y}" width="${cellW}" height="${cellH}" xlink:href="data:image/png;base64,${png.toString("base64")}"/>`);
    if (labels) parts.push(`<text x="${x + cellW / 2}" y="${y + cellH + 12}" font-size="10" text-anchor="middle">${escape(labels[i])}</text>`);
  }
  (rowLabels ?? []).forEach((label, r) => {
    parts.push(`<text x="${pad}" y="${top + r * (cellH + labelH + pad) + cellH / 2}" font-size="11">${escape(label)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** Show an image grid as one output (SVG, PNG and a text line). */
export function showImages(options: ImageGridOptions): void {
  const svg = imageGridSvg(options);
  const text = `[images] ${options.title} — ${options.caption}`;
  if (!sendDisplay({ "image/svg+xml": svg, "image/png": svgToPng(svg, 1).toString("base64"), "text/plain": text })) console.log(text);
}
