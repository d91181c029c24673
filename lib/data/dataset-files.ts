// Where the prepared data sets live, and an in-memory cache of their decoded bytes.
//
// `npm run setup` (scripts/prepare-datasets.ts) writes them to <repository>/data/datasets/
// (lib/core/paths.ts).
//
// A notebook re-runs its loading cell often, so each file's decoded bytes are kept in memory after the
// first read (about 110 MB for MNIST and Fashion-MNIST together); the cache checks the file's size and
// modification time, so a re-prepared file is read again. Tensors are never cached: every load builds
// fresh ones that the caller owns and disposes.
import * as fs from "fs";
import * as path from "path";
import { DATASETS_DIR } from "../core/paths";
import { assertOneOf } from "../core/validate";

/** The two splits every data set here has. */
export type Split = "train" | "test";
export const SPLITS: readonly Split[] = ["train", "test"];

export function checkSplit(split: unknown): asserts split is Split {
  assertOneOf("split", split, SPLITS);
}

/** <repository>/data/datasets, where `npm run setup` puts the prepared data sets. */
export function datasetsDir(): string {
  return DATASETS_DIR;
}

interface CacheEntry<T> {
  size: number;
  mtimeMs: number;
  value: T;
}

const cache = new Map<string, CacheEntry<unknown>>();

/**
 * `decode(file)` for an existing file, remembered per (file, kind) until the file changes on disk.
 * `kind` separates different decodings of the same file.
 */
export function cachedDecode<T>(file: string, kind: string, decode: (file: string) => T): T {
  const stat = fs.statSync(file);
  const key = `${kind}\0${path.resolve(file)}`;
  const hit = cache.get(key);
  if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.value as T;
  const value = decode(file);
  cache.set(key, { size: stat.size, mtimeMs: stat.mtimeMs, value });
  return value;
}

/** Forget every cached file (frees the memory; the next load reads the files again). */
export function clearDatasetCache(): void {
  cache.clear();
}

/**
 * The first of `candidates` (file names inside `dir`) that exists, or an Error whose message says
 * what is missing and how to get it (`hint`).
 */
export function findDatasetFile(dir: string, candidates: readonly string[], what: string, hint: string): string {
  for (const name of candidates) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  const shown = path.join(dir, candidates[0]);
  const others = candidates
    .slice(1)
    .map((name) => path.basename(name))
    .join(" or ");
  throw new Error(`${what}: file ${shown}${others ? ` (or ${others})` : ""} not found. ${hint}`);
}
