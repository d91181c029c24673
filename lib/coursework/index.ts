// Coursework (notebook 12 and the exercises at the end of the other notebooks): the checks and their
// feedback, the reference computations they compare against, and the small studies the exercises run
// on the student's answer. Used by the notebooks, the student pack and the grader (scripts/).
export type { CaseResult, CheckReport, Tolerance } from "./feedback";
export { ExerciseFailed, numberCase, vectorCase, propertyCase, exactCase, feedbackText } from "./feedback";
export type { ExerciseDefinition } from "./exercise";
export { notebookOf } from "./exercise";
export type { Answers, ExerciseInfo } from "./registry";
export { EXERCISES, exercises, exerciseById } from "./registry";
export { check, runCheck, startGrading, stopGrading } from "./check";
export * from "./checks-01";
export * from "./checks-02";
export * from "./checks-03";
export * from "./checks-04";
export * from "./checks-05";
export * from "./checks-06";
export * from "./checks-07";
export * from "./checks-08";
export * from "./checks-09";
export * from "./checks-10";
export * from "./checks-11";
export * from "./checks-12";
export * from "./start-radius";
export * from "./schedule-study";
export * from "./penalty-study";
export * from "./reuse-adversarial-1d";
