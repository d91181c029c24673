// Result files: data/results/<experiment>.json, each carrying the scale stamp of paper-spec §6 and the
// provenance of docs/design.md §6, written atomically so that an interrupted run never leaves a truncated
// file. Figures and tables of recorded runs are drawn from these files only.
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
    return execSync(`git ${args}`, { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
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
      for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
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

export function resultPath(experiment: string, directory = RESULTS_DIR): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(experiment)) throw new RangeError(`experiment name must be a plain file name, got "${experiment}"`);
  return path.join(directory, `${experiment}.json`);
}

export function writeResult<T>(record: ResultRecord<T>, directory = RESULTS_DIR): string {
  validateStamp(record.stamp);
  const file = resultPath(record.experiment, directory);
  atomicWriteFile(file, JSON.stringify(record, null, 1) + "\n");
  return file;
}

export function readResult<T = unknown>(experiment: string, directory = RESULTS_DIR): ResultRecord<T> {
  const file = resultPath(experiment, directory);
  if (!fs.existsSync(file)) throw new Error(`no recorded result ${path.relative(REPOSITORY_ROOT, file)}: run the experiment at full scale first (AT_SCALE=full)`);
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
