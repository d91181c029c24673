// Checkpoints: everything a run needs to continue bit for bit after an interruption — the weights, the
// optimiser's state (momentum buffers, EntropySGD's scope counter and noise stream), the oracle's state
// (minibatch order, attack-seed stream, cost counters), the log and the elapsed time — written after
// every epoch to <folder>/checkpoint.json, atomically (write, flush, rename), so an interruption leaves
// the previous checkpoint or the new one, never a truncated file.
//
// A checkpoint also holds the run's fingerprint: the model's config, a hash of the training and held-out
// data, and the run's JSON configuration. Resuming with anything else is refused with the differences
// named, before any training.
//
// Arrays of float32 values (weights, momentum buffers) are stored as base64 of their little-endian
// bytes — exact, and about 4× smaller than JSON numbers; everything else is plain JSON.
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend";
import { CHECKPOINTS_DIR } from "../core/paths";
import type { Classifier, ModelConfig } from "../models/classifier";
import { weightsToJson, type WeightsJson } from "../models/weights-io";
import type { Optimizer, OptimizerState } from "../optim/types";
import { atomicWriteFile } from "../results/records";
import type { EpochLogEntry } from "./log";
import type { TrainingData, TrainingOracle, TrainingOracleState } from "./oracle";
import type { FitConfig } from "./options";

export const CHECKPOINT_FORMAT = "at-checkpoint/1";
const FILE_NAME = "checkpoint.json";

/** A split's identity: its size and shape, and a hash of its labels and of evenly spaced input values. */
export interface DataFingerprint {
  readonly examples: number;
  readonly shape: number[];
  readonly hash: string;
}

export interface RunFingerprint {
  readonly model: ModelConfig;
  readonly data: { readonly train: DataFingerprint; readonly test: DataFingerprint | null };
  readonly config: FitConfig;
}

/** Accuracy on the held-out split after training, clean and under each final attack. */
export interface FinalEvaluation {
  readonly examples: number;
  readonly cleanAccuracy: number;
  readonly attacks: Record<string, { robustAccuracy: number; robustLoss: number; attack: string }>;
  readonly seconds: number;
}

export type StopReason = "epochs" | "budget";

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly fingerprint: RunFingerprint;
  /** Epoch entries completed (the log's length). */
  readonly epoch: number;
  readonly steps: number;
  /** Minibatches drawn so far: the progress clock is consumed / batchesPerEpoch. */
  readonly consumed: number;
  readonly finished: boolean;
  readonly stoppedBy: StopReason | null;
  readonly elapsedSeconds: number;
  readonly weights: WeightsJson;
  readonly optimizer: OptimizerState;
  readonly oracle: TrainingOracleState;
  readonly log: EpochLogEntry[];
  readonly final: FinalEvaluation | null;
  readonly savedAt: string;
  readonly backend: string;
}

/** Where a run stands; each epoch advances it, a checkpoint saves it. */
export interface RunProgress {
  /** Epoch entries completed (the log's length). */
  epoch: number;
  steps: number;
  finished: boolean;
  stoppedBy: StopReason | null;
  final: FinalEvaluation | null;
  log: EpochLogEntry[];
  /** Seconds spent before this session (earlier sessions of a resumed run). */
  elapsedBefore: number;
  /** When this session started (now()). */
  sessionStart: number;
  /** The last evaluation, as the progress line shows it. */
  lastEvaluation: string;
}

/** Seconds on the performance clock. */
export function now(): number {
  return performance.now() / 1000;
}

/** The run's wall time so far, across resumes. */
export function elapsed(progress: RunProgress): number {
  return progress.elapsedBefore + (now() - progress.sessionStart);
}

/** The progress of a run starting now: from a checkpoint, or from nothing. */
export function progressFrom(saved: Checkpoint | null): RunProgress {
  return {
    epoch: saved?.epoch ?? 0,
    steps: saved?.steps ?? 0,
    finished: saved?.finished ?? false,
    stoppedBy: saved?.stoppedBy ?? null,
    final: saved?.final ?? null,
    log: saved === null ? [] : [...saved.log],
    elapsedBefore: saved?.elapsedSeconds ?? 0,
    sessionStart: now(),
    lastEvaluation: "",
  };
}

/** The checkpoint of a run at the end of an epoch: its progress and the state of every part. */
export function snapshot(fingerprint: RunFingerprint, progress: RunProgress, model: Classifier, optimizer: Optimizer, oracle: TrainingOracle): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    fingerprint,
    epoch: progress.epoch,
    steps: progress.steps,
    consumed: oracle.counts.freshBatches,
    finished: progress.finished,
    stoppedBy: progress.stoppedBy,
    elapsedSeconds: elapsed(progress),
    weights: weightsToJson(model),
    optimizer: optimizer.state(),
    oracle: oracle.state(),
    log: progress.log,
    final: progress.final,
    savedAt: new Date().toISOString(),
    backend: activeBackend(),
  };
}

/** The folder of a run's checkpoint: `checkpointDir`, else data/checkpoints/<run>, else none. */
export function checkpointFolder(run: string | null, checkpointDir: string | null): string | null {
  if (checkpointDir !== null) return path.resolve(checkpointDir);
  return run === null ? null : path.join(CHECKPOINTS_DIR, run);
}

export function checkpointFile(folder: string): string {
  return path.join(folder, FILE_NAME);
}

const HASH_SAMPLES = 4096;

/** FNV-1a over 32-bit words. */
function fnv1a(words: ArrayLike<number>, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] >>> 0;
    for (let b = 0; b < 32; b += 8) {
      h ^= (w >>> b) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

/**
 * Identifies a split without reading all of it: all the labels and 4096 evenly spaced input values,
 * hashed as raw bits (the same on every backend, since no arithmetic touches them).
 */
export function dataFingerprint(data: TrainingData): DataFingerprint {
  const size = data.x.size;
  const count = Math.min(HASH_SAMPLES, size);
  const positions = new Int32Array(count);
  for (let i = 0; i < count; i++) positions[i] = Math.floor((i * size) / count);
  const sampled = tf.tidy(() => tf.gather(tf.reshape(data.x, [size]), tf.tensor1d(positions, "int32")));
  const values = sampled.dataSync() as Float32Array;
  sampled.dispose();
  const labels = data.y.dataSync() as Int32Array;
  const hash = fnv1a(new Uint32Array(values.buffer, values.byteOffset, values.length), fnv1a(labels));
  return { examples: data.x.shape[0], shape: [...data.x.shape], hash: hash.toString(16).padStart(8, "0") };
}

/** JSON with object keys sorted, so two equal configurations written in different key orders compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Paths where two JSON values differ (at most `limit`), e.g. ["config.attack.eps", "model.hidden"]. */
export function differences(a: unknown, b: unknown, prefix = "", limit = 6): string[] {
  if (canonicalJson(a) === canonicalJson(b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return [prefix || "(value)"];
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (out.length >= limit) break;
    out.push(...differences(a[key], b[key], prefix ? `${prefix}.${key}` : key, limit - out.length));
  }
  return out;
}

function show(value: unknown): string {
  const text = value === undefined ? "absent" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), root);
}

/** Throws unless a checkpoint was written by the same model, data and options. */
export function assertSameRun(saved: RunFingerprint, current: RunFingerprint, file: string): void {
  const diff = differences(saved, current);
  if (diff.length === 0) return;
  const what = diff.some((d) => d.startsWith("model")) ? "another model" : diff.some((d) => d.startsWith("data")) ? "other data" : "other options";
  const details = diff.map((d) => `${d}: checkpoint ${show(valueAt(saved, d))}, now ${show(valueAt(current, d))}`).join("; ");
  throw new RangeError(
    `the checkpoint ${file} is from ${what} (${details}). Resume with the model, data and options it was written with, ` +
      "or pass resume: false to start over (which replaces it)",
  );
}

const FLOAT32_KEY = "$float32";
const MIN_ENCODED_LENGTH = 16;

function isFloat32Array(v: unknown[]): v is number[] {
  if (v.length < MIN_ENCODED_LENGTH) return false;
  for (const x of v) if (typeof x !== "number" || Math.fround(x) !== x) return false;
  return true;
}

function encode(_key: string, value: unknown): unknown {
  if (Array.isArray(value) && isFloat32Array(value)) {
    return { [FLOAT32_KEY]: Buffer.from(new Float32Array(value).buffer).toString("base64") };
  }
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const text = (value as Record<string, unknown>)[FLOAT32_KEY];
    if (keys.length === 1 && typeof text === "string") {
      const bytes = Buffer.from(text, "base64");
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return Array.from(new Float32Array(copy.buffer));
    }
  }
  return value;
}

export function writeCheckpoint(folder: string, checkpoint: Checkpoint): string {
  const file = checkpointFile(folder);
  atomicWriteFile(file, JSON.stringify(checkpoint, encode) + "\n");
  return file;
}

/** The checkpoint in `folder`, or null when there is none. Throws on a file that is not a checkpoint. */
export function readCheckpoint(folder: string): Checkpoint | null {
  const file = checkpointFile(folder);
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"), decode);
  } catch (error) {
    throw new TypeError(`${file} is not a readable checkpoint: ${(error as Error).message}`);
  }
  const c = parsed as Partial<Checkpoint> | null;
  if (c === null || typeof c !== "object" || c.format !== CHECKPOINT_FORMAT) {
    throw new TypeError(`${file} is not a checkpoint of format ${CHECKPOINT_FORMAT} (format ${String(c?.format)})`);
  }
  const missing = (["fingerprint", "weights", "optimizer", "oracle", "log"] as const).filter((k) => c[k] === undefined);
  if (missing.length > 0) throw new TypeError(`${file} lacks ${missing.join(", ")}`);
  return c as Checkpoint;
}

/** Removes a run's checkpoint (a fresh start with resume: false). */
export function removeCheckpoint(folder: string): void {
  fs.rmSync(checkpointFile(folder), { force: true });
}
