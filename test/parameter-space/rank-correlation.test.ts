// Oracles for Spearman's ρ: the textbook formula 1 − 6Σd²/(n(n² − 1)) where there are no ties, a value
// with ties computed by hand, invariance under monotone maps, and the NaN conventions.
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { ranks, spearman } from "../../lib/parameter-space/rank-correlation";

describe("parameter-space/rank-correlation", () => {
  it("ranks ties by the mean of the ranks they span", () => {
    assert.deepEqual(ranks([10, 20, 20, 5, 20]), [2, 4, 4, 1, 4]);
    assert.deepEqual(ranks([3, 1, 2]), [3, 1, 2]);
  });

  it("without ties it equals 1 − 6Σd²/(n(n² − 1)), and is ±1 for monotone relations", () => {
    const rng = new Rng(4);
    const a = Array.from(rng.normalArray(40));
    const b = a.map((v) => v + 0.8 * rng.normal());
    const [ra, rb] = [ranks(a), ranks(b)];
    const n = a.length;
    const textbook = 1 - (6 * ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0)) / (n * (n * n - 1));
    assert.ok(Math.abs(spearman(a, b).rho - textbook) < 1e-12);
    assert.ok(spearman(a, b).rho > 0.5);
    assert.equal(spearman(a, a.map(Math.exp)).rho, 1);
    assert.equal(
      spearman(
        a,
        a.map((v) => -(v ** 3)),
      ).rho,
      -1,
    );
    // Invariant under increasing maps of either side (log–log plots show the same ρ).
    assert.ok(
      Math.abs(
        spearman(
          a.map(Math.exp),
          b.map((v) => 2 * v + 1),
        ).rho - spearman(a, b).rho,
      ) < 1e-12,
    );
  });

  it("with ties: the Pearson correlation of mid-ranks (hand-computed)", () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: Σ(x−2.5)(y−2.5) = 4.5, Σ(x−2.5)² = 4.5, Σ(y−2.5)² = 5.
    assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]).rho - 4.5 / Math.sqrt(4.5 * 5)) < 1e-15);
  });

  it("drops pairs with a non-finite side, and says NaN when there is nothing to correlate", () => {
    const r = spearman([1, 2, NaN, 3, 4], [2, 4, 5, Infinity, 8]);
    assert.equal(r.n, 3);
    assert.equal(r.rho, 1);
    assert.ok(Number.isNaN(spearman([1, 2], [3, 4]).rho));
    assert.ok(Number.isNaN(spearman([1, 1, 1], [3, 4, 5]).rho));
    assert.throws(() => spearman([1, 2], [1]), /equal length, got 2 and 1/);
  });
});
