// Vega-Lite builders for the figures of the notebooks: curves (log–log smoothness ratios, training
// curves, accuracy against ε), scatter plots (flatness against smoothness), heatmaps (loss landscapes,
// 2-D losses over w). Every chart carries a caption: the scale stamp of the numbers it shows.
import type { TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "./font";
import { checkFields, relabel } from "./data-fields";
import { logAxisLabels } from "./log-axis";

export type Row = Record<string, unknown>;

export interface ChartCommon {
  data: Row[];
  title: string;
  /** Where the numbers come from: scale, dataset, model, backend, seed (docs/design.md §5). Required. */
  caption: string | string[];
  width?: number;
  height?: number;
  /** Field whose values split the chart into side-by-side panels. */
  column?: string;
  columnTitle?: string;
  /** With `column`: the panels' order, by value (default: sorted). */
  columnOrder?: string[];
  /** With `column`: give each panel its own x scale (e.g. ε of L∞ and of L2). Default shared. */
  independentX?: boolean;
}

export interface AxisField {
  field: string;
  title?: string;
  log?: boolean;
  /** Explicit domain [min, max]. */
  domain?: [number, number];
  /** Treat as categories rather than numbers. */
  nominal?: boolean;
  /** The only values to label (e.g. the positions 1, 2, 3 of a grid, which Vega would tick at 1.2, 1.4, …). */
  ticks?: number[];
}

/** Series of a line or scatter chart: one colour per value of a field. */
export interface SeriesOptions {
  /** Series field (one colour per value). */
  color?: string;
  colorTitle?: string;
  /** Names for the legend, by value of the color field: { reattack: "re-attacked" }. */
  labels?: Record<string, string>;
}

const config = {
  font: CHART_FONT,
  title: { fontSize: 14, subtitleFontSize: 10, subtitleColor: "#555", anchor: "start" as const },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  // labelLimit 0: legend labels are never cut short with "…" (Vega-Lite's default limit is 160 px).
  // symbolOpacity 1: a line's band shares its legend entry, which must not take the band's faint opacity.
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 0, symbolOpacity: 1 },
  view: { stroke: "#ddd" },
};

function assertCommon(options: ChartCommon): void {
  if (!Array.isArray(options.data) || options.data.length === 0) throw new RangeError(`chart "${options.title}": data must be a non-empty array of rows`);
  const caption = Array.isArray(options.caption) ? options.caption.join("") : options.caption;
  if (typeof caption !== "string" || caption.trim() === "") {
    throw new RangeError(`chart "${options.title}": a caption (the scale stamp of its numbers) is required`);
  }
}

/** An axis encoding; `values` are what it shows (they choose the labels of a log axis). */
function axis(a: AxisField, values: unknown[]) {
  return {
    field: a.field,
    type: a.nominal ? ("nominal" as const) : ("quantitative" as const),
    title: a.title ?? a.field,
    ...(a.nominal ? {} : { scale: { ...(a.log ? { type: "log" as const } : { zero: false }), ...(a.domain ? { domain: a.domain } : {}) } }),
    ...axisLabels(a, values),
  };
}

/** The labels of an axis: a log axis's readable powers, and only `ticks` when given. */
function axisLabels(a: AxisField, values: unknown[]) {
  if (a.log) return { axis: { ...logAxisLabels(values, a.domain), ...(a.ticks ? { values: a.ticks } : {}) } };
  // "~g": the ticks 1, 2, 3 read "1, 2, 3", where Vega would write "1.0, 2.0, 3.0".
  if (a.ticks) return { axis: { values: a.ticks, format: "~g" } };
  return {};
}

const valuesOf = (data: Row[], field: string) => data.map((row) => row[field]);

/** The colour encoding of a series field, or none. */
function seriesColor(options: SeriesOptions) {
  return options.color ? { color: { field: options.color, type: "nominal", title: options.colorTitle ?? options.color } } : {};
}

/** The data with the series values renamed by `labels`, after checking the encoded fields exist. */
function seriesData(options: ChartCommon & SeriesOptions & { x: AxisField; y: AxisField }, more: Record<string, string | undefined> = {}): Row[] {
  checkFields(options.title, options.data, { "x.field": options.x.field, "y.field": options.y.field, color: options.color, column: options.column, ...more });
  if (!options.labels) return options.data;
  if (!options.color) throw new RangeError(`chart "${options.title}": labels name values of the color field, but there is no color field`);
  return relabel(options.title, options.data, options.color, options.labels);
}

/** Wrap a " · "-separated caption into lines of at most `width` characters, so it does not widen the chart. */
export function wrapCaption(caption: string | string[], width = 90): string[] {
  const parts = (Array.isArray(caption) ? caption : [caption]).flatMap((c) => c.split(" · "));
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 3 + part.length <= width) lines[last] += ` · ${part}`;
    else lines.push(part);
  }
  return lines;
}

function frame(options: ChartCommon, layers: object[] | object): TopLevelSpec {
  const { data, title, caption, width = 360, height = 240, column, columnTitle, columnOrder, independentX = false } = options;
  const inner = Array.isArray(layers) ? { layer: layers } : layers;
  const body = column
    ? {
        facet: { column: { field: column, type: "nominal", title: columnTitle ?? column, ...(columnOrder ? { sort: columnOrder } : {}) } },
        spec: { width, height, ...inner },
        ...(independentX ? { resolve: { scale: { x: "independent" } } } : {}),
      }
    : { width, height, ...inner };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, subtitle: wrapCaption(caption) },
    data: { values: data },
    config,
    ...body,
  } as TopLevelSpec;
}

export interface LineChartOptions extends ChartCommon, SeriesOptions {
  x: AxisField;
  y: AxisField;
  /** Lower and upper fields of a shaded band around each line (e.g. the interquartile range). */
  band?: { lower: string; upper: string };
  points?: boolean;
}

export function lineChart(options: LineChartOptions): TopLevelSpec {
  assertCommon(options);
  const data = seriesData(options, { "band.lower": options.band?.lower, "band.upper": options.band?.upper });
  const x = axis(options.x, valuesOf(data, options.x.field));
  const y = axis(
    options.y,
    [options.y.field, options.band?.lower, options.band?.upper].flatMap((field) => (field ? valuesOf(data, field) : [])),
  );
  const layers: object[] = [];
  // The band is drawn first, under its line, in the line's colour. Both layers encode colour alike, so
  // Vega-Lite merges them into one legend (per chart, also when faceted).
  if (options.band) {
    layers.push({
      mark: { type: "area", opacity: 0.2 },
      encoding: {
        x,
        y: { ...y, field: options.band.lower },
        y2: { field: options.band.upper },
        ...seriesColor(options),
      },
    });
  }
  layers.push({ mark: { type: "line", point: options.points ?? false }, encoding: { x, y, ...seriesColor(options) } });
  return frame({ ...options, data }, layers);
}

export interface ScatterChartOptions extends ChartCommon, SeriesOptions {
  x: AxisField;
  y: AxisField;
  opacity?: number;
}

export function scatterChart(options: ScatterChartOptions): TopLevelSpec {
  assertCommon(options);
  const data = seriesData(options);
  return frame(
    { ...options, data },
    {
      mark: { type: "point", filled: true, opacity: options.opacity ?? 0.7, size: 24 },
      encoding: { x: axis(options.x, valuesOf(data, options.x.field)), y: axis(options.y, valuesOf(data, options.y.field)), ...seriesColor(options) },
    },
  );
}

export interface HeatmapOptions extends ChartCommon {
  /** Grid coordinates: numeric fields on a regular grid (keep it ≤ 81×81: one SVG rect per cell). */
  x: AxisField;
  y: AxisField;
  /** The value to colour; transform it first (e.g. log10) if it spans decades. */
  value: { field: string; title?: string };
  /** Quantise the colour into at most this many bands, which reads like filled contours. Default 12. */
  bands?: number;
  scheme?: string;
}

/** A value over a regular 2-D grid (loss landscapes, the loss over w ∈ R²), drawn as filled bands. */
export function heatmap(options: HeatmapOptions): TopLevelSpec {
  assertCommon(options);
  const { value, bands = 12, scheme = "viridis" } = options;
  checkFields(options.title, options.data, { "x.field": options.x.field, "y.field": options.y.field, "value.field": value.field, column: options.column });
  const gridAxis = (a: AxisField, sort?: "descending") => ({
    field: a.field,
    type: "ordinal" as const,
    title: a.title ?? a.field,
    ...(sort ? { sort } : {}),
    axis: { labelOverlap: true, labelAngle: 0, format: ".2~f" },
  });
  return frame(options, {
    mark: { type: "rect" },
    encoding: {
      x: gridAxis(options.x),
      y: gridAxis(options.y, "descending"),
      color: { field: value.field, type: "quantitative", title: value.title ?? value.field, bin: { maxbins: bands }, scale: { scheme } },
    },
  });
}
