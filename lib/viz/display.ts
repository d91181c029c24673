import type { TopLevelSpec } from "vega-lite";
import { specToSvg, svgToPng } from "./render";
import { sendDisplay } from "./notebook";

/** One notebook output carrying the Vega-Lite spec, an SVG, a PNG and a text fallback. */
export interface FigureBundle {
  "application/vnd.vegalite.v5+json": TopLevelSpec;
  "image/svg+xml": string;
  "image/png": string;
  "text/plain": string;
}

function describe(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  const text =
    typeof title === "string"
      ? title
      : title && typeof title === "object"
        ? [(title as { text?: unknown }).text, [(title as { subtitle?: unknown }).subtitle].flat().filter(Boolean).join(" · ")].filter(Boolean).join(" — ")
        : "";
  return `[figure] ${text || "untitled chart"}`;
}

/** Render a chart into all four representations (usable without a kernel, e.g. in tests). */
export async function figureBundle(spec: TopLevelSpec): Promise<FigureBundle> {
  const svg = await specToSvg(spec);
  return {
    "application/vnd.vegalite.v5+json": spec,
    "image/svg+xml": svg,
    "image/png": svgToPng(svg).toString("base64"),
    "text/plain": describe(spec),
  };
}

/**
 * Show a chart: in Jupyter, Vega-Lite-aware front ends render the spec, the classic Notebook and the HTML
 * export show the SVG (or the PNG for untrusted notebooks), a repository host shows the PNG. Outside a
 * notebook it prints the text line. Returns nothing, so that as a cell's last expression it adds no
 * second output (use `figureBundle` to keep the representations).
 */
export async function showChart(spec: TopLevelSpec, options: ShowChartOptions = {}): Promise<void> {
  const bundle = await figureBundle(spec);
  const output = options.raster ? { "image/png": bundle["image/png"], "text/plain": bundle["text/plain"] } : { ...bundle };
  if (!sendDisplay(output)) console.log(bundle["text/plain"]);
}

export interface ShowChartOptions {
  /**
   * Send only the PNG (and the text line): for dense figures such as heatmaps of thousands of cells,
   * whose spec and SVG (one element per cell) would weigh megabytes in the notebook. Default false.
   */
  raster?: boolean;
}
