// Shares of values per bin, as chart rows: the distribution of |δᵢ|/ε in notebook 01, of per-example
// statistics elsewhere. Empty bins are left out, since a log axis cannot show a share of 0.

export interface HistogramOptions {
  /** Number of equal bins over [low, high] (default 20). */
  bins?: number;
  /** Default [0, 1]; values outside fall into the first or last bin. */
  range?: [number, number];
}

export type HistogramRow = { center: number; share: number };

/** The share of `values` in each bin, with the bin's centre; bins without values are omitted. */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): HistogramRow[] {
  const { bins = 20, range = [0, 1] } = options;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`);
  const [low, high] = range;
  if (!(high > low)) throw new RangeError(`range must be [low, high] with high > low, got [${low}, ${high}]`);
  if (values.length === 0) throw new RangeError("histogram of no values");
  const counts = new Array<number>(bins).fill(0);
  const width = (high - low) / bins;
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor((values[i] - low) / width)))] += 1;
  return counts.map((c, i) => ({ center: low + (i + 0.5) * width, share: c / values.length })).filter((row) => row.share > 0);
}
