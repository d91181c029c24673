import { strict as assert } from "assert";
import { fillNormal, fillUniform } from "../../lib/core/random-fill";

/** erfc with fractional error < 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes §6.2). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
const Phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);

describe("core/random-fill: normal", () => {
  // One fixed seed, 10^6 draws: every bound below is 4 standard errors (or a 0.1% critical value).
  const n = 1_000_000;
  const z = fillNormal(new Float32Array(n), 20240601);

  it("has the moments of N(0, 1)", () => {
    let m1 = 0;
    for (const x of z) m1 += x;
    m1 /= n;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const x of z) {
      const d = x - m1;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    assert.ok(Math.abs(m1) < 4 / Math.sqrt(n), `mean ${m1}`);
    assert.ok(Math.abs(m2 - 1) < 4 * Math.sqrt(2 / n), `variance ${m2}`);
    assert.ok(Math.abs(m3 / m2 ** 1.5) < 4 * Math.sqrt(6 / n), `skewness ${m3 / m2 ** 1.5}`);
    assert.ok(Math.abs(m4 / (m2 * m2) - 3) < 4 * Math.sqrt(24 / n), `excess kurtosis ${m4 / (m2 * m2) - 3}`);
  });

  it("passes Kolmogorov–Smirnov and a 100-bin χ² test against Φ", () => {
    const sorted = Float64Array.from(z).sort();
    let distance = 0;
    for (let k = 0; k < n; k++) {
      const F = Phi(sorted[k]);
      distance = Math.max(distance, Math.abs(F - k / n), Math.abs(F - (k + 1) / n));
    }
    assert.ok(distance < 1.95 / Math.sqrt(n), `KS distance ${distance} (0.1% critical value ${1.95 / Math.sqrt(n)})`);
    const bins = new Float64Array(100);
    for (const x of z) bins[Math.min(99, Math.floor(Phi(x) * 100))]++;
    const expected = n / 100;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 148.2, `χ² = ${chi2} with 99 degrees of freedom (0.1% critical value 148.2)`);
  });

  it("puts the right mass beyond the tail start r = 3.4426 (the tail branch)", () => {
    const r = 3.442619855899;
    let beyond = 0;
    for (const x of z) if (Math.abs(x) > r) beyond++;
    const expected = n * 2 * (1 - Phi(r));
    assert.ok(Math.abs(beyond - expected) < 4 * Math.sqrt(expected), `${beyond} beyond r, expected ${expected.toFixed(1)}`);
    let far = 0;
    for (const x of z) if (Math.abs(x) > 4.5) far++;
    const expectedFar = n * 2 * (1 - Phi(4.5));
    assert.ok(Math.abs(far - expectedFar) < 4 * Math.sqrt(expectedFar) + 1, `${far} beyond 4.5, expected ${expectedFar.toFixed(2)}`);
  });

  it("draws are serially independent and streams of nearby seeds uncorrelated", () => {
    let lag1 = 0;
    let squares = 0;
    for (let k = 0; k + 1 < n; k++) {
      lag1 += z[k] * z[k + 1];
      squares += (z[k] * z[k] - 1) * (z[k + 1] * z[k + 1] - 1);
    }
    assert.ok(Math.abs(lag1 / n) < 4 / Math.sqrt(n), `lag-1 correlation ${lag1 / n}`);
    assert.ok(Math.abs(squares / (2 * n)) < 4 / Math.sqrt(n), `lag-1 correlation of squares ${squares / (2 * n)}`);
    const m = 100_000;
    const a = fillNormal(new Float32Array(m), 1);
    const b = fillNormal(new Float32Array(m), 2);
    let cross = 0;
    for (let k = 0; k < m; k++) cross += a[k] * b[k];
    assert.ok(Math.abs(cross / m) < 4 / Math.sqrt(m), `correlation of seeds 1 and 2: ${cross / m}`);
  });

  it("is fixed by the seed and scales exactly", () => {
    const a = fillNormal(new Float32Array(1000), 5);
    assert.deepEqual(fillNormal(new Float32Array(1000), 5), a);
    assert.notDeepEqual(fillNormal(new Float32Array(1000), 6), a);
    const scaled = fillNormal(new Float32Array(1000), 5, 0.25);
    assert.ok(scaled.every((x, k) => x === Math.fround(0.25 * a[k])));
    assert.throws(() => fillNormal(new Float32Array(3), -1), RangeError);
    assert.throws(() => fillNormal(new Float32Array(3), 1.5), RangeError);
    assert.throws(
      () => fillNormal(new Float32Array(3), 1, NaN),
      (e: Error) => /scale.*NaN/.test(e.message),
    );
  });
});

describe("core/random-fill: uniform", () => {
  const n = 1_000_000;
  const u = fillUniform(new Float32Array(n), 20240601);

  it("lies on the 2^-24 grid of [0, 1) and passes Kolmogorov–Smirnov, χ² and the moments of U(0, 1)", () => {
    assert.ok(u.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 24)));
    const sorted = Float64Array.from(u).sort();
    let distance = 0;
    for (let k = 0; k < n; k++) distance = Math.max(distance, Math.abs(sorted[k] - k / n), Math.abs(sorted[k] - (k + 1) / n));
    assert.ok(distance < 1.95 / Math.sqrt(n), `KS distance ${distance} (0.1% critical value ${1.95 / Math.sqrt(n)})`);
    const bins = new Float64Array(100);
    for (const x of u) bins[Math.floor(x * 100)]++;
    const chi2 = bins.reduce((s, c) => s + (c - n / 100) ** 2 / (n / 100), 0);
    assert.ok(chi2 < 148.2, `χ² = ${chi2} with 99 degrees of freedom (0.1% critical value 148.2)`);
    let m1 = 0;
    let m2 = 0;
    for (const x of u) {
      m1 += x;
      m2 += (x - 0.5) ** 2;
    }
    // U(0, 1): mean 1/2 (sd 1/√(12n)), variance 1/12 (sd of the estimate √(1/180 / n)).
    assert.ok(Math.abs(m1 / n - 0.5) < 4 / Math.sqrt(12 * n), `mean ${m1 / n}`);
    assert.ok(Math.abs(m2 / n - 1 / 12) < 4 * Math.sqrt(1 / 180 / n), `variance ${m2 / n}`);
  });

  it("draws are serially independent, and the low and high bits of the generator's words do not leak into each other", () => {
    let lag1 = 0;
    for (let k = 0; k + 1 < n; k++) lag1 += (u[k] - 0.5) * (u[k + 1] - 0.5);
    assert.ok(Math.abs(lag1 / n) < 4 / (12 * Math.sqrt(n)), `lag-1 covariance ${lag1 / n}`);
    // Pairs (u_k, u_{k+1}) fill a 10×10 grid evenly: a 2-D χ² test.
    const cells = new Float64Array(100);
    for (let k = 0; k + 1 < n; k += 2) cells[Math.floor(u[k] * 10) * 10 + Math.floor(u[k + 1] * 10)]++;
    const expected = n / 2 / 100;
    const chi2 = cells.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 148.2, `pair χ² = ${chi2}`);
  });

  it("maps [0, 1) onto [low, high), is fixed by the seed and refuses bad bounds", () => {
    const base = fillUniform(new Float32Array(1000), 7);
    assert.deepEqual(fillUniform(new Float32Array(1000), 7), base);
    assert.notDeepEqual(fillUniform(new Float32Array(1000), 8), base);
    const shifted = fillUniform(new Float32Array(1000), 7, -0.3, 0.3);
    assert.ok(shifted.every((x, k) => x === Math.fround(-0.3 + 0.6 * base[k]) && x >= -0.3 && x <= 0.3));
    assert.throws(() => fillUniform(new Float32Array(3), 1, 1, 1), /high must exceed low/);
    assert.throws(() => fillUniform(new Float32Array(3), 1, 0, Infinity), RangeError);
    assert.throws(() => fillUniform(new Float32Array(3), -1), RangeError);
  });
});
