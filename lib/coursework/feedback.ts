// The feedback of an exercise check [Project design]: a check runs named cases against the student's
// answer, and every case that fails says what was computed, on which input, what was expected, what the
// answer gave, within which tolerance, and a hint aimed at the mistake that case catches. A check never
// answers only "wrong". The student's code is called inside each case, so an answer that throws (the
// student pack's stub "exercise: write your answer here"), returns NaN or the wrong shape fails that case
// with a message saying so, and the other cases still run.

/** The outcome of one case of a check. */
export interface CaseResult {
  /** What the case computes, on which input: "δ* for w = (0.5, −0.2, 0.1), ε = 0.3". */
  readonly name: string;
  readonly passed: boolean;
  /** The reference value, as text. */
  readonly expected?: string;
  /** What the answer gave (or the error it threw), as text. */
  readonly got?: string;
  /** The tolerance the comparison used, as text ("relative 1e-9"). */
  readonly tolerance?: string;
  /** Shown when the case fails: the likely mistake and where to look. */
  readonly hint?: string;
}

/** A check's verdict on one answer. */
export interface CheckReport {
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  /** Share of cases passed, in [0, 1]. */
  readonly score: number;
  /** The exercise's points; points × score is what the grader awards. */
  readonly points: number;
  readonly cases: readonly CaseResult[];
  /** The text shown in the notebook (also the message of the error a failed check throws). */
  readonly feedback: string;
}

/** Thrown by a failed check, so that the cell fails and a headless run stops there; its message is the feedback. */
export class ExerciseFailed extends Error {
  readonly report: CheckReport;
  constructor(report: CheckReport) {
    super(report.feedback);
    this.name = "ExerciseFailed";
    this.report = report;
  }
}

/** Numbers as feedback shows them: enough digits to see a difference, vectors in parentheses. */
export function show(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(8))) : String(value);
  if (value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value)) {
    const items = Array.from(value as ArrayLike<unknown>).map(show);
    return `(${items.length > 8 ? [...items.slice(0, 8), `… ${items.length} entries`].join(", ") : items.join(", ")})`;
  }
  if (typeof value === "string") return `"${value}"`;
  if (value === undefined) return "undefined (did the function return a value?)";
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs the student's code; an error becomes a failed case that names it. */
function attempt<T>(name: string, compute: () => T, hint: string | undefined): { value?: T; failure?: CaseResult } {
  try {
    return { value: compute() };
  } catch (error) {
    const thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const stub = /exercise: write your answer here/.test(thrown);
    return {
      failure: {
        name,
        passed: false,
        got: `your code threw ${thrown}`,
        hint: stub ? `this part is not written yet: replace the \`throw\` line with your answer${hint ? `. ${hint}` : ""}` : hint,
      },
    };
  }
}

export interface Tolerance {
  /** Relative tolerance |got − expected| ≤ relative·|expected| (or ≤ absolute, whichever is larger). */
  readonly relative?: number;
  readonly absolute?: number;
}

function toleranceText(t: Tolerance): string {
  return [t.relative !== undefined ? `relative ${t.relative}` : "", t.absolute !== undefined ? `absolute ${t.absolute}` : ""].filter(Boolean).join(" or ");
}

function within(got: number, expected: number, t: Tolerance): boolean {
  const allowed = Math.max((t.relative ?? 0) * Math.abs(expected), t.absolute ?? 0);
  return Math.abs(got - expected) <= allowed;
}

/** A case comparing one number the answer computes with a reference value. */
export function numberCase(name: string, compute: () => unknown, expected: number, tolerance: Tolerance, hint?: string): CaseResult {
  const run = attempt(name, compute, hint);
  if (run.failure) return { ...run.failure, expected: show(expected) };
  const got = run.value;
  const base = { name, expected: show(expected), got: show(got), tolerance: toleranceText(tolerance) };
  if (typeof got !== "number" || Number.isNaN(got)) return { ...base, passed: false, hint: `expected a number${hint ? `. ${hint}` : ""}` };
  return within(got, expected, tolerance) ? { ...base, passed: true } : { ...base, passed: false, hint };
}

/** A case comparing a vector the answer computes with a reference vector, entry by entry. */
export function vectorCase(name: string, compute: () => unknown, expected: ArrayLike<number>, tolerance: Tolerance, hint?: string): CaseResult {
  const run = attempt(name, compute, hint);
  if (run.failure) return { ...run.failure, expected: show(Array.from(expected)) };
  const got = run.value;
  const base = { name, expected: show(Array.from(expected)), got: show(got), tolerance: toleranceText(tolerance) };
  if (!(got instanceof Float64Array || got instanceof Float32Array || Array.isArray(got))) {
    return { ...base, passed: false, hint: `expected an array of ${expected.length} numbers (a Float64Array)${hint ? `. ${hint}` : ""}` };
  }
  const values = Array.from(got as ArrayLike<unknown>);
  if (values.length !== expected.length)
    return { ...base, passed: false, hint: `expected ${expected.length} entries, got ${values.length}${hint ? `. ${hint}` : ""}` };
  const wrong = values.findIndex((v, i) => typeof v !== "number" || !within(v, expected[i], tolerance));
  if (wrong < 0) return { ...base, passed: true };
  return {
    ...base,
    passed: false,
    hint: `entry ${wrong} differs first (expected ${show(expected[wrong])}, got ${show(values[wrong])})${hint ? `. ${hint}` : ""}`,
  };
}

/** A case on a property of the answer: `test` returns null when it holds, else what was seen. */
export function propertyCase(name: string, compute: () => unknown, expected: string, test: (value: unknown) => string | null, hint?: string): CaseResult {
  const run = attempt(name, compute, hint);
  if (run.failure) return { ...run.failure, expected };
  const seen = test(run.value);
  return seen === null ? { name, passed: true, expected, got: show(run.value) } : { name, passed: false, expected, got: seen, hint };
}

/** A case comparing a value (boolean, string, small integer) exactly. */
export function exactCase(name: string, compute: () => unknown, expected: unknown, hint?: string): CaseResult {
  return propertyCase(name, compute, show(expected), (value) => (value === expected ? null : show(value)), hint);
}

/** The feedback text of a report: a summary line, then every failed case with its details. */
export function feedbackText(id: string, title: string, cases: readonly CaseResult[]): string {
  const failed = cases.filter((c) => !c.passed);
  if (failed.length === 0) return `✔ Exercise ${id} (${title}): all ${cases.length} cases pass.`;
  const lines = [`✘ Exercise ${id} (${title}): ${failed.length} of ${cases.length} cases fail.`];
  for (const c of failed) {
    lines.push(`  • ${c.name}`);
    if (c.expected !== undefined) lines.push(`      expected ${c.expected}`);
    if (c.got !== undefined) lines.push(`      got      ${c.got}`);
    if (c.tolerance) lines.push(`      tolerance ${c.tolerance}`);
    if (c.hint) lines.push(`      hint: ${c.hint}`);
  }
  return lines.join("\n");
}
