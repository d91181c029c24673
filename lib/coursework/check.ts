// `await at.coursework.check("12.3", answer)`: runs the exercise's cases on the answer, prints the
// feedback and, when a case fails, throws ExerciseFailed so the cell fails (and a headless run stops
// there). When AT_COURSEWORK_RESULTS names a file (the grader sets it), each report is also appended to it
// as one JSON line; the grader trusts only the lines written after its own cells call startGrading().
import * as fs from "fs";
import { ExerciseFailed, feedbackText, type CheckReport } from "./feedback";
import { exerciseById, type Answers } from "./registry";

let phase: "notebook" | "grading" = "notebook";

/** Marks the reports that follow as the grader's own (scripts/grade-notebooks.py calls it before its check cells). */
export function startGrading(): void {
  phase = "grading";
}

/** Ends the grader's cells: reports that follow are the notebook's own again. */
export function stopGrading(): void {
  phase = "notebook";
}

/** The report of an exercise's check on an answer, without printing or throwing. */
export async function runCheck(id: string, answer: unknown): Promise<CheckReport> {
  const exercise = exerciseById(id);
  const cases =
    answer === undefined || answer === null
      ? [
          {
            name: "the answer",
            passed: false,
            got: String(answer),
            hint: "pass your function (or the object of your functions) as the second argument of check",
          },
        ]
      : await exercise.cases(answer as never);
  const passedCount = cases.filter((c) => c.passed).length;
  return {
    id,
    title: exercise.title,
    passed: passedCount === cases.length,
    score: cases.length ? passedCount / cases.length : 0,
    points: exercise.points ?? 1,
    cases,
    feedback: feedbackText(id, exercise.title, cases),
  };
}

function record(report: CheckReport): void {
  const file = process.env.AT_COURSEWORK_RESULTS;
  if (!file) return;
  const { id, passed, score, points, feedback } = report;
  fs.appendFileSync(file, `${JSON.stringify({ id, phase, passed, score, points, feedback })}\n`);
}

/**
 * Checks an answer: prints "✔ …" when every case passes, else throws ExerciseFailed with the feedback.
 * Returns nothing, so that as a cell's last expression it adds no output (runCheck gives the report).
 */
export async function check<K extends keyof Answers & string>(id: K, answer: Answers[K]): Promise<void> {
  const report = await runCheck(id, answer);
  record(report);
  if (!report.passed) throw new ExerciseFailed(report);
  console.log(report.feedback);
}
