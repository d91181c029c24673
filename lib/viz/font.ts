// The font every chart uses; Debian's fonts-dejavu-core provides it for the PNG. In a file of its own so
// that the chart builders (charts.ts) do not import the renderer (resvg, Node only) and also bundle for
// the browser (the companion site's playground, scripts/site.ts).
export const CHART_FONT = "DejaVu Sans";
