// Oracles for the T1 closed forms: projected gradient ascent on δ written here (independent of the
// closed form), central finite differences, and the §12 T1 acceptance patterns.
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import type { LpNorm } from "../../lib/core/norms";
import {
  adversarialLoss,
  adversarialLossGradient,
  adversarialMargins,
  cleanLoss,
  cleanLossGradient,
  dualNorm,
  meanAdversarialLossGradientRatio,
  meanAdversarialLoss,
  meanAdversarialLossGradient,
  meanCleanLoss,
  optimalAttack,
  softplus,
  sigmoid,
} from "../../lib/losses/adversarial-linear";
import { linearL2SmoothnessConstant } from "../../lib/theory/bounds";

const d = 5;
const eps = 0.3;

function gaussianData(seed: number, n: number) {
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => rng.normalArray(d));
  const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const w = rng.normalArray(d);
  return { rng, X, y, w };
}

function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

// Euclidean projection onto the L1 ball (Duchi, Shalev-Shwartz, Singer & Chandra 2008).
function projectL1(v: Float64Array, radius: number): Float64Array {
  let total = 0;
  for (const x of v) total += Math.abs(x);
  if (total <= radius) return v;
  const u = Array.from(v, Math.abs).sort((a, b) => b - a);
  let cumulative = 0;
  let tau = 0;
  for (let k = 0; k < u.length; k++) {
    cumulative += u[k];
    const t = (cumulative - radius) / (k + 1);
    if (u[k] > t) tau = t;
  }
  return v.map((x) => Math.sign(x) * Math.max(Math.abs(x) - tau, 0));
}

/** 2000 steps of projected gradient ascent on δ ↦ softplus(−y wᵀ(x + δ)) from δ = 0. */
function projectedAscent(w: Float64Array, x: Float64Array, y: number, norm: LpNorm): Float64Array {
  let delta = new Float64Array(d);
  const step = 0.05;
  for (let k = 0; k < 2000; k++) {
    let margin = 0;
    for (let i = 0; i < d; i++) margin += w[i] * (x[i] + delta[i]);
    const s = sigmoid(-y * margin);
    const next = delta.map((di, i) => di + step * s * -y * w[i]);
    if (norm === "l2") {
      const r = norm2(next);
      delta = r > eps ? next.map((v) => (v * eps) / r) : next;
    } else if (norm === "linf") {
      delta = next.map((v) => Math.min(eps, Math.max(-eps, v)));
    } else {
      delta = projectL1(next, eps);
    }
  }
  return delta;
}

function pointLoss(w: Float64Array, x: Float64Array, y: number, delta: Float64Array): number {
  let margin = 0;
  for (let i = 0; i < d; i++) margin += w[i] * (x[i] + delta[i]);
  return softplus(-y * margin);
}

const norms: LpNorm[] = ["l2", "linf", "l1"];

describe("losses/adversarial-linear (T1 closed forms, float64)", () => {
  it("softplus and sigmoid are stable at extreme arguments", () => {
    assert.equal(softplus(1000), 1000);
    assert.equal(softplus(-1000), 0);
    assert.ok(Math.abs(softplus(-40) - Math.exp(-40)) < 1e-30);
    assert.equal(sigmoid(-1000), 0);
    assert.equal(sigmoid(1000), 1);
    assert.ok(Math.abs(sigmoid(0.3) + sigmoid(-0.3) - 1) < 1e-16);
  });

  for (const norm of norms) {
    it(`${norm}: closed-form δ* and loss equal 2000-step projected gradient ascent on δ`, () => {
      const { rng, X, y } = gaussianData(11, 8);
      for (let n = 0; n < X.length; n++) {
        const w = rng.normalArray(d);
        const closed = optimalAttack(w, y[n], eps, norm);
        const ascent = projectedAscent(w, X[n], y[n], norm);
        const lossClosed = adversarialLoss(w, X[n], y[n], eps, norm);
        const lossAscent = pointLoss(w, X[n], y[n], ascent);
        assert.ok(Math.abs(lossClosed - lossAscent) / lossClosed < 1e-6, `loss ${lossClosed} vs ${lossAscent}`);
        assert.ok(Math.abs(pointLoss(w, X[n], y[n], closed) - lossClosed) < 1e-14, "δ* attains the closed-form loss");
        for (let i = 0; i < d; i++) assert.ok(Math.abs(closed[i] - ascent[i]) < 1e-6, `δ*[${i}] ${closed[i]} vs ${ascent[i]}`);
        // δ* sits on the sphere of the threat norm.
        const size = norm === "l2" ? norm2(closed) : norm === "linf" ? Math.max(...Array.from(closed, Math.abs)) : closed.reduce((s, v) => s + Math.abs(v), 0);
        assert.ok(Math.abs(size - eps) < 1e-15);
      }
    });

    it(`${norm}: per-example and batch-mean gradients equal central finite differences (away from kinks)`, () => {
      const { X, y, w } = gaussianData(12, 10);
      const h = 1e-6;
      const fd = (f: (v: Float64Array) => number) =>
        w.map((_, i) => {
          const plus = Float64Array.from(w);
          const minus = Float64Array.from(w);
          plus[i] += h;
          minus[i] -= h;
          return (f(plus) - f(minus)) / (2 * h);
        });
      const batch = meanAdversarialLossGradient(w, X, y, eps, norm);
      const batchFd = fd((v) => meanAdversarialLoss(v, X, y, eps, norm));
      for (let i = 0; i < d; i++) assert.ok(Math.abs(batch[i] - batchFd[i]) < 1e-8, `batch ∂${i}: ${batch[i]} vs ${batchFd[i]}`);
      const single = adversarialLossGradient(w, X[0], y[0], eps, norm);
      const singleFd = fd((v) => adversarialLoss(v, X[0], y[0], eps, norm));
      for (let i = 0; i < d; i++) assert.ok(Math.abs(single[i] - singleFd[i]) < 1e-8);
    });
  }

  it("ε = 0 gives the clean loss for every norm; flat and row layouts agree", () => {
    const { X, y, w } = gaussianData(13, 6);
    const flat = { data: new Float64Array(X.length * d), d };
    X.forEach((row, n) => flat.data.set(row, n * d));
    for (const norm of norms) {
      assert.equal(meanAdversarialLoss(w, X, y, 0, norm), meanCleanLoss(w, X, y));
      assert.equal(meanAdversarialLoss(w, flat, y, eps, norm), meanAdversarialLoss(w, X, y, eps, norm));
      assert.deepEqual(meanAdversarialLossGradient(w, flat, y, eps, norm), meanAdversarialLossGradient(w, X, y, eps, norm));
    }
    assert.equal(cleanLoss(w, X[0], y[0]), softplus(-y[0] * X[0].reduce((s, v, i) => s + v * w[i], 0)));
    const g = cleanLossGradient(w, X[0], y[0]);
    const s = sigmoid(-y[0] * X[0].reduce((acc, v, i) => acc + v * w[i], 0));
    g.forEach((gi, i) => assert.ok(Math.abs(gi + s * y[0] * X[0][i]) < 1e-15));
    assert.ok(meanAdversarialLoss(w, X, y, eps, "linf") >= meanAdversarialLoss(w, X, y, eps, "l2"), "‖w‖₁ ≥ ‖w‖₂");
    assert.equal(dualNorm(Float64Array.of(3, -4), "l2"), 5);
    assert.equal(dualNorm(Float64Array.of(3, -4), "linf"), 7);
    assert.equal(dualNorm(Float64Array.of(3, -4), "l1"), 4);
  });

  it("ties: δ* = 0 at w = 0 and δ*ᵢ = 0 where wᵢ = 0 (L∞), and these are still optimal", () => {
    const x = Float64Array.of(0.5, -1, 2, 0.1, 0);
    for (const norm of norms) {
      const zero = optimalAttack(new Float64Array(d), 1, eps, norm);
      assert.deepEqual(Array.from(zero), [0, 0, 0, 0, 0]);
      assert.deepEqual(
        Array.from(adversarialLossGradient(new Float64Array(d), x, 1, eps, norm)),
        Array.from(x, (v) => -0.5 * v || 0),
      );
    }
    const w = Float64Array.of(1, 0, -2, 0, 0.5);
    const delta = optimalAttack(w, -1, eps, "linf");
    assert.deepEqual(Array.from(delta), [eps, 0, -eps, 0, eps]);
    assert.ok(Math.abs(pointLoss(w, x, -1, delta) - adversarialLoss(w, x, -1, eps, "linf")) < 1e-15);
    // L1 tie: the whole budget goes to the first largest coordinate.
    assert.deepEqual(Array.from(optimalAttack(Float64Array.of(2, -2, 1, 0, 0), 1, eps, "l1")), [-eps, 0, 0, 0, 0]);
  });

  describe("§12 T1 acceptance patterns", () => {
    const { X, y, w: raw } = gaussianData(2103, 20);
    const wBar = Float64Array.from(raw);
    wBar[0] = 0; // on the hyperplane w₀ = 0, w ≠ 0
    const v = Float64Array.of(1, 0, 0, 0, 0);
    const hs = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];
    // Cross the hyperplane symmetrically: from w̄ − (h/2)v to w̄ + (h/2)v.
    const ratio = (norm: LpNorm, h: number) =>
      meanAdversarialLossGradientRatio(
        wBar.map((wi, i) => wi - (h / 2) * v[i]),
        v,
        h,
        X,
        y,
        eps,
        norm,
      );

    it("L2: the ratio across w₀ = 0 is constant within 1% over h = 1e-1 … 1e-5", () => {
      const r = hs.map((h) => ratio("l2", h));
      const spread = Math.max(...r) / Math.min(...r) - 1;
      assert.ok(spread < 0.01, `L2 ratios ${r.join(", ")}`);
    });

    it("L∞: the ratio across w₀ = 0 grows 10× ± 20% per decade of h (a jump)", () => {
      const r = hs.map((h) => ratio("linf", h));
      for (let k = 1; k < r.length; k++) {
        const growth = r[k] / r[k - 1];
        assert.ok(growth > 8 && growth < 12, `L∞ ratios ${r.join(", ")}`);
      }
      // The ratio times h tends to the jump 2ε·mean σ(uₙ) (T1(b)).
      const margins = adversarialMargins(wBar, X, y, eps, "linf");
      const jump = (2 * eps * margins.reduce((s, u) => s + sigmoid(u), 0)) / margins.length;
      assert.ok(Math.abs(r[r.length - 1] * 1e-5 - jump) / jump < 1e-4);
    });

    it("L2: the local ratio grows like ε/‖w‖ as w → 0 and stays within the T1(a) bound", () => {
      const R = Math.max(...X.map(norm2));
      const unit = raw.map((wi) => wi / norm2(raw));
      // A unit direction orthogonal to w, where the curvature (I − ŵŵᵀ)/‖w‖ of ‖w‖ acts.
      const t = Float64Array.of(0.3, -1, 0.2, 0.5, 1);
      const proj = t.reduce((s, ti, i) => s + ti * unit[i], 0);
      const tangent = t.map((ti, i) => ti - proj * unit[i]);
      const direction = tangent.map((ti) => ti / norm2(tangent));
      const ratios: number[] = [];
      for (const size of [1, 0.1, 0.01, 0.001]) {
        const w = unit.map((ui) => ui * size);
        const h = 1e-4 * size;
        const r = meanAdversarialLossGradientRatio(w, direction, h, X, y, eps, "l2");
        const w2 = w.map((wi, i) => wi + h * direction[i]);
        const bound = linearL2SmoothnessConstant(R, eps, size, norm2(w2));
        assert.ok(r <= bound, `‖w‖ = ${size}: ratio ${r} > bound ${bound}`);
        ratios.push(r);
      }
      for (let k = 1; k < ratios.length; k++) assert.ok(ratios[k] > ratios[k - 1], `ratios ${ratios.join(", ")}`);
      // At ‖w‖ = 1e-3, σ(u) ≈ ½, so the tangential curvature ε·mean σ(u)/‖w‖ ≈ ε/(2‖w‖) dominates.
      assert.ok(Math.abs(ratios[3] * 1e-3 - eps / 2) / (eps / 2) < 0.05, `ratio at 1e-3: ${ratios[3]}`);
    });
  });

  it("rejects bad inputs with RangeErrors that name the argument and value", () => {
    const w = Float64Array.of(1, 2, 3);
    const x = Float64Array.of(0, 1, 0);
    assert.throws(
      () => adversarialLoss(w, x, 1, -0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /eps.*-0\.1/.test(e.message),
    );
    assert.throws(
      () => adversarialLoss(w, x, 1, NaN, "l2"),
      (e: unknown) => e instanceof RangeError && /eps.*NaN/.test(e.message),
    );
    assert.throws(
      () => adversarialLoss(Float64Array.of(1, NaN, 3), x, 1, 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /w\[1\].*NaN/.test(e.message),
    );
    assert.throws(
      () => adversarialLoss(w, Float64Array.of(1, 2), 1, 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /x.*length 3.*length 2/.test(e.message),
    );
    assert.throws(
      () => adversarialLoss(w, x, 0, 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /y.*0/.test(e.message),
    );
    assert.throws(
      () => adversarialLoss(w, x, 1, 0.1, "l3" as LpNorm),
      (e: unknown) => e instanceof RangeError && /norm.*l3/.test(e.message),
    );
    assert.throws(
      () => meanAdversarialLoss(w, [x, x], Float64Array.of(1), 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /y.*2.*length 1/.test(e.message),
    );
    assert.throws(
      () => meanAdversarialLoss(w, { data: new Float64Array(7), d: 3 }, [1, 1], 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /X\.data\.length.*7/.test(e.message),
    );
    assert.throws(
      () => meanAdversarialLossGradientRatio(w, w, 0, [x], [1], 0.1, "l2"),
      (e: unknown) => e instanceof RangeError && /h.*0/.test(e.message),
    );
  });
});
