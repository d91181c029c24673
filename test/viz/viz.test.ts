import { strict as assert } from "assert";
import { inflateSync } from "zlib";
import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import {
  figureBundle,
  lineChart,
  heatmap,
  scatterChart,
  imageGridSvg,
  showChart,
  tableText,
  tableHtml,
  formatCell,
  progressLine,
  wrapCaption,
} from "../../lib/viz";
import { encodePng } from "../../lib/viz/png";

function pngSize(png: Buffer): [number, number] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  assert.equal(png.toString("ascii", 12, 16), "IHDR");
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe("viz", () => {
  const caption = "Scale: quick · synthetic · test";

  it("a figure bundle carries the Vega-Lite spec, an SVG with the title and caption, a PNG at twice the SVG's size, and text", async () => {
    const spec = lineChart({
      data: [
        { h: 0.1, r: 1 },
        { h: 0.01, r: 10 },
      ],
      x: { field: "h", log: true },
      y: { field: "r", log: true },
      title: "Ratio",
      caption,
    });
    const bundle = await figureBundle(spec);
    assert.equal(bundle["application/vnd.vegalite.v5+json"], spec);
    const svg = bundle["image/svg+xml"];
    assert.match(svg, /<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/);
    assert.ok(svg.includes("Ratio") && svg.includes(caption), "title and caption in the SVG");
    const [, w, h] = /<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/.exec(svg)!.map(Number);
    assert.deepEqual(pngSize(Buffer.from(bundle["image/png"], "base64")), [2 * w, 2 * h]);
    assert.equal(bundle["text/plain"], `[figure] Ratio — ${caption}`);
  });

  it("showChart sends every representation to the notebook, or only the PNG and the text with raster: true", async () => {
    // A stand-in for tslab's display writer, found where lib/viz/notebook.ts looks for it.
    const key = path.join(path.sep, "stand-in", "tslab", "dist", "jupyter.js");
    const sent: { data: Record<string, unknown> }[] = [];
    require.cache[key] = {
      id: key,
      filename: key,
      loaded: true,
      exports: { lastWriteDisplayData: (message: { data: Record<string, unknown> }) => sent.push(message) },
    } as unknown as NodeModule;
    const spec = heatmap({
      data: [
        { a: 0, b: 0, v: 1 },
        { a: 1, b: 0, v: 2 },
      ],
      x: { field: "a" },
      y: { field: "b" },
      value: { field: "v" },
      title: "Grid",
      caption,
    });
    try {
      await showChart(spec);
      await showChart(spec, { raster: true });
    } finally {
      delete require.cache[key];
    }
    assert.deepEqual(Object.keys(sent[0].data).sort(), ["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"]);
    assert.deepEqual(Object.keys(sent[1].data).sort(), ["image/png", "text/plain"]);
    assert.equal(sent[1].data["image/png"], sent[0].data["image/png"]);
  });

  it("captions wrap at their separators into lines no longer than asked, losing nothing", () => {
    const caption = "Scale: quick · MNIST train 2000 / test 500 · mlp(784-256-256-10, relu) · L∞ ε=0.1 · PGD-10 · seed 0 · wasm+native";
    const lines = wrapCaption(caption, 40);
    assert.ok(
      lines.every((l) => l.length <= 40),
      lines.join("|"),
    );
    assert.equal(lines.join(" · "), caption);
    assert.deepEqual(wrapCaption("short", 40), ["short"]);
  });

  it("every chart builder refuses data without a caption or without rows", () => {
    const data = [{ a: 1, b: 2, v: 3 }];
    assert.throws(() => lineChart({ data, x: { field: "a" }, y: { field: "b" }, title: "t", caption: "" }), /caption/);
    assert.throws(() => scatterChart({ data, x: { field: "a" }, y: { field: "b" }, title: "t", caption: " " }), /caption/);
    assert.throws(() => heatmap({ data: [], x: { field: "a" }, y: { field: "b" }, value: { field: "v" }, title: "t", caption }), /non-empty/);
  });

  it("encodes PNGs that decode to the same pixels", () => {
    const rgb = new Uint8Array(3 * 5 * 2).map((_, i) => (i * 37) % 256);
    const png = encodePng(5, 2, rgb);
    assert.deepEqual(pngSize(png), [5, 2]);
    const idat = png.indexOf("IDAT");
    const length = png.readUInt32BE(idat - 4);
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
    const pixels = [...raw.subarray(1, 16), ...raw.subarray(17, 32)];
    assert.deepEqual(pixels, [...rgb]);
  });

  it("image grids embed one upscaled PNG per image with its label", () => {
    const images = tf.zeros([3, 4, 4, 1]) as tf.Tensor4D;
    const svg = imageGridSvg({ images, columns: 2, labels: ["a", "b", "c"], title: "Digits", caption, scale: 2 });
    assert.equal(svg.match(/<image /g)!.length, 3);
    assert.ok(svg.includes(">b<") && svg.includes(caption));
    assert.throws(() => imageGridSvg({ images, columns: 2, title: "Digits", caption: "" }), /caption/);
    images.dispose();
  });

  it("an image grid wraps a caption wider than itself at its separators, losing nothing, and makes room for it", () => {
    const images = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    const long = Array.from({ length: 12 }, (_, k) => `part ${k} of a long scale stamp`).join(" · ");
    const narrow = imageGridSvg({ images, columns: 2, title: "Digits", caption: long, scale: 2 });
    const lines = [...narrow.matchAll(/<text[^>]*fill="#555">([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.ok(lines.length > 1, "wrapped");
    assert.equal(lines.join(" · "), long);
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    assert.equal(height(narrow) - height(imageGridSvg({ images, columns: 2, title: "Digits", caption, scale: 2 })), 13 * (lines.length - 1));
    images.dispose();
  });

  it("tables format numbers, accept DataFrame-like input, and refuse to render unstamped", () => {
    assert.equal(formatCell(0.123456), "0.1235");
    assert.equal(formatCell(1.5e-5), "1.500e-5");
    assert.equal(formatCell(42), "42");
    assert.equal(formatCell(null), "—");
    const rows = [
      { method: "SGD-AT", robust: 0.41234 },
      { method: "EnSGD-AT", robust: 0.5 },
    ];
    const text = tableText(rows, { title: "Table A", caption });
    assert.deepEqual(text.split("\n").slice(1, 5), ["| method   | robust |", "|----------|--------|", "| SGD-AT   | 0.4123 |", "| EnSGD-AT | 0.5    |"]);
    const frame = { columns: ["method", "robust"], values: [["SGD-AT", 0.41234]] };
    assert.match(tableHtml(frame, { title: "Table A", caption }), /<td>SGD-AT<\/td><td>0.4123<\/td>/);
    assert.throws(() => tableText(rows, { title: "Table A", caption: "" }), /scale stamp/);
  });

  it("tables accept rows typed by an interface, and the compiler refuses rows with a field that is not a cell", () => {
    // Notebook 00 shows rows typed by an interface (no index signature); CI once failed there on a
    // `Record<string, Cell>[]` parameter. The type checker (npm run typecheck) runs over this file.
    interface Run {
      readonly notebook: string;
      readonly epochs: number;
    }
    const runs: Run[] = [{ notebook: "01", epochs: 10 }];
    assert.match(tableText(runs, { title: "Runs", caption }), /\| 01 {7}\| 10 {5}\|/);
    const nested = [{ notebook: "01", settings: { epochs: 10 } }];
    // @ts-expect-error an object is not a table cell
    assert.match(tableText(nested, { title: "Runs", caption }), /\[object Object\]/);
  });

  it("progress lines show the fraction, elapsed time and ETA", () => {
    assert.equal(progressLine("epoch 1", 5, 10, 4, "loss 0.3", 10), "epoch 1 [#####-----] 5/10 (4.0 s elapsed, ETA 4.0 s)  loss 0.3");
    assert.equal(progressLine("done", 10, 10, 75, "", 4), "done [####] 10/10 (1 min 15 s)");
    process.env.AT_STABLE_OUTPUT = "1";
    try {
      assert.equal(progressLine("done", 10, 10, 75, "ok", 4), "done [####] 10/10  ok", "stored outputs carry no time");
    } finally {
      delete process.env.AT_STABLE_OUTPUT;
    }
  });
});
