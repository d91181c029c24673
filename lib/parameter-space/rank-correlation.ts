// Spearman's rank correlation [Standard result: Spearman 1904]: the Pearson correlation of the ranks,
// with tied values given the mean of the ranks they span (the convention of R's cor(method =
// "spearman") and SciPy's spearmanr). Notebook 06 uses it for F4: does an example's input flatness
// (S4) fall as its parameter-space ratio (S1) rises (C4 expects ρ < 0)?

/** Ranks 1…n of the values, ties sharing the mean of their ranks. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const shared = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) out[order[k]] = shared;
    start = end;
  }
  return out;
}

export interface RankCorrelation {
  /** Spearman's ρ in [−1, 1]; NaN with fewer than 3 pairs or when one side is constant. */
  readonly rho: number;
  /** Pairs used: those where both values are finite. */
  readonly n: number;
}

/** Spearman's ρ of the pairs (a_i, b_i) where both are finite (NaN marks an excluded example). */
export function spearman(a: readonly number[], b: readonly number[]): RankCorrelation {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
    throw new RangeError(
      `spearman needs two arrays of equal length, got ${Array.isArray(a) ? a.length : String(a)} and ${Array.isArray(b) ? b.length : String(b)}`,
    );
  }
  const keep = a.map((v, i) => Number.isFinite(v) && Number.isFinite(b[i]));
  const x = ranks(a.filter((_, i) => keep[i]));
  const y = ranks(b.filter((_, i) => keep[i]));
  const n = x.length;
  if (n < 3) return { rho: NaN, n };
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mean) * (y[i] - mean);
    sxx += (x[i] - mean) ** 2;
    syy += (y[i] - mean) ** 2;
  }
  return { rho: sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy), n };
}
