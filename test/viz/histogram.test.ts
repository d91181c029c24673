import { strict as assert } from "assert";
import { histogram } from "../../lib/viz";

describe("viz/histogram", () => {
  it("shares per bin sum to 1, land in the right bins, clamp the ends and skip empty bins", () => {
    const rows = histogram([0, 0.05, 0.1, 0.55, 1, 1.5, -2], { bins: 10 });
    assert.deepEqual(
      rows.map((r) => +r.center.toFixed(2)),
      [0.05, 0.15, 0.55, 0.95],
    );
    assert.deepEqual(
      rows.map((r) => r.share * 7),
      [3, 1, 1, 2],
    );
    assert.ok(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-15);
    assert.deepEqual(histogram([2, 4], { bins: 2, range: [2, 4] }), [
      { center: 2.5, share: 0.5 },
      { center: 3.5, share: 0.5 },
    ]);
    assert.throws(() => histogram([1], { bins: 0 }), /bins must be an integer ≥ 1, got 0/);
    assert.throws(() => histogram([1], { range: [1, 1] }), /high > low/);
  });
});
