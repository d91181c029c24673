// Exercise 12.6: periodic adversarial scheduling [Standard result: Liu, Salzmann, Lin, Tomioka &
// Süsstrunk, NeurIPS 2020, propose ramping ε up in cycles with a cyclic learning rate; the formulas below
// are one concrete form of it, Project design] and what it does to the smoothness met along training.
//   cycle length P = T/c, phase τ_t = ((t mod P) + 1)/P ∈ (0, 1],
//   ε_t  = ε_max · ½(1 − cos πτ_t)       (from near 0 up to ε_max at the end of every cycle),
//   lr_t = lr_max · ½(1 + cos π(t mod P)/P)   (cosine annealing, restarted every cycle).
// The study trains a logistic model on 2-D data whose second feature carries no signal, so the L∞
// adversarial loss (T1(b), an ε‖w‖₁ term) pulls w₂ onto its kink w₂ = 0, and tracks S1 there.
import { meanAdversarialLoss, meanAdversarialLossGradient, meanAdversarialLossGradientRatio } from "../losses/adversarial-linear";
import { blobsFloat64 } from "../data/synthetic-2d";
import { median } from "../parameter-space/statistics";

export type Schedule = (step: number, totalSteps: number, cycles: number, max: number) => number;

export const periodicEpsReference: Schedule = (t, T, cycles, epsMax) => {
  const period = T / cycles;
  return (epsMax * (1 - Math.cos((Math.PI * ((t % period) + 1)) / period))) / 2;
};

export const cyclicLrReference: Schedule = (t, T, cycles, lrMax) => {
  const period = T / cycles;
  return (lrMax * (1 + Math.cos((Math.PI * (t % period)) / period))) / 2;
};

/** The settings of the study (exported so the notebook can state them). */
export const SCHEDULE_STUDY = { steps: 400, cycles: 4, epsMax: 0.3, lrMax: 1.0, h: 0.05, examples: 200, start: [0.2, 0.6] as const } as const;

export interface ScheduleRow {
  readonly step: number;
  readonly schedule: string;
  readonly eps: number;
  /** L_ε at the target ε_max. */
  readonly loss: number;
  /** S1 at step h along the coordinate axes (the directions that cross T1(b)'s kinks), at the ε being trained. */
  readonly s1: number;
}

/** S1 across the kinks: max over the coordinate axes of ‖∇L(w + h/2 e_i) − ∇L(w − h/2 e_i)‖/h. */
function axisRatio(w: Float64Array, h: number, data: { data: Float64Array; d: number }, y: readonly number[], eps: number): number {
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    const e = new Float64Array(w.length);
    e[i] = 1;
    const from = w.map((wi, j) => wi - (j === i ? h / 2 : 0));
    worst = Math.max(worst, meanAdversarialLossGradientRatio(from, e, h, data, y, eps, "linf"));
  }
  return worst;
}

/**
 * Full-batch gradient descent on the L∞ adversarial logistic loss, once with ε_t and lr_t from the given
 * schedules ("periodic") and once with ε_max and the mean learning rate lr_max/2 ("constant").
 */
export function scheduleStudy(epsAt: Schedule, lrAt: Schedule, seed = 0): ScheduleRow[] {
  const { steps, cycles, epsMax, lrMax, h, examples, start } = SCHEDULE_STUDY;
  const blobs = blobsFloat64({
    n: examples,
    centers: [
      [-1, 0],
      [1, 0],
    ],
    std: 0.6,
    seed,
  });
  const data = { data: blobs.x, d: 2 };
  const y = Array.from(blobs.y, (c) => 2 * c - 1);
  const runs: [string, (t: number) => number, (t: number) => number][] = [
    ["periodic", (t) => epsAt(t, steps, cycles, epsMax), (t) => lrAt(t, steps, cycles, lrMax)],
    ["constant", () => epsMax, () => lrMax / 2],
  ];
  const rows: ScheduleRow[] = [];
  for (const [schedule, eps, lr] of runs) {
    let w = Float64Array.from(start);
    for (let t = 0; t < steps; t++) {
      const e = eps(t);
      rows.push({ step: t, schedule, eps: e, loss: meanAdversarialLoss(w, data, y, epsMax, "linf"), s1: axisRatio(w, h, data, y, e) });
      const g = meanAdversarialLossGradient(w, data, y, e, "linf");
      w = w.map((wi, i) => wi - lr(t) * g[i]);
    }
  }
  return rows;
}

/** Median S1 of each schedule over the steps where the periodic ε_t is below a quarter of ε_max. */
export function earlyCycleS1(rows: readonly ScheduleRow[]): { periodic: number; constant: number } {
  const early = new Set(rows.filter((r) => r.schedule === "periodic" && r.eps < SCHEDULE_STUDY.epsMax / 4).map((r) => r.step));
  const of = (schedule: string) => median(rows.filter((r) => r.schedule === schedule && early.has(r.step)).map((r) => r.s1));
  return { periodic: of("periodic"), constant: of("constant") };
}
