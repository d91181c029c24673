// Tick labels of logarithmic axes. Vega-Lite's defaults (and the "~e" format) print 1e+0, 2e+0, 5e-3;
// readers expect 1, 2, 5 on an axis that stays within a few decades of 1, and powers of ten written as
// 10⁻³ on one that spans further.

/** Axes whose values all lie in this range are labelled with plain numbers. */
const PLAIN_RANGE: readonly [number, number] = [1e-2, 1e3];
const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

// Vega expressions over a tick's value: its power of ten, and that power in superscript digits.
const exponent = "round(log(datum.value) / LN10)";
const superscriptDigit = (digit: string) => `substring('${SUPERSCRIPT_DIGITS}', ${digit}, ${digit} + 1)`;
const superscript = `(${exponent} < 0 ? '⁻' : '') + (abs(${exponent}) >= 10 ? ${superscriptDigit(`floor(abs(${exponent}) / 10)`)} : '') + ${superscriptDigit(`abs(${exponent}) % 10`)}`;
/** Labels the powers of ten ("10⁻³") and leaves the ticks between them unlabelled. */
export const POWER_OF_TEN_LABELS = `abs(datum.value / pow(10, ${exponent}) - 1) < 1e-6 ? '10' + ${superscript} : ''`;

/** Axis label properties for a log scale showing `values` (or `domain`, when given). */
export function logAxisLabels(values: readonly unknown[], domain?: readonly [number, number]): { format: string } | { labelExpr: string } {
  let low = Infinity;
  let high = -Infinity;
  for (const value of domain ?? values) {
    if (typeof value !== "number" || !(value > 0) || value === Infinity) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return low >= PLAIN_RANGE[0] && high <= PLAIN_RANGE[1] ? { format: "~g" } : { labelExpr: POWER_OF_TEN_LABELS };
}
