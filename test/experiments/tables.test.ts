import { strict as assert } from "assert";
import { e5Verdicts, estimate, formatEstimate, tableA, type CellOutcome, type E5Cell, type E5Results } from "../../lib/experiments";

/** A minimal E5 record: what tableA reads (final accuracies, the last epoch's training loss, the budget, the ε). */
function e5Outcome(method: E5Cell["key"]["method"], seed: number, clean: number, pgd20: number, trainLoss: number): CellOutcome<E5Cell, E5Results> {
  const training = {
    log: [{ trainLoss: 9 }, { trainLoss }],
    final: { cleanAccuracy: clean, attacks: { "pgd-20": { robustAccuracy: pgd20 }, "pgd-50x5": { robustAccuracy: pgd20 - 0.01 } } },
    budget: { gradientEvaluations: 1000 + seed },
  } as unknown as E5Results["training"];
  const key = { dataset: "mnist", norm: "linf", model: "mlp", method, seed } as E5Cell["key"];
  const record = { config: { attack: { eps: 0.3 } }, results: { hyperparameters: {}, hyperparametersFrom: "test", training } } as unknown as CellOutcome<
    E5Cell,
    E5Results
  >["record"];
  return { cell: { key, cost: 1 }, name: `${method}_${seed}`, record, reused: true };
}

describe("experiments/tables", () => {
  it("estimate: mean, sample standard deviation (n − 1), NaN spread for one value; formatting", () => {
    const e = estimate([0.9, 0.92, 0.94, NaN]);
    assert.ok(Math.abs(e.mean - 0.92) < 1e-12 && Math.abs(e.std - 0.02) < 1e-12 && e.n === 3);
    assert.equal(formatEstimate(e, true), "92.0% ± 2.0%");
    assert.equal(formatEstimate(estimate([0.5])), "0.500");
    assert.equal(formatEstimate(estimate([])), "—");
  });

  it("tableA groups seeds per method and threat; e5Verdicts count a difference only beyond the spread, and say when one seed has none", () => {
    const outcomes = [
      e5Outcome("sgd-at", 0, 0.98, 0.9, 0.3),
      e5Outcome("sgd-at", 1, 0.97, 0.92, 0.32),
      e5Outcome("entropy-sgd-at", 0, 0.99, 0.91, 0.2),
      e5Outcome("entropy-sgd-at", 1, 0.98, 0.93, 0.22),
    ];
    const rows = tableA(outcomes);
    const sgd = rows.find((r) => r.method === "SGD-AT")!;
    assert.deepEqual([rows.length, sgd.threat, sgd.seeds, sgd.gradientEvaluations], [2, "L∞ 0.3", [0, 1], 1001]);
    assert.ok(Math.abs(sgd.pgd20.mean - 0.91) < 1e-12 && Math.abs(sgd.pgd20.std - Math.SQRT2 * 0.01) < 1e-12);
    assert.ok(Math.abs(sgd.strong.mean - 0.9) < 1e-12 && Math.abs(sgd.trainLoss.mean - 0.31) < 1e-12);
    // Loss 0.21 against 0.31 with spread √2·0.01·√2 = 0.02: clearly lower; PGD-20 0.92 against 0.91: within the spread.
    const [v] = e5Verdicts(rows);
    assert.deepEqual([v["EnSGD lower training loss"], v["EnSGD more robust (PGD-20)"]], ["yes", "within spread"]);
    const [one] = e5Verdicts(tableA(outcomes.filter((o) => o.cell.key.seed === 0)));
    assert.deepEqual([one["EnSGD lower training loss"], one["EnSGD more robust (PGD-20)"]], ["yes (one seed: no spread)", "yes (one seed: no spread)"]);
  });
});
