// The summaries over directions: type-7 quantiles (as R and NumPy), NaN-skipping, and the log–log slope.
import { strict as assert } from "assert";
import { logLogSlope, median, quantile, spread } from "../../lib/parameter-space";

describe("smoothness: summary statistics", () => {
  it("quantiles interpolate between order statistics (type 7) and skip NaN", () => {
    const values = [7, 1, 3, NaN, 5];
    assert.equal(median(values), 4);
    assert.equal(quantile(values, 0.25), 2.5);
    assert.equal(quantile(values, 0.75), 5.5);
    assert.equal(quantile(values, 0), 1);
    assert.equal(quantile(values, 1), 7);
    assert.ok(Number.isNaN(median([NaN, NaN])));
    assert.deepEqual(spread([2, NaN, 4, 6]), { median: 4, q1: 3, q3: 5, max: 6, count: 3 });
  });

  it("log–log slope: 0 for a constant, −1 for c/h, the exponent of a power law; NaN with < 2 points", () => {
    const h = [1e-1, 1e-2, 1e-3, 1e-4];
    assert.ok(
      Math.abs(
        logLogSlope(
          h,
          h.map(() => 3),
        ),
      ) < 1e-12,
    );
    assert.ok(
      Math.abs(
        logLogSlope(
          h,
          h.map((t) => 0.2 / t),
        ) + 1,
      ) < 1e-12,
    );
    assert.ok(
      Math.abs(
        logLogSlope(
          h,
          h.map((t) => t ** 0.5),
        ) - 0.5,
      ) < 1e-12,
    );
    assert.ok(Math.abs(logLogSlope(h, [1, NaN, 0.01, 0]) - 1) < 1e-12, "skips NaN and non-positive values");
    assert.ok(Number.isNaN(logLogSlope([1e-2], [1])));
  });
});
