import { strict as assert } from "assert";
import {
  E3,
  E7,
  e3Verdicts,
  e7Findings,
  isCompleteGrid,
  e5Verdicts,
  e6Verdicts,
  estimate,
  formatEstimate,
  tableA,
  type CellOutcome,
  type E5Cell,
  type E5Results,
  type E6Cell,
  type E6Results,
  type E3Cell,
  type E3Results,
  type E7Cell,
  type E7Results,
} from "../../lib/experiments";

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

/** A minimal E6 record: the re-attacked S1 series (median at h = 1e-2, 1e-3), its slope and S3's top eigenvalue. */
function e6Outcome(method: E6Cell["key"]["method"], r: [number, number], slope: number, lambda: number): CellOutcome<E6Cell, E6Results> {
  const profile = {
    threat: { norm: "linf", eps: 0.3 },
    s1: [{ loss: "reattack", directions: "random", h: [1e-2, 1e-3], median: r, q1: r, q3: r, slope, flagged: 0 }],
    s3: { values: [lambda], hvp: "exact", converged: [true] },
  };
  const key = { dataset: "mnist", norm: "linf", method, seed: 0 } as E6Cell["key"];
  return { cell: { key, cost: 1 }, name: method, record: { results: { profile } } as unknown as CellOutcome<E6Cell, E6Results>["record"], reused: true };
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

  it("e6Verdicts compare the two networks of a threat by S1 at h = 1e-3, |slope| and λ_max", () => {
    const [v] = e6Verdicts([e6Outcome("sgd-at", [0.5, 4], -0.9, 30), e6Outcome("entropy-sgd-at", [0.4, 1], 0.95, 20)]);
    assert.deepEqual(v, {
      threat: "mnist L∞ 0.3",
      "S1 R(1e-3), SGD / EnSGD": "4.00 / 1.00",
      "EnSGD smaller S1": "yes",
      "S1 slope, SGD / EnSGD": "-0.900 / 0.950",
      "EnSGD slope nearer 0": "no",
      "S3 λ_max, SGD / EnSGD": "30.0 / 20.0",
      "EnSGD smaller λ_max": "yes",
    });
    assert.deepEqual(e6Verdicts([e6Outcome("sgd-at", [0.5, 4], -0.9, 30)]), []);
  });

  it("verdicts and findings are read off complete grids only (isCompleteGrid over the records' scale)", () => {
    // Records that carry only what the completeness check reads (key and scale): a check that looked at
    // results would throw on them, which is the point for the partial grids.
    const outcomes = <C extends E3Cell | E7Cell>(cells: C[]) =>
      cells.map((cell) => ({ cell, name: "", reused: true, record: { stamp: { scale: "full" } } }) as unknown as CellOutcome<C, never>);
    const e7 = outcomes(E7.grid("full")) as unknown as CellOutcome<E7Cell, E7Results>[];
    assert.equal(isCompleteGrid(E7, e7), true);
    assert.equal(isCompleteGrid(E7, e7.slice(1)), false, "one cell missing");
    assert.equal(isCompleteGrid(E7, []), false);
    assert.deepEqual(e7Findings(e7.slice(0, 5)), [], "five of the sixteen cells: no findings yet");
    const e3 = outcomes(E3.grid("full").filter((c) => c.key.dataset === "mnist" && c.key.model === "mlp"));
    assert.equal(
      isCompleteGrid(E3, e3, (c) => c.key.dataset === "mnist" && c.key.model === "mlp"),
      true,
    );
    assert.equal(isCompleteGrid(E3, e3), false, "the Fashion-MNIST and CNN cells are missing from the whole grid");
    const partial = e3.filter((o) => !(o.cell.key.training === "l2" && o.cell.key.eps === 2)) as unknown as CellOutcome<E3Cell, E3Results>[];
    assert.deepEqual(e3Verdicts(partial), [], "the MNIST MLP grid without L2 ε = 2: no verdicts yet");
  });
});
