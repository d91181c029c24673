// Runs an experiment's grid [Project design]: every cell whose record is missing, in order, with a
// progress bar and ETA over the whole grid; records are written one per cell, atomically, to
// <directory>/<experiment>/<scale>/<cell>.json (full scale: data/results/, committed; quick scale from
// the command line: build/results/). A cell whose record exists is skipped; a cell interrupted mid-run
// resumes from its training checkpoint (data/checkpoints/<experiment>/<scale>/<cell>/), losing at most
// the epoch it was in. Options are checked before any work, with the valid values named.
import * as fs from "fs";
import * as path from "path";
import { BUILD_RESULTS_DIR, CHECKPOINTS_DIR, RESULTS_DIR } from "../core/paths";
import { hasResult, readResult, writeResult, type ResultRecord } from "../results/records";
import { progress } from "../viz/progress";
import type { CellKey, Experiment, ExperimentCell } from "./experiment";
import type { RunnableScale } from "./presets";

export interface RunExperimentOptions {
  scale: RunnableScale;
  /** Keep only the cells whose key matches: { dataset: ["mnist"], seed: ["0", "1"] }, or "dataset=mnist,seed=0". */
  only?: string | Readonly<Record<string, readonly string[]>>;
  /** Replace the scale's seeds. */
  seeds?: readonly number[];
  /**
   * Where records go: a folder, or null to run live without writing or reading any (a notebook's quick
   * run). Default: data/results at full scale, build/results at quick scale.
   */
  directory?: string | null;
  /** Checkpoint folder root; default data/checkpoints (null: no checkpoints). */
  checkpoints?: string | null;
  /** Show the grid's progress as a bar (default true; the command line reports cells with onCell instead). */
  progress?: boolean;
  /** Called after each computed cell with the grid's progress so far. */
  onCell?: (report: CellReport) => void;
}

export interface CellReport {
  readonly name: string;
  /** Cells computed so far in this call, and how many it computes in all. */
  readonly done: number;
  readonly count: number;
  readonly seconds: number;
  /** Seconds left at the pace so far, weighted by the cells' costs. */
  readonly etaSeconds: number;
}

export interface CellOutcome<C extends ExperimentCell, R> {
  readonly cell: C;
  readonly name: string;
  readonly record: ResultRecord<R>;
  /** The record existed and was read, not computed. */
  readonly reused: boolean;
}

/** "mnist_linf_mlp_sgd-at_seed0": the key's values in the experiment's order, seeds as "seed<n>". */
export function cellFileName(experiment: Experiment, key: CellKey): string {
  return experiment.keyFields.map((field) => (field === "seed" ? `seed${key[field]}` : String(key[field]))).join("_");
}

export function recordName(experiment: Experiment, scale: RunnableScale, key: CellKey): string {
  return `${experiment.id}/${scale}/${cellFileName(experiment, key)}`;
}

/** Parses "dataset=mnist,norm=linf,seed=0" (a field may repeat: "seed=0,seed=1"). */
export function parseOnly(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")) {
    const [field, value, ...rest] = part.split("=");
    if (value === undefined || rest.length > 0 || field === "" || value === "")
      throw new RangeError(`--only takes key=value pairs separated by commas, got "${part}"`);
    (out[field] ??= []).push(value);
  }
  return out;
}

/** The cells of the grid that `only` keeps; throws on a field or value the grid does not have, naming the valid ones. */
export function selectCells<C extends ExperimentCell>(experiment: Experiment<C>, cells: C[], only: RunExperimentOptions["only"]): C[] {
  if (only === undefined) return cells;
  const filter = typeof only === "string" ? parseOnly(only) : only;
  for (const [field, values] of Object.entries(filter)) {
    if (!experiment.keyFields.includes(field)) {
      throw new RangeError(`${experiment.id} has no key field "${field}"; its fields are ${experiment.keyFields.join(", ")}`);
    }
    const valid = [...new Set(cells.map((c) => String(c.key[field])))];
    const unknown = values.filter((v) => !valid.includes(v));
    if (unknown.length > 0) throw new RangeError(`${experiment.id}: ${field} has no value ${unknown.join(", ")} in this grid; valid: ${valid.join(", ")}`);
  }
  return cells.filter((c) => Object.entries(filter).every(([field, values]) => values.includes(String(c.key[field]))));
}

function defaultDirectory(scale: RunnableScale): string {
  return scale === "full" ? RESULTS_DIR : BUILD_RESULTS_DIR;
}

/** Runs the missing cells of the grid (all of them live when directory is null) and returns every selected cell's record. */
export async function runExperiment<C extends ExperimentCell, R>(experiment: Experiment<C, R>, options: RunExperimentOptions): Promise<CellOutcome<C, R>[]> {
  const { scale } = options;
  if (scale !== "quick" && scale !== "full") throw new RangeError(`scale must be "quick" or "full", got "${String(scale)}"`);
  const cells = selectCells(experiment, experiment.grid(scale, options.seeds), options.only);
  if (cells.length === 0) throw new RangeError(`${experiment.id}: no cell of the ${scale} grid is selected`);
  const directory = options.directory === undefined ? defaultDirectory(scale) : options.directory;
  const checkpoints = options.checkpoints === undefined ? CHECKPOINTS_DIR : options.checkpoints;
  const named = cells.map((cell) => ({ cell, name: recordName(experiment, scale, cell.key) }));
  const todo = named.filter(({ name }) => directory === null || !hasResult(name, directory));
  const totalCost = todo.reduce((s, { cell }) => s + cell.cost, 0);
  const bar = options.progress === false ? null : progress(`${experiment.id} (${scale}): ${todo.length} of ${cells.length} runs to do`, totalCost);
  const started = performance.now();
  let doneCost = 0;
  let done = 0;
  const outcomes: CellOutcome<C, R>[] = [];
  for (const { cell, name } of named) {
    if (directory !== null && hasResult(name, directory)) {
      outcomes.push({ cell, name, record: readResult<R>(name, directory), reused: true });
      continue;
    }
    const checkpointDir = checkpoints === null ? null : path.join(checkpoints, name);
    const record = await experiment.run(cell, { scale, name, checkpointDir, checkpointRoot: checkpoints });
    if (record.experiment !== name) throw new Error(`${experiment.id}.run returned a record named "${record.experiment}" for cell ${name}`);
    if (directory !== null) writeResult(record, directory);
    outcomes.push({ cell, name, record, reused: false });
    bar?.tick(cell.cost, name);
    done += 1;
    doneCost += cell.cost;
    const seconds = (performance.now() - started) / 1000;
    options.onCell?.({ name, done, count: todo.length, seconds, etaSeconds: (seconds * (totalCost - doneCost)) / doneCost });
  }
  bar?.done();
  return outcomes;
}

/** The records of the grid that exist (full scale by default), without running anything. */
export function loadRecords<C extends ExperimentCell, R>(
  experiment: Experiment<C, R>,
  scale: RunnableScale = "full",
  directory = defaultDirectory(scale),
): CellOutcome<C, R>[] {
  return experiment
    .grid(scale)
    .map((cell) => ({ cell, name: recordName(experiment, scale, cell.key) }))
    .filter(({ name }) => hasResult(name, directory))
    .map(({ cell, name }) => ({ cell, name, record: readResult<R>(name, directory), reused: true }));
}

/**
 * Whether `outcomes` hold every cell of the experiment's grid (at the scale their records were made at)
 * that `part` selects. Verdicts and findings are read off complete grids only: on part of a grid they
 * would answer a different question, and change as the rest lands.
 */
export function isCompleteGrid<C extends ExperimentCell, R>(
  experiment: Experiment<C, R>,
  outcomes: readonly CellOutcome<C, R>[],
  part: (cell: C) => boolean = () => true,
): boolean {
  if (outcomes.length === 0) return false;
  const names = new Set(outcomes.map((o) => cellFileName(experiment, o.cell.key)));
  const scale = outcomes[0].record.stamp.scale as RunnableScale;
  return experiment
    .grid(scale)
    .filter(part)
    .every((cell) => names.has(cellFileName(experiment, cell.key)));
}

/** The summary table of outcomes: the key's fields, then the experiment's summary columns. */
export function summaryRows<C extends ExperimentCell, R>(
  experiment: Experiment<C, R>,
  outcomes: readonly CellOutcome<C, R>[],
): Record<string, string | number | null>[] {
  return outcomes.map(({ cell, record }) => ({ ...cell.key, ...experiment.summarize(record) }));
}

/** A notebook's live run of a grid beside the recorded full-scale one. */
export interface LiveAndRecorded<C extends ExperimentCell, R> {
  /** Computed in this run (at full scale: the records, run where missing). */
  readonly live: CellOutcome<C, R>[];
  /** The full-scale records present (all the grid's, or those `only` selects). */
  readonly recorded: CellOutcome<C, R>[];
  /** Where the recorded ones come from, for captions. */
  readonly source: string;
}

/** build/checkpoints/<name>, emptied: where a notebook's live quick runs checkpoint (one cell can resume another's). */
export function freshCheckpointRoot(name: string): string {
  const root = path.join(BUILD_RESULTS_DIR, "..", "checkpoints", name);
  fs.rmSync(root, { recursive: true, force: true });
  return root;
}

/**
 * The record-or-show step of the experiment notebooks: at full scale runs the missing cells into
 * data/results and shows the records; at quick scale runs the selected cells live (nothing written but
 * checkpoints under `checkpoints`) and loads the recorded full-scale ones beside them.
 */
export async function runForNotebook<C extends ExperimentCell, R>(
  experiment: Experiment<C, R>,
  scale: RunnableScale,
  options: { only?: RunExperimentOptions["only"]; checkpoints?: string | null } = {},
): Promise<LiveAndRecorded<C, R>> {
  const full = scale === "full";
  const live = await runExperiment(experiment, {
    scale,
    only: options.only,
    directory: full ? undefined : null,
    checkpoints: full ? undefined : (options.checkpoints ?? null),
  });
  const recorded = full ? live : loadRecords(experiment, "full");
  const commits = [...new Set(recorded.map((o) => o.record.provenance.gitCommit.slice(0, 8)))];
  const dates = recorded.map((o) => o.record.provenance.createdAt.slice(0, 10)).sort();
  const source =
    recorded.length === 0
      ? `no recorded full-scale ${experiment.id} yet: npm run experiment -- ${experiment.id} --scale full`
      : `data/results/${experiment.id}/full/ (${recorded.length} of ${experiment.grid("full").length} cells recorded, ${dates[0]}${dates[dates.length - 1] === dates[0] ? "" : ` to ${dates[dates.length - 1]}`}, commit ${commits.join(", ")})`;
  return { live, recorded, source };
}
