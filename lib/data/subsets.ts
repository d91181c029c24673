// Which examples of a split a loader returns, in which order, under which labels.
//
// - `classes: [a, b, ...]` keeps the examples of those classes and relabels them by position
//   (a → 0, b → 1, ...): `[3, 7]` is the binary 3-vs-7 task with labels 0/1.
// - `limit` without `seed`: the first `limit` examples in file order (after the class filter).
//   Deterministic without a seed, but not stratified: the first examples of a file need not have its
//   class proportions (MNIST's are close, within a few percent, but nothing guarantees it).
// - `limit` with `seed`: a seeded random subsample, stratified by default: each class gets its share
//   of `limit` in proportion to its count in the split, rounded by largest remainder, so every class
//   is within one example of its exact proportional share. `stratified: false` draws `limit` examples
//   uniformly without replacement instead. The result is in seeded random order.
// - `seed` without `limit`: the whole (filtered) split, in seeded random order.
// - `validationSplit: { examples, part }` first sets aside a validation set carved out of the (filtered)
//   split: a stratified draw of `examples` with a fixed seed, the same for every caller, so a tuning run
//   trains on part "training" (the rest) and validates on part "validation", never on the test split.
//   `limit` and `seed` then apply within the part.
// No option: the whole split in file order.
import { assertSeed, Rng } from "../core/rng";
import { assertBoolean, assertPositiveInteger } from "../core/validate";

export interface SubsetOptions {
  /** Number of examples to return (a positive integer, at most the number available). */
  limit?: number;
  /** Classes to keep, at least two distinct ids; relabelled 0, 1, ... in this order. */
  classes?: readonly number[];
  /** Seed of the random subsample and order; without it, the first `limit` examples in file order. */
  seed?: number;
  /** With a seed: keep the split's class proportions (default true). Needs a seed. */
  stratified?: boolean;
  /** Set aside `examples` (stratified, fixed seed) as a validation set and return that part or the rest. */
  validationSplit?: { readonly examples: number; readonly part: "validation" | "training" };
}

/** The seed of every validation split's draw: one validation set per split and class filter. */
export const VALIDATION_SEED = 20211;

export interface Subset {
  /** Positions of the chosen examples in the split. */
  readonly indices: Int32Array;
  /** Their labels after relabelling (position in `classes`, or the original id without `classes`). */
  readonly labels: Int32Array;
}

/** Check the options' types and ranges (everything that does not need the data), before any work. */
export function checkSubsetOptions(options: SubsetOptions, numClasses: number, splitSize?: number): void {
  const { limit, classes, seed, stratified } = options;
  if (limit !== undefined) {
    assertPositiveInteger("limit", limit);
    if (splitSize !== undefined && limit > splitSize) {
      throw new RangeError(`limit must be at most the split's ${splitSize} examples, got ${limit}`);
    }
  }
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.length < 2) {
      throw new RangeError(`classes must be an array of at least two class ids, got ${JSON.stringify(classes)}`);
    }
    for (const c of classes) {
      if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c >= numClasses) {
        throw new RangeError(`classes must hold integers in [0, ${numClasses - 1}], got ${JSON.stringify(classes)}`);
      }
    }
    if (new Set(classes).size !== classes.length) {
      throw new RangeError(`classes must be distinct, got ${JSON.stringify(classes)}`);
    }
  }
  if (seed !== undefined) assertSeed(seed);
  const split = options.validationSplit;
  if (split !== undefined) {
    if (split === null || typeof split !== "object") throw new TypeError(`validationSplit must be {examples, part}, got ${String(split)}`);
    assertPositiveInteger("validationSplit.examples", split.examples);
    if (split.part !== "validation" && split.part !== "training")
      throw new RangeError(`validationSplit.part must be "validation" or "training", got ${JSON.stringify(split.part)}`);
    if (splitSize !== undefined && split.examples >= splitSize) {
      throw new RangeError(
        `validationSplit.examples must leave training examples: at most ${splitSize - 1} of the split's ${splitSize}, got ${split.examples}`,
      );
    }
  }
  if (stratified !== undefined) {
    assertBoolean("stratified", stratified);
    if (stratified && seed === undefined) {
      throw new RangeError("stratified: true draws a random subsample and needs a seed, got seed undefined");
    }
  }
}

/**
 * Class quotas for a stratified subsample of `limit` out of `counts` (largest-remainder rounding, ties
 * to the lower class id): each quota differs from limit·count/total by less than one.
 */
export function stratifiedQuotas(counts: readonly number[], limit: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(limit) || limit < 0 || limit > total) {
    throw new RangeError(`limit must be an integer in [0, ${total}], got ${limit}`);
  }
  // Integer arithmetic: limit·count ≤ 60000² is exact in a double.
  const quotas = counts.map((c) => Math.floor((limit * c) / total));
  const remainders = counts.map((c, k) => ({ k, r: (limit * c) % total }));
  remainders.sort((a, b) => b.r - a.r || a.k - b.k);
  let missing = limit - quotas.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i++, missing--) quotas[remainders[i].k]++;
  return quotas;
}

/** Move a uniform random choice of `k` of `items` to its front (partial Fisher–Yates). */
function chooseInPlace(items: Int32Array, k: number, rng: Rng): void {
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(items.length - i);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * A stratified random draw of `n` of `candidates` (classOf gives an index's class in [0, classes)), in
 * seeded random order: each class gets its largest-remainder share of n.
 */
function drawStratified(candidates: Int32Array, classOf: (index: number) => number, classes: number, n: number, rng: Rng): Int32Array {
  const counts = new Array<number>(classes).fill(0);
  for (const i of candidates) counts[classOf(i)]++;
  const byClass = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(classes).fill(0);
  for (const i of candidates) {
    const k = classOf(i);
    byClass[k][fill[k]++] = i;
  }
  const quotas = stratifiedQuotas(counts, n);
  const indices = new Int32Array(n);
  let at = 0;
  for (let k = 0; k < classes; k++) {
    chooseInPlace(byClass[k], quotas[k], rng);
    indices.set(byClass[k].subarray(0, quotas[k]), at);
    at += quotas[k];
  }
  rng.shuffle(indices); // interleave the classes
  return indices;
}

/** Choose the subset of a split with labels `labels` (ids in [0, numClasses)) that `options` asks for. */
export function selectSubset(labels: ArrayLike<number>, numClasses: number, options: SubsetOptions = {}): Subset {
  checkSubsetOptions(options, numClasses, labels.length);
  const { limit, classes, seed } = options;
  const stratified = options.stratified ?? true;

  // Relabelling table: original id → new id, or -1 for a class that is left out.
  const relabel = new Int32Array(numClasses).fill(-1);
  if (classes) classes.forEach((c, position) => (relabel[c] = position));
  else for (let c = 0; c < numClasses; c++) relabel[c] = c;
  const outClasses = classes ? classes.length : numClasses;

  let available = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(label >= 0 && label < numClasses)) throw new RangeError(`label ${label} at position ${i} is outside [0, ${numClasses - 1}]`);
    if (relabel[label] >= 0) available++;
  }
  let candidates = new Int32Array(available);
  for (let i = 0, j = 0; i < labels.length; i++) if (relabel[labels[i]] >= 0) candidates[j++] = i;
  if (options.validationSplit !== undefined) {
    const { examples, part } = options.validationSplit;
    if (examples >= available) throw new RangeError(`validationSplit.examples must be below the ${available} examples available, got ${examples}`);
    const validation = drawStratified(candidates.slice(), (i) => relabel[labels[i]], outClasses, examples, new Rng(VALIDATION_SEED));
    const inValidation = new Set(validation);
    candidates = part === "validation" ? validation.sort() : candidates.filter((i) => !inValidation.has(i));
    available = candidates.length;
  }

  const n = limit ?? available;
  if (n > available) {
    const which = classes ? ` of classes ${JSON.stringify(classes)}` : "";
    throw new RangeError(`limit must be at most the ${available} examples${which} in the split, got ${n}`);
  }

  let indices: Int32Array;
  if (seed === undefined) {
    indices = candidates.slice(0, n);
  } else {
    const rng = new Rng(seed);
    if (!stratified) {
      chooseInPlace(candidates, n, rng);
      indices = candidates.slice(0, n);
    } else {
      indices = drawStratified(candidates, (i) => relabel[labels[i]], outClasses, n, rng);
    }
  }
  const outLabels = new Int32Array(n);
  for (let i = 0; i < n; i++) outLabels[i] = relabel[labels[indices[i]]];
  return { indices, labels: outLabels };
}
