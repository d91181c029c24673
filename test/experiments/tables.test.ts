import { strict as assert } from "assert";
import { estimate, formatEstimate } from "../../lib/experiments";

describe("experiments/tables", () => {
  it("estimate: mean, sample standard deviation (n − 1), NaN spread for one value; formatting", () => {
    const e = estimate([0.9, 0.92, 0.94, NaN]);
    assert.ok(Math.abs(e.mean - 0.92) < 1e-12 && Math.abs(e.std - 0.02) < 1e-12 && e.n === 3);
    assert.equal(formatEstimate(e, true), "92.0% ± 2.0%");
    assert.equal(formatEstimate(estimate([0.5])), "0.500");
    assert.equal(formatEstimate(estimate([])), "—");
  });
});
