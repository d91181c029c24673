// The oracle of the reduction tests: every output of a reduction over any axes, folded in float64 by a
// plain index walk (independent of lib/kernels/reduce-loop.ts), and the error bound the kernels promise.
import { strict as assert } from "assert";

export type FoldKind = "sum" | "prod" | "max" | "min";

export interface FoldReference {
  /** The exact (float64) fold of each output's values. */
  value: Float64Array;
  /** Σ|x| of each output's values (|value| for products): the scale of a sum's rounding errors. */
  magnitude: Float64Array;
}

/** Every subset of the axes of a rank-`rank` shape, the empty one included. */
export function allAxisSets(rank: number): number[][] {
  return Array.from({ length: 1 << rank }, (_, mask) => Array.from({ length: rank }, (_, a) => a).filter((a) => (mask >> a) & 1));
}

/** Fold `values` (row-major, `shape`) over `axes` in float64, walking every element's index. */
export function foldReference(values: ArrayLike<number>, shape: number[], axes: number[], kind: FoldKind): FoldReference {
  const kept = shape.map((d, a) => (axes.includes(a) ? 1 : d));
  const outSize = kept.reduce((p, d) => p * d, 1);
  const identity = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[kind];
  const value = new Float64Array(outSize).fill(identity);
  const magnitude = new Float64Array(outSize);
  const index = shape.map(() => 0);
  for (let flat = 0; flat < values.length; flat++) {
    let o = 0;
    for (let a = 0; a < shape.length; a++) o = o * kept[a] + (axes.includes(a) ? 0 : index[a]);
    const v = values[flat];
    if (kind === "sum") value[o] += v;
    else if (kind === "prod") value[o] *= v;
    else if (kind === "max") value[o] = Number.isNaN(v) || v > value[o] ? v : value[o];
    else value[o] = Number.isNaN(v) || v < value[o] ? v : value[o];
    magnitude[o] += Math.abs(v);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a] < shape[a]) break;
      index[a] = 0;
    }
  }
  if (kind === "prod") value.forEach((p, o) => (magnitude[o] = Math.abs(p)));
  return { value, magnitude };
}

/**
 * The kernels' promise (lib/kernels/reduce-loop.ts FLOAT32_RUN): output k, the fold of values with exact
 * result s and magnitude S, divided by `divisor` (the count, for a mean), is within
 * 2^-24·|s| + 2^-20·S of s, both over `divisor`: one rounding to float32, plus float32 runs of at most
 * 16 values. Returns the worst error in units of that bound (≤ 1 passes).
 */
export function boundRatio(actual: ArrayLike<number>, reference: FoldReference, divisor = 1): number {
  assert.equal(actual.length, reference.value.length, `length ${actual.length} vs ${reference.value.length}`);
  let worst = 0;
  for (let k = 0; k < actual.length; k++) {
    const s = reference.value[k] / divisor;
    const bound = 2 ** -24 * Math.abs(s) + (2 ** -20 * reference.magnitude[k]) / divisor;
    const ratio = actual[k] === s ? 0 : Math.abs(actual[k] - s) / bound;
    if (!(ratio <= worst)) worst = Number.isNaN(ratio) ? Infinity : ratio;
  }
  return worst;
}

export function assertWithinBound(actual: ArrayLike<number>, reference: FoldReference, what: string, divisor = 1): void {
  const ratio = boundRatio(actual, reference, divisor);
  assert.ok(ratio <= 1, `${what}: error ${ratio.toPrecision(3)} × the bound 2^-24·|s| + 2^-20·Σ|x|`);
}
