// Summaries the estimators report over directions and examples: quantiles (median, interquartile
// range), maxima, and the log–log slope of a ratio against the step h, which tells a smooth function
// (slope 0: ‖Δ∇‖ shrinks like h) from a jump (slope −1: ‖Δ∇‖ stays finite as h → 0) (paper-spec §4).

/**
 * The q-quantile of the finite values, interpolating linearly between order statistics (Hyndman & Fan
 * type 7, the default of R and NumPy). NaN when no value is finite.
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Largest finite value, NaN when there is none. */
export function finiteMax(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : Math.max(...finite);
}

export function mean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Median, quartiles and maximum of one set of values. */
export interface Spread {
  readonly median: number;
  /** First quartile. */
  readonly q1: number;
  /** Third quartile. */
  readonly q3: number;
  readonly max: number;
  /** How many values entered (finite, not excluded). */
  readonly count: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    max: finiteMax(values),
    count: values.filter((v) => Number.isFinite(v)).length,
  };
}

/** Per step h: the spread over directions, and how the median scales with h. */
export interface StepSummary {
  /** Per step, over the directions not flagged there. */
  readonly median: number[];
  readonly q1: number[];
  readonly q3: number[];
  readonly max: number[];
  /** Log–log slope of the median against h (0 = locally smooth, −1 = jump). */
  readonly slope: number;
}

/**
 * The StepSummary of values[direction][hIndex] (ratios, continuities), leaving out the points where
 * flagged[direction][hIndex] is true (attacks that had not converged).
 */
export function stepSummary(h: readonly number[], values: readonly number[][], flagged?: readonly boolean[][]): StepSummary {
  const spreads = h.map((_, j) => spread(values.map((row, d) => (flagged?.[d][j] ? NaN : row[j]))));
  const medians = spreads.map((s) => s.median);
  return {
    median: medians,
    q1: spreads.map((s) => s.q1),
    q3: spreads.map((s) => s.q3),
    max: spreads.map((s) => s.max),
    slope: logLogSlope(h, medians),
  };
}

/**
 * Least-squares slope of log10(value) against log10(h) over the points where both are positive and
 * finite; NaN with fewer than two such points (or when every h is the same).
 */
export function logLogSlope(h: readonly number[], values: readonly number[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  h.forEach((hi, i) => {
    const v = values[i];
    if (hi > 0 && Number.isFinite(hi) && v > 0 && Number.isFinite(v)) {
      xs.push(Math.log10(hi));
      ys.push(Math.log10(v));
    }
  });
  if (xs.length < 2) return NaN;
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/** values[i] where keep[i], NaN elsewhere (so summaries skip the excluded entries). */
export function masked(values: readonly number[], exclude: readonly boolean[]): number[] {
  return values.map((v, i) => (exclude[i] ? NaN : v));
}
