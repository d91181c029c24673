// Result files: data/results/<name>.json (a name may have folders: e5/full/mnist-linf-…), each carrying
// the scale stamp of paper-spec §6 and the provenance of docs/design.md §6, written atomically so that an
// interrupted run never leaves a truncated file. Figures and tables of recorded runs are drawn from these
// files only. A notebook shows a recorded full-scale result beside its live quick one (`recordOrLoad`).
import * as tf from "@tensorflow/tfjs";
import { execSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_ROOT, RESULTS_DIR } from "../core/paths";
import { assertOneOf } from "../core/validate";

export type Scale = "quick" | "full" | "reference";
export const SCALES: readonly Scale[] = ["quick", "full", "reference"];

/** What every figure, table and result file must say about the numbers (paper-spec §6, "Scale stamp"). */
export interface ScaleStamp {
  scale: Scale;
  /** Dataset and subset, e.g. "MNIST train 2000 (stratified, seed 0) / test 500". */
  dataset: string;
  /** Model, e.g. "mlp(784-256-256-10, relu)". */
  model: string;
  /** e.g. "L∞ ε=0.1", or "none" for standard training. */
  threat: string;
  /** e.g. "PGD-10 α=0.025 uniform start" (training) and the evaluation attack. */
  attack: string;
  /** Epochs or gradient-evaluation budget. */
  budget: string;
  /** Optimiser and its preset, e.g. "EntropySGD (project-default, L=2)". */
  optimizer: string;
  seeds: number[];
  precision: "float32" | "float64";
  backend: string;
}

export interface Provenance {
  createdAt: string;
  gitCommit: string;
  /** True when the working tree had uncommitted changes. */
  gitDirty: boolean;
  wallTimeSeconds: number;
  versions: { node: string; tfjs: string; library: string };
}

export interface ResultRecord<T = unknown> {
  format: "at-result/1";
  experiment: string;
  stamp: ScaleStamp;
  /** The full configuration the run was started with. */
  config: unknown;
  provenance: Provenance;
  results: T;
}

const STAMP_KEYS: (keyof ScaleStamp)[] = ["scale", "dataset", "model", "threat", "attack", "budget", "optimizer", "seeds", "precision", "backend"];

/** What a stamp must be told; the rest defaults to "—" (not applicable) and float32. */
export type StampFields = Pick<ScaleStamp, "scale" | "dataset" | "model" | "seeds" | "backend"> & Partial<ScaleStamp>;

/** A checked scale stamp from its fields: threat, attack, budget and optimizer default to "—", precision to float32. */
export function makeStamp(fields: StampFields): ScaleStamp {
  const stamp: ScaleStamp = { threat: "—", attack: "—", budget: "—", optimizer: "—", precision: "float32", ...fields };
  validateStamp(stamp);
  return stamp;
}

/** Throws unless `stamp` has every field of the scale stamp with a sensible value. */
export function validateStamp(stamp: unknown): asserts stamp is ScaleStamp {
  if (typeof stamp !== "object" || stamp === null) throw new TypeError("scale stamp missing");
  const s = stamp as Record<string, unknown>;
  const missing = STAMP_KEYS.filter((k) => s[k] === undefined || s[k] === "");
  if (missing.length) throw new TypeError(`scale stamp lacks ${missing.join(", ")}`);
  assertOneOf("stamp.scale", s.scale, SCALES);
  if (!Array.isArray(s.seeds) || !s.seeds.every((x) => Number.isInteger(x))) throw new TypeError("stamp.seeds must be an array of integers");
  assertOneOf("stamp.precision", s.precision, ["float32", "float64"] as const);
}

/** One-line caption for a figure or table: "Scale: quick · MNIST … · mlp(…) · L∞ ε=0.1 · … · seeds 0 · wasm". */
export function stampCaption(stamp: ScaleStamp, source?: string): string {
  validateStamp(stamp);
  const parts = [
    `Scale: ${stamp.scale}`,
    stamp.dataset,
    stamp.model,
    stamp.threat,
    stamp.attack,
    stamp.budget,
    stamp.optimizer,
    `seed${stamp.seeds.length > 1 ? "s" : ""} ${stamp.seeds.join(",")}`,
    stamp.precision,
    stamp.backend,
  ];
  return parts.filter((p) => p && p !== "—").join(" · ") + (source ? ` · from ${source}` : "");
}

function git(args: string): string {
  try {
    return execSync(`git ${args}`, { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "";
  }
}

let libraryVersion: string | null = null;

export function provenance(wallTimeSeconds: number, tfjsVersion: string): Provenance {
  libraryVersion ??= (JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { version: string }).version;
  return {
    createdAt: new Date().toISOString(),
    gitCommit: git("rev-parse HEAD") || "unknown",
    gitDirty: git("status --porcelain --untracked-files=no") !== "",
    wallTimeSeconds,
    versions: { node: process.version, tfjs: tfjsVersion, library: libraryVersion },
  };
}

let temporaryCounter = 0;

/**
 * Write a file so that readers see either the old or the complete new contents: write a temporary file
 * in the same folder, flush it to disk, then rename it over the target (atomic on POSIX filesystems).
 * If writing fails (disk full, an exception), the temporary file is removed and the target is left as
 * it was. A process killed mid-write can leave only a `<file>.<pid>.<n>.tmp` beside it, never a
 * truncated target.
 */
export function atomicWriteFile(file: string, contents: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  temporaryCounter += 1;
  const temporary = `${file}.${process.pid}.${temporaryCounter}.tmp`;
  try {
    const fd = fs.openSync(temporary, "w");
    try {
      // writeSync may write less than asked (large strings, pipes): loop until every byte is out.
      const bytes = Buffer.from(contents, "utf8");
      for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  // Make the rename itself durable (where the platform allows syncing a folder).
  try {
    const dir = fs.openSync(path.dirname(file), "r");
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Not supported here (e.g. Windows): the rename is still atomic, only its durability is the OS's.
  }
}

const PLAIN_SEGMENT = /^[a-z0-9][a-z0-9._-]*$/i;

/** The file of a record: <directory>/<name>.json, where the name is plain words, optionally in folders ("e5/full/…"). */
export function resultPath(experiment: string, directory = RESULTS_DIR): string {
  if (typeof experiment !== "string" || !experiment.split("/").every((segment) => PLAIN_SEGMENT.test(segment))) {
    throw new RangeError(`experiment name must be a plain file name (letters, digits, . _ -), or such names joined by "/", got "${experiment}"`);
  }
  return path.join(directory, `${experiment}.json`);
}

/** Whether a record of that name exists. */
export function hasResult(experiment: string, directory = RESULTS_DIR): boolean {
  return fs.existsSync(resultPath(experiment, directory));
}

/** A record of this run, with its provenance taken now. */
export function makeRecord<T>(experiment: string, stamp: ScaleStamp, config: unknown, results: T, wallTimeSeconds: number): ResultRecord<T> {
  validateStamp(stamp);
  return { format: "at-result/1", experiment, stamp, config, provenance: provenance(wallTimeSeconds, tf.version.tfjs), results };
}

/** Where a record came from, for captions: "data/results/<name>.json (2026-12-04, commit 1a2b3c4d)". */
export function recordSource(record: ResultRecord, directory = RESULTS_DIR): string {
  const file = path.relative(REPOSITORY_ROOT, resultPath(record.experiment, directory));
  const dirty = record.provenance.gitDirty ? ", uncommitted changes" : "";
  return `${file} (${record.provenance.createdAt.slice(0, 10)}, commit ${record.provenance.gitCommit.slice(0, 8)}${dirty})`;
}

/** A notebook's live result and the recorded full-scale one. */
export interface RecordedAndLive<T> {
  /** Computed in this run. */
  readonly live: ResultRecord<T>;
  /** The full-scale record: written by this run at full scale, else read from its file (null when there is none). */
  readonly recorded: ResultRecord<T> | null;
  /** recordSource(recorded), or a sentence saying how to make it. */
  readonly source: string;
}

/**
 * The record-or-show step of a notebook: computes the result live; at full scale writes it as the
 * record `name`, at quick scale reads the recorded full-scale file beside it (if any).
 */
export async function recordOrLoad<T>(
  name: string,
  scale: Scale,
  compute: () => ResultRecord<T> | Promise<ResultRecord<T>>,
  directory = RESULTS_DIR,
): Promise<RecordedAndLive<T>> {
  resultPath(name, directory); // checks the name before any work
  const live = await compute();
  if (live.experiment !== name) throw new RangeError(`recordOrLoad("${name}"): the computed record is named "${live.experiment}"`);
  if (scale === "full") writeResult(live, directory);
  const recorded = scale === "full" ? live : hasResult(name, directory) ? readResult<T>(name, directory) : null;
  const source = recorded === null ? `no recorded full-scale result ${name} yet: run this notebook with AT_SCALE=full` : recordSource(recorded, directory);
  return { live, recorded, source };
}

export function writeResult<T>(record: ResultRecord<T>, directory = RESULTS_DIR): string {
  validateStamp(record.stamp);
  const file = resultPath(record.experiment, directory);
  atomicWriteFile(file, JSON.stringify(record, null, 1) + "\n");
  return file;
}

export function readResult<T = unknown>(experiment: string, directory = RESULTS_DIR): ResultRecord<T> {
  const file = resultPath(experiment, directory);
  if (!fs.existsSync(file))
    throw new Error(`no recorded result ${path.relative(REPOSITORY_ROOT, file)}: run the experiment at full scale first (AT_SCALE=full)`);
  let record: ResultRecord<T> | null;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8")) as ResultRecord<T> | null;
  } catch (error) {
    throw new TypeError(`${file} is not a readable result file: ${(error as Error).message}`);
  }
  if (record === null || typeof record !== "object" || record.format !== "at-result/1") {
    throw new TypeError(`${file}: unknown result format ${String(record?.format)}`);
  }
  try {
    validateStamp(record.stamp);
  } catch (error) {
    throw new TypeError(`${file} carries no valid scale stamp (${(error as Error).message}); it cannot be shown as a result`);
  }
  return record;
}
