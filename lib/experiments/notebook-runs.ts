// What each notebook trains and measures at each scale [Project design], in one table that the
// notebooks read their settings from and notebook 00 shows, so the two cannot disagree.
import { SCALE_PRESETS, type RunnableScale } from "./presets";
import { REATTACK_VS_FROZEN_EPOCHS } from "./reattack-vs-frozen";
import { ATTACK_CONTINUITY_SCALE } from "./attack-continuity-mnist";
import { LINF_VERTICES_SCALE } from "./linf-vertices";
import { SOFTPLUS_MLP_EPOCHS } from "./softplus-mlp";

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
      notebook: "04",
      what: "PGD-AT (L∞ 0.1) softplus MLP 784-256-256-10, S5/S6 attack continuity under L∞ and L2",
      ...both((s) => {
        const c = ATTACK_CONTINUITY_SCALE[s];
        return `${examples(s)} examples, ${SOFTPLUS_MLP_EPOCHS[s]} epochs; S6 ${c.directions} directions × ${c.h.length} h, ${c.pairs} ε pair${c.pairs > 1 ? "s" : ""}`;
      }),
    },
    {
      notebook: "07",
      what: "standard, L2-AT (1.0) and L∞-AT (0.1) softplus MLPs 784-256-256-10, S1 (F3), S5 and S6",
      ...both((s) => {
        const c = LINF_VERTICES_SCALE[s];
        return `${examples(s)} examples, ${SOFTPLUS_MLP_EPOCHS[s]} epochs each; S1 ${c.directions} directions × ${SCALE_PRESETS[s].hGrid.length} h on ${c.examples} test examples`;
      }),
    },
  ];
}
