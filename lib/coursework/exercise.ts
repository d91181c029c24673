// What an exercise is to the coursework tools [Project design]: an id "NN.k" (notebook NN, exercise k),
// a title, the time a student is expected to spend on it, its points, and the cases its check runs on
// the student's answer. One file per notebook holds its exercises (checks-01.ts, checks-12.ts, ...),
// each exporting a list of these and the type of each answer; registry.ts collects them.
import type { CaseResult } from "./feedback";

export interface ExerciseDefinition<A = any> {
  /** "NN.k": notebook NN, exercise k. */
  readonly id: string;
  readonly title: string;
  /** The time a student is expected to spend on it, in minutes (README-STUDENT.md lists them). */
  readonly minutes: number;
  /** Points of the exercise (default 1); the grader awards points × the share of cases passed. */
  readonly points?: number;
  /** The cases of the check, run on the answer; each catches what the answer's code throws. */
  cases(answer: A): CaseResult[] | Promise<CaseResult[]>;
}

/** The notebook an exercise id belongs to: "12.3" → "12". */
export function notebookOf(id: string): string {
  const match = /^(\d\d)\.\d+$/.exec(id);
  if (!match) throw new RangeError(`an exercise id is "NN.k" (notebook NN, exercise k), got "${id}"`);
  return match[1];
}
