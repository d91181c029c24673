// Oracles for S1 on T1's linear model: the analytic Hessian of the L2 adversarial loss (written here,
// independently of the gradient code), T1(b)'s jump, T1(a)'s bound, and the §12 T1 patterns.
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { sigmoid } from "../../lib/losses/adversarial-linear";
import { CROSSING_STEPS, hyperplaneCrossing, l2RatioAgainstNorm, largestRowNorm, meanAttackWeight } from "../../lib/smoothness/linear-closed-form";

const d = 5;
const eps = 0.3;

function gaussianData(seed: number, n: number) {
  const rng = new Rng(seed);
  const X = { data: Float64Array.from({ length: n * d }, () => rng.normal()), d };
  const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const w = Float64Array.from({ length: d }, () => rng.normal());
  return { X, y, w };
}

const norm2 = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

/**
 * ∇²L at w ≠ 0 for L2: meanₙ[σ′(uₙ) gₙgₙᵀ + εσ(uₙ)(I − ŵŵᵀ)/‖w‖], gₙ = −yₙxₙ + εŵ, times v. Derived by
 * differentiating σ(u)(−yx + εw/‖w‖) once more; independent of lib's gradient code.
 */
function l2HessianTimes(w: Float64Array, v: Float64Array, X: { data: Float64Array; d: number }, y: Float64Array): Float64Array {
  const r = norm2(w);
  const unit = w.map((wi) => wi / r);
  const out = new Float64Array(d);
  const n = y.length;
  const unitDotV = unit.reduce((s, ui, i) => s + ui * v[i], 0);
  for (let k = 0; k < n; k++) {
    const x = X.data.subarray(k * d, k * d + d);
    const u = -y[k] * x.reduce((s, xi, i) => s + xi * w[i], 0) + eps * r;
    const s = sigmoid(u);
    const g = x.map((xi, i) => -y[k] * xi + eps * unit[i]);
    const gDotV = g.reduce((acc, gi, i) => acc + gi * v[i], 0);
    for (let i = 0; i < d; i++) out[i] += (s * (1 - s) * gDotV * g[i] + (eps * s * (v[i] - unitDotV * unit[i])) / r) / n;
  }
  return out;
}

describe("smoothness/linear-closed-form (S1 of T1 in float64)", () => {
  const { X, y, w } = gaussianData(2103, 20);

  it("across w_i = 0 the L2 ratio is ‖∇²L eᵢ‖ of the analytic Hessian, flat within 1% over h (§12)", () => {
    const result = hyperplaneCrossing({ X, y, w, coordinate: 0, eps });
    assert.deepEqual(result.h, [...CROSSING_STEPS]);
    assert.equal(result.crossing[0], 0);
    assert.deepEqual(Array.from(result.crossing.slice(1)), Array.from(w.slice(1)));
    const l2 = result.series.find((s) => s.norm === "l2")!;
    const e0 = Float64Array.of(1, 0, 0, 0, 0);
    const exact = norm2(l2HessianTimes(result.crossing, e0, X, y));
    assert.ok(Math.abs(l2.ratios[l2.ratios.length - 1] - exact) / exact < 1e-5, `${l2.ratios} vs ‖He₀‖ = ${exact}`);
    assert.ok(l2.spread < 0.01, `spread ${l2.spread}`);
    assert.ok(Math.abs(l2.slope) < 0.01);
  });

  it("across w_i = 0 the L∞ ratio is T1(b)'s jump over h: 10× ± 20% per decade, R·h → 2ε·mean σ(u)", () => {
    const result = hyperplaneCrossing({ X, y, w, coordinate: 0, eps });
    const linf = result.series.find((s) => s.norm === "linf")!;
    linf.growthPerDecade.forEach((g) => assert.ok(g > 8 && g < 12, `growth ${linf.growthPerDecade}`));
    assert.ok(Math.abs(linf.slope + 1) < 0.02, `slope ${linf.slope}`);
    // Independent of bounds.ts: the jump from the margins at w̄ directly.
    const weight = meanAttackWeight(result.crossing, X, y, eps, "linf");
    assert.ok(Math.abs(result.linfJump - 2 * eps * weight) < 1e-15);
    const smallest = linf.ratios[linf.ratios.length - 1] * result.h[result.h.length - 1];
    assert.ok(Math.abs(smallest - result.linfJump) / result.linfJump < 1e-4, `${smallest} vs ${result.linfJump}`);
    // rows: one per norm and step, matching the series.
    assert.equal(result.rows.length, 2 * CROSSING_STEPS.length);
    assert.equal(result.rows.find((r) => r.norm === "linf" && r.h === 1e-3)!.ratio, linf.ratios[2]);
  });

  it("h grids that are not decades: growth per decade is still the per-decade rate", () => {
    const result = hyperplaneCrossing({ X, y, w, coordinate: 2, eps, norms: ["linf"], h: [1e-2, 1e-4] });
    const g = result.series[0].growthPerDecade[0];
    assert.ok(g > 9 && g < 11, `${g}`);
  });

  it("the L2 ratio along v ⟂ w equals ‖∇²L v‖, stays within T1(a)'s bound, and tends to ε·mean σ(u)/‖w‖", () => {
    const along = Float64Array.of(0.3, -1, 0.2, 0.5, 1);
    const rows = l2RatioAgainstNorm({ X, y, direction: w, eps, along });
    assert.deepEqual(
      rows.map((r) => r.normW),
      [1, 1e-1, 1e-2, 1e-3, 1e-4],
    );
    const unit = w.map((wi) => wi / norm2(w));
    const dot = along.reduce((s, a, i) => s + a * unit[i], 0);
    const tangent = along.map((a, i) => a - dot * unit[i]);
    const v = tangent.map((t) => t / norm2(tangent));
    const R = largestRowNorm(X);
    for (const row of rows) {
      const point = unit.map((u) => u * row.normW);
      const exact = norm2(l2HessianTimes(point, v, X, y));
      assert.ok(Math.abs(row.ratio - exact) / exact < 1e-3, `‖w‖ = ${row.normW}: ${row.ratio} vs ${exact}`);
      assert.ok(row.ratio <= row.bound, `‖w‖ = ${row.normW}: ${row.ratio} > ${row.bound}`);
      assert.ok(row.bound >= 0.25 * (R + eps) ** 2 + (2 * eps) / (row.normW + row.h) - 1e-9);
      assert.equal(row.h, 1e-4 * row.normW);
    }
    const last = rows[rows.length - 1];
    assert.ok(Math.abs(last.ratio / last.tangentialCurvature - 1) < 0.01, `${last.ratio} vs ${last.tangentialCurvature}`);
    // Near 0, σ(u) → ½: the tangential curvature is ε/(2‖w‖).
    assert.ok(Math.abs(last.tangentialCurvature * last.normW - eps / 2) < 1e-3);
  });

  it("the random v is seeded: the same seed gives the same ratios, another seed others", () => {
    const a = l2RatioAgainstNorm({ X, y, direction: w, eps, sizes: [0.5], seed: 4 });
    const b = l2RatioAgainstNorm({ X, y, direction: w, eps, sizes: [0.5], seed: 4 });
    const c = l2RatioAgainstNorm({ X, y, direction: w, eps, sizes: [0.5], seed: 5 });
    assert.equal(a[0].ratio, b[0].ratio);
    assert.notEqual(a[0].ratio, c[0].ratio);
  });

  it("largestRowNorm reads both row layouts", () => {
    const rows = [Float64Array.of(3, 4), Float64Array.of(1, 0)];
    assert.equal(largestRowNorm(rows), 5);
    assert.equal(largestRowNorm({ data: Float64Array.of(3, 4, 1, 0), d: 2 }), 5);
  });

  it("rejects bad arguments, naming them", () => {
    assert.throws(() => hyperplaneCrossing({ X, y, w, coordinate: 5, eps }), /coordinate must be below w.length = 5, got 5/);
    assert.throws(() => hyperplaneCrossing({ X, y, w: Float64Array.of(3, 0, 0, 0, 0), coordinate: 0, eps }), /must not be 0/);
    assert.throws(() => hyperplaneCrossing({ X, y, w, coordinate: 0, eps, h: [1e-2] }), /at least two steps/);
    assert.throws(() => hyperplaneCrossing({ X, y, w, coordinate: 0, eps: 0 }), /eps/);
    assert.throws(() => l2RatioAgainstNorm({ X, y, direction: new Float64Array(d), eps }), /nonzero/);
    assert.throws(() => l2RatioAgainstNorm({ X, y, direction: w, eps, along: w.map((v) => 2 * v) }), /parallel/);
    assert.throws(() => l2RatioAgainstNorm({ X, y, direction: w, eps, sizes: [0] }), /sizes\[0\]/);
  });
});
