// Every exercise of the course, by id. To add the exercises of notebook NN: write checks-NN.ts (its
// `Answers` type and its list of ExerciseDefinition), then add the list to EXERCISES and the type to
// Answers below — docs/coursework.md walks through it.
import { EXERCISES_01, type Answers01 } from "./checks-01";
import { EXERCISES_02, type Answers02 } from "./checks-02";
import { EXERCISES_03, type Answers03 } from "./checks-03";
import { EXERCISES_04, type Answers04 } from "./checks-04";
import { EXERCISES_05, type Answers05 } from "./checks-05";
import { EXERCISES_06, type Answers06 } from "./checks-06";
import { EXERCISES_07, type Answers07 } from "./checks-07";
import { EXERCISES_08, type Answers08 } from "./checks-08";
import { EXERCISES_09, type Answers09 } from "./checks-09";
import { EXERCISES_10, type Answers10 } from "./checks-10";
import { EXERCISES_11, type Answers11 } from "./checks-11";
import { EXERCISES_12, type Answers12 } from "./checks-12";
import { notebookOf, type ExerciseDefinition } from "./exercise";

/** The answer each exercise's check expects, by exercise id. */
export type Answers = Answers01 &
  Answers02 &
  Answers03 &
  Answers04 &
  Answers05 &
  Answers06 &
  Answers07 &
  Answers08 &
  Answers09 &
  Answers10 &
  Answers11 &
  Answers12;

export const EXERCISES: readonly ExerciseDefinition[] = [
  ...EXERCISES_01,
  ...EXERCISES_02,
  ...EXERCISES_03,
  ...EXERCISES_04,
  ...EXERCISES_05,
  ...EXERCISES_06,
  ...EXERCISES_07,
  ...EXERCISES_08,
  ...EXERCISES_09,
  ...EXERCISES_10,
  ...EXERCISES_11,
  ...EXERCISES_12,
];

/** Summary of an exercise, for the student pack's README and the grader's columns. */
export interface ExerciseInfo {
  readonly id: string;
  readonly notebook: string;
  readonly title: string;
  readonly minutes: number;
  readonly points: number;
}

/** The exercises of the course (of one notebook, "12", when given), in order. */
export function exercises(notebook?: string): ExerciseInfo[] {
  return EXERCISES.filter((e) => notebook === undefined || notebookOf(e.id) === notebook).map((e) => ({
    id: e.id,
    notebook: notebookOf(e.id),
    title: e.title,
    minutes: e.minutes,
    points: e.points ?? 1,
  }));
}

export function exerciseById(id: string): ExerciseDefinition {
  const found = EXERCISES.find((e) => e.id === id);
  if (!found) throw new RangeError(`no exercise "${id}"; the exercises are ${EXERCISES.map((e) => e.id).join(", ")}`);
  return found;
}
