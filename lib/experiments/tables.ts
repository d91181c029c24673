// Tables A–C and the curves of F6 (paper-spec §8, §9), computed from experiment records only, with the
// stamps of the records they come from [Project design]. Numbers are means ± sample standard deviations
// over the seeds present; a cell with one seed shows no ± (its spread is unknown, not zero).
import type { Norm } from "../core/norms";
import { mean } from "../parameter-space/statistics";
import type { E3Cell, E3Results } from "./e3";
import type { E5Cell, E5Results } from "./e5";
import type { E6Cell, E6Results } from "./e6";
import type { E7Cell, E7Results } from "./e7";
import type { CellOutcome } from "./runner";
import { ratioAt, type SmoothnessProfile } from "./smoothness-profile";

/** Mean, sample standard deviation (NaN for one value) and count of the finite values. */
export interface Estimate {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

export function estimate(values: readonly number[]): Estimate {
  const finite = values.filter((v) => Number.isFinite(v));
  const m = mean(finite);
  const std = finite.length < 2 ? NaN : Math.sqrt(finite.reduce((s, v) => s + (v - m) ** 2, 0) / (finite.length - 1));
  return { mean: m, std, n: finite.length };
}

/** "0.912 ± 0.004" (percent with `percent`), or "0.912" for a single value. */
export function formatEstimate(e: Estimate, percent = false): string {
  if (e.n === 0) return "—";
  const f = (v: number) => (percent ? `${(100 * v).toFixed(1)}%` : v.toPrecision(3));
  return Number.isFinite(e.std) ? `${f(e.mean)} ± ${f(e.std)}` : f(e.mean);
}

const threatLabel = (norm: Norm, eps: number) => `${norm === "linf" ? "L∞" : "L2"} ${eps}`;

/** One row of Table A per (dataset, model, threat, method), over its seeds. */
export interface TableARow {
  dataset: string;
  model: string;
  threat: string;
  method: string;
  clean: Estimate;
  pgd20: Estimate;
  strong: Estimate;
  /** The final epoch's mean training adversarial loss. */
  trainLoss: Estimate;
  gradientEvaluations: number;
  seeds: number[];
}

const METHOD_NAMES: Record<string, string> = { "sgd-at": "SGD-AT", "entropy-sgd-at": "EnSGD-AT", "sam-at": "SAM-AT" };

/** Table A (E5) from E5 records. */
export function tableA(outcomes: readonly CellOutcome<E5Cell, E5Results>[]): TableARow[] {
  const groups = new Map<string, CellOutcome<E5Cell, E5Results>[]>();
  for (const o of outcomes) {
    const { dataset, norm, model, method } = o.cell.key;
    const id = [dataset, model, norm, method].join("|");
    groups.set(id, [...(groups.get(id) ?? []), o]);
  }
  return [...groups.values()].map((group) => {
    const { dataset, norm, model, method } = group[0].cell.key;
    const results = group.map((o) => o.record.results.training);
    const final = (f: (r: (typeof results)[number]) => number | undefined) => estimate(results.map((r) => f(r) ?? NaN));
    const strongOf = (r: (typeof results)[number]) => Object.entries(r.final?.attacks ?? {}).find(([name]) => name !== "pgd-20")?.[1].robustAccuracy;
    const eps = group[0].record.config && typeof group[0].record.config === "object" ? ((group[0].record.config as { attack?: { eps?: number } }).attack?.eps ?? NaN) : NaN;
    return {
      dataset,
      model,
      threat: threatLabel(norm, eps),
      method: METHOD_NAMES[method] ?? method,
      clean: final((r) => r.final?.cleanAccuracy),
      pgd20: final((r) => r.final?.attacks["pgd-20"]?.robustAccuracy),
      strong: final(strongOf),
      trainLoss: final((r) => r.log[r.log.length - 1].trainLoss),
      gradientEvaluations: Math.max(...results.map((r) => r.budget.gradientEvaluations)),
      seeds: group.map((o) => o.cell.key.seed),
    };
  });
}

/** Table A as display rows. */
export function tableARows(rows: readonly TableARow[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    method: r.method,
    "data / model": `${r.dataset} / ${r.model}`,
    threat: r.threat,
    clean: formatEstimate(r.clean, true),
    "PGD-20": formatEstimate(r.pgd20, true),
    "strong (PGD-50×5)": formatEstimate(r.strong, true),
    "train adv. loss": formatEstimate(r.trainLoss),
    "grad. evals": r.gradientEvaluations,
    seeds: r.seeds.join(", "),
  }));
}

/** F6: training adversarial loss and held-out robust accuracy against gradient evaluations, per E5 run. */
export function trainingCurves(outcomes: readonly CellOutcome<E5Cell, E5Results>[]): Record<string, string | number | null>[] {
  return outcomes.flatMap((o) =>
    o.record.results.training.log.map((entry) => ({
      method: METHOD_NAMES[o.cell.key.method] ?? o.cell.key.method,
      threat: `${o.cell.key.dataset} ${o.cell.key.norm === "linf" ? "L∞" : "L2"}`,
      seed: o.cell.key.seed,
      "gradient evaluations": entry.gradientEvaluations,
      "training adversarial loss": entry.trainLoss,
      "robust accuracy": entry.robustAccuracy,
    })),
  );
}

/** Table B's statistics of one profile. */
export function profileRow(profile: SmoothnessProfile, trajectory: readonly { ratio: number }[] | null): Record<string, string | number | null> {
  const reattack = profile.s1.find((r) => r.loss === "reattack" && r.directions === "random");
  const s2 = trajectory === null ? [] : trajectory.map((t) => t.ratio).sort((a, b) => a - b);
  return {
    "S1 median R(1e-3)": ratioAt(profile, "reattack"),
    "S1 slope": reattack?.slope ?? null,
    "S1-fixed R(1e-3)": ratioAt(profile, "frozen"),
    "S1 filter-norm. R(1e-3)": profile.s1.some((r) => r.directions === "filter-normalized") ? ratioAt(profile, "reattack", "filter-normalized") : null,
    "S2 median": s2.length === 0 ? null : s2[s2.length >> 1],
    "S3 λ_max": profile.s3?.values[0] ?? null,
    S4: profile.s4?.mean ?? null,
    "S5 saturation": profile.s5?.saturation ?? null,
    "S5 flip rate": profile.s5?.flipRate ?? null,
  };
}

/** Table B from E3 (SGD rows) and E6 (SGD and EnSGD rows) records. */
export function tableB(e3: readonly CellOutcome<E3Cell, E3Results>[], e6: readonly CellOutcome<E6Cell, E6Results>[]): Record<string, string | number | null>[] {
  const rows: Record<string, string | number | null>[] = [];
  for (const o of e3) {
    const { dataset, model, training, eps } = o.cell.key;
    for (const profile of o.record.results.profiles) {
      rows.push({
        source: "E3",
        "data / model": `${dataset} / ${model}`,
        training: training === "standard" ? "clean" : `${training === "linf" ? "L∞" : "L2"}-AT ${eps}`,
        optimizer: "SGD",
        "measured under": threatLabel(profile.threat.norm, profile.threat.eps),
        ...profileRow(profile, o.record.results.trajectory),
      });
    }
  }
  for (const o of e6) {
    const { dataset, norm, method } = o.cell.key;
    const profile = o.record.results.profile;
    rows.push({
      source: "E6",
      "data / model": `${dataset} / mlp`,
      training: `${norm === "linf" ? "L∞" : "L2"}-AT ${profile.threat.eps}`,
      optimizer: method === "entropy-sgd-at" ? "EnSGD" : "SGD",
      "measured under": threatLabel(profile.threat.norm, profile.threat.eps),
      ...profileRow(profile, null),
    });
  }
  return rows;
}

/** Table C (E7): one row per γ0 (and the reuseAdversarial ablation), one column per L: "robust / clean / loss". */
export function tableC(outcomes: readonly CellOutcome<E7Cell, E7Results>[]): Record<string, string>[] {
  const Ls = [...new Set(outcomes.map((o) => o.cell.key.L))].sort((a, b) => a - b);
  const rowKeys = [...new Set(outcomes.map((o) => `${o.cell.key.gamma0}|${o.cell.key.reuse}`))];
  return rowKeys.map((rowKey) => {
    const [gamma0, reuse] = rowKey.split("|");
    const row: Record<string, string> = { "γ0": gamma0, reuseAdversarial: reuse };
    for (const L of Ls) {
      const o = outcomes.find((c) => `${c.cell.key.gamma0}|${c.cell.key.reuse}` === rowKey && c.cell.key.L === L);
      const t = o?.record.results.training;
      row[`L = ${L}`] =
        t === undefined ? "—" : `${(100 * (t.final?.attacks["pgd-20"]?.robustAccuracy ?? NaN)).toFixed(1)}% / ${(100 * (t.final?.cleanAccuracy ?? NaN)).toFixed(1)}% / ${t.log[t.log.length - 1].trainLoss.toFixed(3)}`;
    }
    return row;
  });
}
