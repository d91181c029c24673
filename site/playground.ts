// The playground page's script (bundled by scripts/site.ts with esbuild): renders each interactive figure
// with vega-embed (loaded from the site's vendor/ folder, copied from the npm packages: no network), binds
// its parameters to sliders, and recomputes its data with the library's code when a slider moves.
import type { TopLevelSpec } from "vega-lite";
import { FIGURES, type InteractiveFigure } from "./figures";

interface VegaView {
  signal(name: string): unknown;
  addSignalListener(name: string, handler: (name: string, value: unknown) => void): void;
  data(name: string, values: object[]): VegaView;
  runAsync(): Promise<VegaView>;
}
declare const vegaEmbed: (element: HTMLElement, spec: object, options: object) => Promise<{ view: VegaView }>;

/** The figure's spec with its rows as the named dataset "table" and its sliders as bound parameters. */
function interactiveSpec(figure: InteractiveFigure, rows: object[]): object {
  const spec: TopLevelSpec = figure.spec(rows as never);
  return {
    ...spec,
    datasets: { table: rows },
    data: { name: "table" },
    params: figure.sliders.map((s) => ({ name: s.name, value: s.value, bind: { input: "range", min: s.min, max: s.max, step: s.step, name: `${s.label} ` } })),
  };
}

async function render(figure: InteractiveFigure, element: HTMLElement): Promise<void> {
  const values = Object.fromEntries(figure.sliders.map((s) => [s.name, s.value]));
  const { view } = await vegaEmbed(element, interactiveSpec(figure, figure.compute(values)), { renderer: "svg", actions: false });
  let pending = Promise.resolve();
  for (const slider of figure.sliders) {
    view.addSignalListener(slider.name, () => {
      // One recomputation at a time, each with the sliders' values when it starts.
      pending = pending.then(async () => {
        const current = Object.fromEntries(figure.sliders.map((s) => [s.name, Number(view.signal(s.name))]));
        await view.data("table", figure.compute(current)).runAsync();
        element.dataset.updates = String(Number(element.dataset.updates ?? "0") + 1);
      });
    });
  }
}

async function main(): Promise<void> {
  for (const figure of FIGURES) {
    const element = document.getElementById(`figure-${figure.id}`);
    if (!element) throw new Error(`the page has no element #figure-${figure.id}`);
    await render(figure, element);
  }
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  document.body.dataset.error = String(error);
  console.error(error);
});
