// A notebook's findings are prose, its records data. The notebook states the answers its text gives
// (question → answer) and checks them here against the answers computed from the records, so a re-run
// that changes an answer fails the notebook instead of leaving a stale sentence.
import type { Verdict } from "./tables";

/** Throws, naming each question, where the records answer otherwise than stated or a stated question has no answer. */
export function checkStated(verdicts: readonly Verdict[], stated: Readonly<Record<string, string>>): void {
  const changed = verdicts
    .filter((v) => stated[v.question] !== v.answer)
    .map((v) => `"${v.question}": stated ${stated[v.question] === undefined ? "nothing" : `"${stated[v.question]}"`}, the records say "${v.answer}"`);
  const unanswered = Object.keys(stated)
    .filter((question) => !verdicts.some((v) => v.question === question))
    .map((question) => `"${question}": stated, but the records do not answer it`);
  const problems = [...changed, ...unanswered];
  if (problems.length > 0) throw new Error(`the stated findings no longer match the records:\n${problems.join("\n")}`);
}
