// What a reader sees in a figure: the charts are rendered to SVG (as in a notebook) and the texts and
// legends checked, so these tests follow what Vega draws, not only the spec's wording.
import { strict as assert } from "assert";
import { lineChart, scatterChart, heatmap, specToSvg, type Row } from "../../lib/viz";
import type { TopLevelSpec } from "vega-lite";

const caption = "Scale: quick · synthetic · test";

async function svgTexts(spec: TopLevelSpec): Promise<string[]> {
  const svg = await specToSvg(spec);
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
}

async function legendCount(spec: TopLevelSpec): Promise<number> {
  return ((await specToSvg(spec)).match(/class="mark-group role-legend"/g) ?? []).length;
}

/** Three loss curves R(h) with an interquartile band, per threat. */
function smoothnessRows(losses = ["clean", "frozen", "reattack"]): Row[] {
  const rows: Row[] = [];
  for (const threat of ["L∞", "L2"])
    for (const loss of losses) for (const h of [1e-1, 1e-2, 1e-3, 1e-4]) rows.push({ h, median: 3 * h, q1: h, q3: 10 * h, loss, threat });
  return rows;
}

describe("viz charts", () => {
  it("every builder refuses a field that is not in the data, naming the option, the field and the data's fields", () => {
    const data = [{ epoch: 1, loss: 0.5, run: "a" }];
    const common = { data, title: "Training", caption };
    const missing = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof RangeError && pattern.test(e.message));
    const fields = /its fields are "epoch", "loss", "run"/;
    missing(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "acc" } }), /y\.field "acc" is not a field of the data/);
    missing(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "acc" } }), fields);
    missing(() => lineChart({ ...common, x: { field: "step" }, y: { field: "loss" } }), /x\.field "step"/);
    missing(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "loss" }, color: "model" }), /color "model"/);
    missing(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "loss" }, column: "norm" }), /column "norm"/);
    missing(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "loss" }, band: { lower: "loss", upper: "q3" } }), /band\.upper "q3"/);
    missing(() => scatterChart({ ...common, x: { field: "flatness" }, y: { field: "loss" } }), /x\.field "flatness"/);
    missing(() => heatmap({ ...common, x: { field: "epoch" }, y: { field: "loss" }, value: { field: "z" } }), /value\.field "z"/);
    assert.doesNotThrow(() => lineChart({ ...common, x: { field: "epoch" }, y: { field: "loss" }, color: "run" }));
  });

  it("an axis with ticks labels those values only: the positions of a grid, not Vega's 1.2, 1.4, …", async () => {
    const data = [1, 2, 3].map((position) => ({ position, value: 100 * position }));
    // The y values lie far from [1, 3], so the labels there are the x axis's.
    const xLabels = async (ticks?: number[]) =>
      (await svgTexts(lineChart({ data, x: { field: "position", ticks }, y: { field: "value" }, width: 300, title: "t", caption }))).filter(
        (text) => Number(text) >= 1 && Number(text) <= 3,
      );
    assert.ok((await xLabels()).length > 3, "without ticks Vega labels points between the positions (else this test shows nothing)");
    assert.deepEqual(await xLabels([1, 2, 3]), ["1", "2", "3"], "the positions, written as integers");
  });

  it("log axes read 1, 2, 5 within a few decades of 1 and 10⁻³ beyond, never in e-notation", async () => {
    const near = await svgTexts(
      lineChart({
        data: [1, 2, 5, 10, 20, 50].map((steps) => ({ steps, error: 0.5 / steps })),
        x: { field: "steps", log: true },
        y: { field: "error", log: true },
        title: "t",
        caption,
      }),
    );
    for (const label of ["1", "2", "5", "10", "50", "0.01", "0.1", "0.5"]) assert.ok(near.includes(label), `"${label}" in ${near.join(" | ")}`);
    const far = await svgTexts(lineChart({ data: smoothnessRows(), x: { field: "h", log: true }, y: { field: "median", log: true }, title: "t", caption }));
    for (const label of ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"]) assert.ok(far.includes(label), `"${label}" in ${far.join(" | ")}`);
    for (const text of [...near, ...far]) assert.doesNotMatch(text, /\de[+-]?\d/, `e-notation: ${text}`);
  });

  it("a faceted chart with bands has one legend, and the bands take the colours of their lines", async () => {
    const spec = lineChart({
      data: smoothnessRows(),
      x: { field: "h", log: true },
      y: { field: "median", log: true },
      color: "loss",
      band: { lower: "q1", upper: "q3" },
      column: "threat",
      title: "t",
      caption,
    });
    assert.equal(await legendCount(spec), 1);
    const svg = await specToSvg(spec);
    const colours = (mark: string, attribute: string) =>
      new Set([...svg.matchAll(new RegExp(`aria-roledescription="${mark} mark"[^>]*${attribute}="(#[0-9a-f]{6})"`, "g"))].map((m) => m[1]));
    const bandFills = colours("area", "fill");
    const lineStrokes = colours("line", "stroke");
    assert.equal(bandFills.size, 3);
    assert.deepEqual([...bandFills].sort(), [...lineStrokes].sort());
    // The legend's symbols are drawn at full strength, not at the band's opacity.
    const symbols = [...svg.slice(svg.indexOf('class="mark-group role-legend"')).matchAll(/<path transform="translate\(\d+,\d+\)"[^>]*opacity="([\d.]+)"/g)];
    assert.deepEqual(
      symbols.map((m) => m[1]),
      ["1", "1", "1"],
    );
  });

  it("columnOrder sets the order of the panels (default: sorted)", async () => {
    const data: Row[] = [];
    for (const threat of ["clean", "L2", "L∞"]) for (const w1 of [0, 1]) for (const w2 of [0, 1]) data.push({ threat, w1, w2, loss: w1 + w2 });
    const options = { data, x: { field: "w1" }, y: { field: "w2" }, value: { field: "loss" }, column: "threat", title: "t", caption };
    const panelTitles = (texts: string[]) => texts.filter((t) => ["clean", "L2", "L∞"].includes(t));
    assert.deepEqual(panelTitles(await svgTexts(heatmap(options))), ["L2", "L∞", "clean"]);
    assert.deepEqual(panelTitles(await svgTexts(heatmap({ ...options, columnOrder: ["clean", "L2", "L∞"] }))), ["clean", "L2", "L∞"]);
  });

  it("legend labels are shown whole, however long", async () => {
    const long = "the re-attacked adversarial loss, with the attack re-run at every θ";
    const texts = await svgTexts(
      lineChart({ data: smoothnessRows(["clean", long]), x: { field: "h", log: true }, y: { field: "median", log: true }, color: "loss", title: "t", caption }),
    );
    assert.ok(texts.includes(long), texts.join(" | "));
    assert.ok(!texts.some((text) => text.endsWith("…")), "a label was cut short");
  });

  it("labels name series in words in the legend, and must name values the series field has", async () => {
    const options = { data: smoothnessRows(), x: { field: "h", log: true }, y: { field: "median", log: true }, color: "loss", title: "t", caption };
    const texts = await svgTexts(lineChart({ ...options, labels: { reattack: "re-attacked" } }));
    assert.ok(texts.includes("re-attacked") && texts.includes("frozen"), texts.join(" | "));
    assert.ok(!texts.includes("reattack"));
    assert.throws(
      () => lineChart({ ...options, labels: { reatack: "re-attacked" } }),
      /labels name "reatack", which is not a value of "loss"; its values are "clean", "frozen", "reattack"/,
    );
    assert.throws(() => scatterChart({ ...options, color: undefined, labels: { a: "b" } }), /there is no color field/);
  });
});
