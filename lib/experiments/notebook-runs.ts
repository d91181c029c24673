// What each notebook trains and measures at each scale [Project design], in one table that the
// notebooks read their settings from and notebook 00 shows, so the two cannot disagree.
import { SCALE_PRESETS, type RunnableScale } from "./presets";
import { E3, E3_EPOCHS } from "./e3";
import { E5, E5_CNN_EPOCHS } from "./e5";
import { E6 } from "./e6";
import { E7 } from "./e7";
import type { Experiment } from "./experiment";
import { REATTACK_VS_FROZEN_EPOCHS } from "./reattack-vs-frozen";
import { ATTACK_CONTINUITY_SCALE } from "./attack-continuity-mnist";
import { LINF_VERTICES_SCALE } from "./linf-vertices";
import { SOFTPLUS_MLP_EPOCHS } from "./softplus-mlp";
import { BINARY_LINEAR_SETTINGS, SPARSITY_THREATS } from "./binary-linear";
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
      ...both(
        (s) =>
          `${examples(s)} examples, ${REATTACK_VS_FROZEN_EPOCHS[s]} epochs; S1 ${SCALE_PRESETS[s].directions} directions × ${SCALE_PRESETS[s].hGrid.length} h`,
      ),
    },
    {
      notebook: "03",
      what: `${SPARSITY_THREATS.length} logistic models (clean, closed-form L∞- and L2-AT), MNIST 0-vs-1; F1 grid`,
      ...both((s) => {
        const o = BINARY_LINEAR_SETTINGS[s];
        return `${o.trainExamples === null ? "all 12665" : o.trainExamples} examples, ${o.epochs} epochs each; F1 ${o.surfacePoints}×${o.surfacePoints}`;
      }),
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
      notebook: "06",
      what: "L2-AT softplus MLP 784-256-256-10 with input-gradient penalty λ, MNIST; S4, S1 and S6 per example and per model",
      ...both((s) => {
        const f = FLATNESS_SETTINGS[s];
        return `${examples(s)} examples, ${f.epochs} epochs × λ ∈ {${f.penalties.join(", ")}}; ${f.examples} held-out examples, ${f.directions} directions at h = 1e-3`;
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
    {
      notebook: "08",
      what: "E3: clean and PGD-AT softplus networks, Table B",
      ...both((s) => `${runs(E3, s)}; MLP ${E3_EPOCHS[s].mlp} epochs${s === "full" ? `, CNN ${E3_EPOCHS.full.cnn}` : ""}`),
    },
    {
      notebook: "10",
      what: "E5 (SGD-AT, EnSGD-AT, SAM-AT at equal budgets) and E6 (their smoothness, F5)",
      ...both((s) => `E5 ${runs(E5, s)}, ${SCALE_PRESETS[s].epochs} SGD-AT epochs${s === "full" ? ` (CNN ${E5_CNN_EPOCHS})` : ""}; E6 ${runs(E6, s)}`),
    },
    { notebook: "11", what: "E7: EnSGD-AT over γ0 × L, MNIST L∞ 0.3", ...both((s) => `${runs(E7, s)}, ${SCALE_PRESETS[s].epochs} SGD-AT epochs each`) },
  ];
}

/** "12 runs on 2000 examples": a grid's size at a scale (the notebooks' quick runs may select part of it). */
function runs(experiment: Experiment, scale: RunnableScale): string {
  return `${experiment.grid(scale).length} runs on ${examples(scale)} examples`;
}
