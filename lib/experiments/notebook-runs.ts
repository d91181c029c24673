// What each notebook trains and measures at each scale [Project design], in one table that the
// notebooks read their settings from and notebook 00 shows, so the two cannot disagree.
import { SCALE_PRESETS, type RunnableScale } from "./presets";
import { REATTACK_VS_FROZEN_EPOCHS } from "./reattack-vs-frozen";
import { FLATNESS_SETTINGS } from "./flatness-against-smoothness";

/** Notebook 01: standard and PGD-AT MLPs for the adversarial examples and robust-accuracy curves. */
export const PRIMER_EPOCHS: Readonly<Record<RunnableScale, number>> = { quick: 10, full: 30 };

export interface NotebookRun {
  readonly notebook: string;
  readonly what: string;
  readonly quick: string;
  readonly full: string;
}

const both = (describe: (scale: RunnableScale) => string) => ({ quick: describe("quick"), full: describe("full") });
const examples = (scale: RunnableScale) => (SCALE_PRESETS[scale].trainExamples === null ? "all 60000" : `${SCALE_PRESETS[scale].trainExamples}`);

/** One row per notebook that trains or measures on data: what it runs at quick and at full scale. */
export function notebookRuns(): NotebookRun[] {
  return [
    { notebook: "01", what: "standard and PGD-AT MLP 784-256-256-10, MNIST", ...both((s) => `${examples(s)} examples, ${PRIMER_EPOCHS[s]} epochs`) },
    {
      notebook: "02",
      what: "PGD-AT softplus MLP 784-128-10, S1 re-attacked vs frozen",
      ...both((s) => `${examples(s)} examples, ${REATTACK_VS_FROZEN_EPOCHS[s]} epochs; S1 ${SCALE_PRESETS[s].directions} directions × ${SCALE_PRESETS[s].hGrid.length} h`),
    },
    {
      notebook: "06",
      what: "L2-AT softplus MLP 784-256-256-10 with input-gradient penalty λ, MNIST; S4, S1 and S6 per example and per model",
      ...both((s) => {
        const f = FLATNESS_SETTINGS[s];
        return `${examples(s)} examples, ${f.epochs} epochs × λ ∈ {${f.penalties.join(", ")}}; ${f.examples} held-out examples, ${f.directions} directions at h = 1e-3`;
      }),
    },
  ];
}
