// Oracles for F1's grid: the loss at every point is T1's closed form, and the kink detector separates
// T1's non-smooth sets (L∞: both axes; L2: the origin) from the rest, where it stays within T1's
// smoothness constants (lib/theory/bounds.ts).
import { strict as assert } from "assert";
import { meanAdversarialLoss, meanAdversarialLossGradient, sigmoid } from "../../lib/losses/adversarial-linear";
import { linearLossSurface, surfaceAxis } from "../../lib/landscape/linear-surface";
import { linearL2SmoothnessConstant, linearLinfSmoothRegionConstant } from "../../lib/theory/bounds";

const X = { data: Float64Array.of(1.2, 0.3, 0.8, -0.2, 1.5, 0.4, -0.6, 0.1, -1.1, -0.1, -0.9, 0.2, -1.4, -0.3, 0.7, -0.1), d: 2 };
const y = Float64Array.of(1, 1, 1, 1, -1, -1, -1, -1);
const R = Math.max(...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => Math.hypot(X.data[2 * n], X.data[2 * n + 1])));
const eps = 0.3;

describe("landscape/linear-surface (F1 in float64)", () => {
  const rows = linearLossSurface({
    X,
    y,
    points: 21,
    threats: [
      { norm: "l2", eps: 0, label: "clean" },
      { norm: "l2", eps, label: "L2" },
      { norm: "linf", eps, label: "L∞" },
    ],
  });

  it("an odd grid over a symmetric range has the axes on it, exactly 0", () => {
    const axis = surfaceAxis([-2, 2], 21);
    assert.equal(axis.length, 21);
    assert.equal(axis[10], 0);
    assert.equal(axis[0], -2);
    assert.equal(axis[20], 2);
    assert.equal(rows.length, 3 * 21 * 21);
  });

  it("each row's loss is the closed form at its w, and ρ the gradient change of adversarial-linear.ts", () => {
    const s = 1e-6;
    for (const row of rows.filter((_, k) => k % 37 === 0)) {
      const [norm, e] = row.threat === "L∞" ? (["linf", eps] as const) : row.threat === "L2" ? (["l2", eps] as const) : (["l2", 0] as const);
      const loss = meanAdversarialLoss(Float64Array.of(row.w1, row.w2), X, y, e, norm);
      assert.ok(Math.abs(row.loss - loss) <= 1e-15 * loss, `${row.loss} vs ${loss}`);
      const jump = (d1: number, d2: number) => {
        const a = meanAdversarialLossGradient(Float64Array.of(row.w1 + d1, row.w2 + d2), X, y, e, norm);
        const b = meanAdversarialLossGradient(Float64Array.of(row.w1 - d1, row.w2 - d2), X, y, e, norm);
        return Math.hypot(a[0] - b[0], a[1] - b[1]) / (2 * s);
      };
      const expected = Math.max(jump(s, 0), jump(0, s));
      assert.ok(Math.abs(row.localRatio - expected) <= 1e-6 * expected + 1e-6, `(${row.w1}, ${row.w2}) ${row.threat}: ${row.localRatio} vs ${expected}`);
      assert.equal(row.log10LocalRatio, Math.log10(row.localRatio));
    }
  });

  it("rows given as an array of rows give the same surface as the flat layout", () => {
    const asRows = Array.from({ length: 8 }, (_, n) => X.data.slice(2 * n, 2 * n + 2));
    const again = linearLossSurface({ X: asRows, y, points: 5, threats: [{ norm: "linf", eps, label: "L∞" }] });
    const flat = linearLossSurface({ X, y, points: 5, threats: [{ norm: "linf", eps, label: "L∞" }] });
    assert.deepEqual(again, flat);
  });

  it("L∞: the detector fires on both axes (≈ jump/2s) and nowhere else, where it stays within ¼(R + ε√2)²", () => {
    const smooth = linearLinfSmoothRegionConstant(R, eps, 2);
    for (const row of rows.filter((r) => r.threat === "L∞")) {
      if (row.w1 === 0 || row.w2 === 0) {
        // Across wᵢ = 0 the gradient jumps by 2ε·mean σ(u) ≥ 2ε·min σ(u) > 0: the ratio is of order 1e5 here.
        assert.ok(row.localRatio > 1e4, `(${row.w1}, ${row.w2}): ${row.localRatio}`);
      } else {
        assert.ok(row.localRatio <= smooth * (1 + 1e-6), `(${row.w1}, ${row.w2}): ${row.localRatio} > ${smooth}`);
      }
    }
  });

  it("L2: the detector fires at w = 0 only, and elsewhere stays within T1(a)'s ¼(R + ε)² + 2ε/‖w‖", () => {
    for (const row of rows.filter((r) => r.threat === "L2")) {
      const r = Math.hypot(row.w1, row.w2);
      if (r === 0) {
        // At 0, w ± s e₁ have opposite ŵ: the jump is 2ε·σ(0)·1 = ε, so the ratio is ε/(2s).
        assert.ok(Math.abs(row.localRatio - (eps * sigmoid(0) * 2) / 2e-6) / (eps / 2e-6) < 1e-3, `${row.localRatio}`);
      } else {
        assert.ok(row.localRatio <= linearL2SmoothnessConstant(R, eps, r, r) * (1 + 1e-6), `(${row.w1}, ${row.w2}): ${row.localRatio}`);
      }
    }
  });

  it("clean: smooth everywhere, within ¼R²", () => {
    for (const row of rows.filter((r) => r.threat === "clean")) assert.ok(row.localRatio <= 0.25 * R * R * (1 + 1e-6));
  });

  it("rejects data that are not two-dimensional and bad grids", () => {
    assert.throws(
      () => linearLossSurface({ X: { data: new Float64Array(6), d: 3 }, y: [1, -1], threats: [{ norm: "l2", eps, label: "L2" }] }),
      /two-dimensional/,
    );
    assert.throws(() => linearLossSurface({ X, y, threats: [] }), /threats/);
    assert.throws(() => linearLossSurface({ X, y, threats: [{ norm: "l2", eps, label: "L2" }], range: [1, -1] }), /range/);
    assert.throws(() => linearLossSurface({ X, y, threats: [{ norm: "l2", eps, label: "L2" }], points: 1 }), /points/);
  });
});
