// Tables A–C and the curves of F6 (paper-spec §8, §9), computed from experiment records only, with the
// stamps of the records they come from [Project design]. Numbers are means ± sample standard deviations
// over the seeds present; a cell with one seed shows no ± (its spread is unknown, not zero).
import type { Norm } from "../core/norms";
import { mean } from "../parameter-space/statistics";
import { E3, type E3Cell, type E3Results } from "./e3";
import type { E5Cell, E5Results } from "./e5";
import type { E6Cell, E6Results } from "./e6";
import { ABLATION_GAMMA, divergenceLabel, E7, e7Summary, type E7Cell, type E7Results } from "./e7";
import { isCompleteGrid, type CellOutcome } from "./runner";
import { EPS_GRID } from "./presets";
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
    const eps =
      group[0].record.config && typeof group[0].record.config === "object"
        ? ((group[0].record.config as { attack?: { eps?: number } }).attack?.eps ?? NaN)
        : NaN;
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

/** Table C (E7): one row per γ0 (and the reuseAdversarial ablation), one column per L: "robust / clean / loss", or where it diverged. */
export function tableC(outcomes: readonly CellOutcome<E7Cell, E7Results>[]): Record<string, string>[] {
  const Ls = [...new Set(outcomes.map((o) => o.cell.key.L))].sort((a, b) => a - b);
  const rowKeys = [...new Set(outcomes.map((o) => `${o.cell.key.gamma0}|${o.cell.key.reuse}`))];
  return rowKeys.map((rowKey) => {
    const [gamma0, reuse] = rowKey.split("|");
    const row: Record<string, string> = { γ0: gamma0, reuseAdversarial: reuse };
    for (const L of Ls) {
      const o = outcomes.find((c) => `${c.cell.key.gamma0}|${c.cell.key.reuse}` === rowKey && c.cell.key.L === L);
      const s = o === undefined ? undefined : e7Summary(o.record.results);
      row[`L = ${L}`] =
        s === undefined
          ? "—"
          : s.diverged !== null
            ? `diverged at ${divergenceLabel(s.diverged)}`
            : `${(100 * s.robust).toFixed(1)}% / ${(100 * s.clean).toFixed(1)}% / ${s.trainLoss.toFixed(3)}`;
    }
    return row;
  });
}

/** A yes/no answer of the records to one question of an experiment's expected pattern. */
export type Verdict = { question: string; answer: string };

/** Whether a difference a − b is clear beyond the seeds' spread: "yes" (a < b), "no" (a > b) or "within spread". */
function clearlyBelow(a: Estimate, b: Estimate): string {
  // One seed has no spread to compare a difference with: say so rather than count any difference.
  if (a.n < 2 || b.n < 2) return `${a.mean < b.mean ? "yes" : "no"} (one seed: no spread)`;
  const spread = Math.sqrt((Number.isFinite(a.std) ? a.std ** 2 : 0) + (Number.isFinite(b.std) ? b.std ** 2 : 0));
  if (Math.abs(a.mean - b.mean) <= spread) return "within spread";
  return a.mean < b.mean ? "yes" : "no";
}

/** E5's comparison per threat of one model ("mlp", "cnn"): is EnSGD-AT's final training adversarial loss lower, its PGD-20 accuracy higher, than SGD-AT's? */
export function e5Verdicts(rows: readonly TableARow[], model: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const sgd of rows.filter((r) => r.method === "SGD-AT" && r.model === model)) {
    const en = rows.find((r) => r.method === "EnSGD-AT" && r.model === model && r.dataset === sgd.dataset && r.threat === sgd.threat);
    if (en === undefined) continue;
    out.push({
      threat: `${sgd.dataset} ${sgd.threat}`,
      "SGD-AT loss / PGD-20": `${formatEstimate(sgd.trainLoss)} / ${formatEstimate(sgd.pgd20, true)}`,
      "EnSGD-AT loss / PGD-20": `${formatEstimate(en.trainLoss)} / ${formatEstimate(en.pgd20, true)}`,
      "EnSGD lower training loss": clearlyBelow(en.trainLoss, sgd.trainLoss),
      "EnSGD more robust (PGD-20)": clearlyBelow({ ...en.pgd20, mean: -en.pgd20.mean }, { ...sgd.pgd20, mean: -sgd.pgd20.mean }),
    });
  }
  return out;
}

/**
 * E6's comparison per threat: is the EnSGD-AT network's adversarial loss smoother than the SGD-AT one's by
 * each measure of Table B — a smaller re-attacked S1 at h = 1e-3, an S1 slope nearer 0 (flat: no jump), a
 * smaller top Hessian eigenvalue (S3)? One network per method (seed 0): a difference, not a significance.
 */
export function e6Verdicts(outcomes: readonly CellOutcome<E6Cell, E6Results>[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const sgd of outcomes.filter((o) => o.cell.key.method === "sgd-at")) {
    const { dataset, norm } = sgd.cell.key;
    const en = outcomes.find((o) => o.cell.key.method === "entropy-sgd-at" && o.cell.key.dataset === dataset && o.cell.key.norm === norm);
    if (en === undefined) continue;
    const [a, b] = [sgd.record.results.profile, en.record.results.profile];
    const slope = (p: SmoothnessProfile) => p.s1.find((r) => r.loss === "reattack" && r.directions === "random")?.slope ?? NaN;
    const top = (p: SmoothnessProfile) => p.s3?.values[0] ?? NaN;
    const pair = (f: (p: SmoothnessProfile) => number) => `${f(a).toPrecision(3)} / ${f(b).toPrecision(3)}`;
    const smaller = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) ? yesNo(y < x) : "—");
    out.push({
      threat: `${dataset} ${threatLabel(norm, a.threat.eps)}`,
      "S1 R(1e-3), SGD / EnSGD": pair((p) => ratioAt(p, "reattack")),
      "EnSGD smaller S1": smaller(ratioAt(a, "reattack"), ratioAt(b, "reattack")),
      "S1 slope, SGD / EnSGD": pair(slope),
      "EnSGD slope nearer 0": smaller(Math.abs(slope(a)), Math.abs(slope(b))),
      "S3 λ_max, SGD / EnSGD": pair(top),
      "EnSGD smaller λ_max": smaller(top(a), top(b)),
    });
  }
  return out;
}

/** The networks of an E3 grid's runs of one model on one dataset, by their training. */
function e3Networks(outcomes: readonly CellOutcome<E3Cell, E3Results>[], dataset: string, model: string) {
  const runs = outcomes.filter((o) => o.cell.key.model === model && o.cell.key.dataset === dataset);
  const at = (norm: Norm) => runs.filter((o) => o.cell.key.training === norm).sort((a, b) => a.cell.key.eps - b.cell.key.eps);
  return { standard: runs.find((o) => o.cell.key.training === "standard"), linf: at("linf"), l2: at("l2") };
}

/** The (dataset, model) pairs of an E3 grid's runs, in the order of the runs. */
function e3Groups(outcomes: readonly CellOutcome<E3Cell, E3Results>[]): { dataset: string; model: string }[] {
  const names = [...new Set(outcomes.map((o) => `${o.cell.key.dataset} ${o.cell.key.model}`))];
  return names.map((name) => {
    const [dataset, model] = name.split(" ");
    return { dataset, model };
  });
}

const yesNo = (value: boolean) => (value ? "yes" : "no");
const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);

/** E3's expected pattern (paper-spec §7), per dataset and model whose grid (the clean network and the six ε)
 * is complete, as answers of the records: "mnist MLP: …", "mnist CNN: …". */
export function e3Verdicts(outcomes: readonly CellOutcome<E3Cell, E3Results>[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const { dataset, model } of e3Groups(outcomes)) {
    if (!isCompleteGrid(E3, outcomes, (cell) => cell.key.dataset === dataset && cell.key.model === model)) continue;
    const { standard, linf, l2 } = e3Networks(outcomes, dataset, model);
    if (standard === undefined) continue;
    const s1 = (o: CellOutcome<E3Cell, E3Results>, loss: "reattack" | "frozen" | "clean" = "reattack") => ratioAt(o.record.results.profiles[0], loss);
    // How much less smooth L∞-AT is than L2-AT at each position of the paired grid.
    const ratios = Array.from({ length: Math.min(linf.length, l2.length) }, (_, i) => s1(linf[i]) / s1(l2[i]));
    const q = (text: string) => `${dataset} ${model.toUpperCase()}: ${text}`;
    verdicts.push({ question: q("L∞-AT less smooth than L2-AT at every paired ε (re-attacked S1 at h = 1e-3)"), answer: yesNo(ratios.every((r) => r > 1)) });
    verdicts.push({ question: q("the L∞-AT / L2-AT ratio of re-attacked S1 grows along the paired ε"), answer: yesNo(increasing(ratios)) });
    verdicts.push({ question: q("L2-AT less smooth than the clean loss of the clean network"), answer: yesNo(l2.every((o) => s1(o) > s1(standard, "clean"))) });
    verdicts.push({ question: q("re-attacked S1 grows with ε under L∞"), answer: yesNo(increasing(linf.map((o) => s1(o)))) });
    verdicts.push({ question: q("re-attacked S1 grows with ε under L2"), answer: yesNo(increasing(l2.map((o) => s1(o)))) });
    const gap = (runs: CellOutcome<E3Cell, E3Results>[]) => Math.max(...runs.map((o) => s1(o) / s1(o, "frozen")));
    verdicts.push({ question: q("largest re-attacked/frozen gap under L∞"), answer: yesNo(gap(linf) > gap(l2)) });
    const lambda = (o: CellOutcome<E3Cell, E3Results>) => o.record.results.profiles[0].s3?.values[0] ?? NaN;
    verdicts.push({
      question: q("S3 (λ_max at frozen inputs) below the re-attacked S1 for every L∞-AT network"),
      answer: yesNo(linf.every((o) => lambda(o) < s1(o))),
    });
  }
  return verdicts;
}

/** S1 against h for the clean network's clean loss and the re-attacked and frozen losses of the largest-ε L∞ and L2 networks. */
export function s1Rows(outcomes: readonly CellOutcome<E3Cell, E3Results>[]): { network: string; loss: string; h: number; R: number }[] {
  const rows: { network: string; loss: string; h: number; R: number }[] = [];
  for (const { dataset, model } of e3Groups(outcomes)) {
    const { standard, linf, l2 } = e3Networks(outcomes, dataset, model);
    const add = (o: CellOutcome<E3Cell, E3Results> | undefined, network: string, losses: string[]) => {
      if (o === undefined) return;
      for (const series of o.record.results.profiles[0].s1.filter((r) => r.directions === "random" && losses.includes(r.loss))) {
        series.h.forEach((h, j) => rows.push({ network, loss: series.loss, h, R: series.median[j] }));
      }
    };
    add(standard, "clean network", ["clean"]);
    const last = <T>(items: T[]) => items[items.length - 1];
    add(last(l2), `L2-AT ε = ${last(l2)?.cell.key.eps}`, ["reattack", "frozen"]);
    add(last(linf), `L∞-AT ε = ${last(linf)?.cell.key.eps}`, ["reattack", "frozen"]);
  }
  return rows;
}

/** S1 (re-attacked, h = 1e-3) and S3 λ_max of each adversarially trained MLP against its position in the ε grid. */
export function e3AgainstEps(
  outcomes: readonly CellOutcome<E3Cell, E3Results>[],
): { norm: string; "grid position": number; eps: number; statistic: string; value: number }[] {
  return outcomes
    .filter((o) => o.cell.key.training !== "standard")
    .flatMap((o) => {
      const norm = o.cell.key.training as Norm;
      const position = EPS_GRID[norm].indexOf(o.cell.key.eps) + 1;
      const profile = o.record.results.profiles[0];
      const common = { norm: norm === "linf" ? "L∞" : "L2", "grid position": position, eps: o.cell.key.eps };
      return [
        { ...common, statistic: "S1 re-attacked, R(1e-3)", value: ratioAt(profile, "reattack") },
        { ...common, statistic: "S3 λ_max (frozen)", value: profile.s3?.values[0] ?? NaN },
      ];
    });
}

/** E7's questions answered by its records, once the whole grid is recorded (so every cell looked up is
 * there). A run that diverged has no
 * accuracy: it is left out of the best cell and the means, counts as less robust than any run that trained,
 * and is named in its own finding. */
export function e7Findings(outcomes: readonly CellOutcome<E7Cell, E7Results>[]): Verdict[] {
  if (!isCompleteGrid(E7, outcomes)) return [];
  const cells = outcomes.map((o) => ({ ...o.cell.key, ...e7Summary(o.record.results) }));
  const grid = cells.filter((c) => c.reuse === "no");
  const Ls = [...new Set(grid.map((c) => c.L))].sort((a, b) => a - b);
  const gammas = [...new Set(grid.map((c) => c.gamma0))].sort((a, b) => a - b);
  const at = (gamma0: number, L: number, reuse = "no") => cells.find((c) => c.gamma0 === gamma0 && c.L === L && c.reuse === reuse);
  const trained = grid.filter((c) => c.diverged === null);
  const best = trained.reduce((a, b) => (b.robust > a.robust ? b : a));
  const byGamma = (statistic: (c: (typeof cells)[number]) => number) => gammas.map((g) => mean(grid.filter((c) => c.gamma0 === g).map(statistic)));
  const lessRobust = (a: (typeof cells)[number], b: (typeof cells)[number]) => b.diverged !== null || (a.diverged === null && b.robust < a.robust);
  const slopes = byGamma((c) => c.s1Slope);
  const diverged = cells.filter((c) => c.diverged !== null);
  return [
    { question: "most robust cell (γ0, L)", answer: `γ0 = ${best.gamma0}, L = ${best.L}` },
    { question: "mean robust accuracy over L increases with γ0", answer: yesNo(increasing(byGamma((c) => c.robust))) },
    {
      question: `at γ0 = ${ABLATION_GAMMA}, robust accuracy at L = ${Ls[Ls.length - 1]} above L = ${Ls[0]}`,
      answer: yesNo(lessRobust(at(ABLATION_GAMMA, Ls[Ls.length - 1])!, at(ABLATION_GAMMA, Ls[0])!)),
    },
    {
      question: `reuseAdversarial less robust than re-attacking, at every L (γ0 = ${ABLATION_GAMMA})`,
      answer: yesNo(Ls.every((L) => lessRobust(at(ABLATION_GAMMA, L)!, at(ABLATION_GAMMA, L, "yes")!))),
    },
    {
      question: "mean S1 slope closer to 0 (smoother) at the smallest γ0 than at the largest",
      answer: yesNo(Math.abs(slopes[0]) < Math.abs(slopes[slopes.length - 1])),
    },
    {
      question: "runs whose training diverged",
      answer:
        diverged.length === 0 ? "none" : diverged.map((c) => `γ0 = ${c.gamma0}, L = ${c.L}, reuse ${c.reuse}: ${divergenceLabel(c.diverged!)}`).join("; "),
    },
  ];
}
