// What an experiment is to the runner [Project design]: a grid of cells (one training run and its
// measurements each), named by a stable key, and a function that runs one cell into a stamped record.
// Every grid experiment (E3, E5, E6, E7) has one file in this folder exporting an Experiment, run by
// runner.ts from the command line (`npm run experiment`) and from the notebooks alike.
import type { ResultRecord } from "../results/records";
import type { RunnableScale } from "./presets";

/** A cell's identity: one value per key field, e.g. { dataset: "mnist", norm: "linf", method: "sgd-at", seed: 0 }. */
export type CellKey = Readonly<Record<string, string | number>>;

export interface ExperimentCell {
  readonly key: CellKey;
  /** Work relative to the other cells (e.g. gradient evaluations), for the grid's ETA. */
  readonly cost: number;
}

export interface CellContext {
  readonly scale: RunnableScale;
  /** The record's name (results/records.ts), which the returned record must carry. */
  readonly name: string;
  /** Where the cell's training checkpoints, so that an interrupted cell resumes; null: no checkpoints. */
  readonly checkpointDir: string | null;
  /** The root the checkpoint folders of every experiment are under (a cell may resume another's), or null. */
  readonly checkpointRoot: string | null;
}

export interface Experiment<C extends ExperimentCell = ExperimentCell, R = unknown> {
  /** Short id used on the command line and in record names, e.g. "e5". */
  readonly id: string;
  readonly title: string;
  /** The fields of a cell's key, in the order names and tables show them. */
  readonly keyFields: readonly string[];
  /** The cells at a scale; `seeds` replaces the scale's seeds. */
  grid(scale: RunnableScale, seeds?: readonly number[]): C[];
  /** Runs one cell (resuming from context.checkpointDir) and returns its record, named context.name. */
  run(cell: C, context: CellContext): Promise<ResultRecord<R>>;
  /** One row of the summary table for a record of this experiment. */
  summarize(record: ResultRecord<R>): Record<string, string | number | null>;
}
