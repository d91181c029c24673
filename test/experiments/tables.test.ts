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
  tableC,
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

/** A minimal E3 record: S1 at h = 1e-3 of the re-attacked, frozen and clean losses, and S3's top eigenvalue. */
function e3Outcome(cell: E3Cell, s1: { reattack: number; frozen: number; clean: number }, lambda: number): CellOutcome<E3Cell, E3Results> {
  const series = (loss: string, r: number) => ({ loss, directions: "random", h: [1e-2, 1e-3], median: [r / 10, r] });
  const profile = { s1: Object.entries(s1).map(([loss, r]) => series(loss, r)), s3: { values: [lambda] } };
  const record = { stamp: { scale: "full" }, results: { profiles: [profile] } } as unknown as CellOutcome<E3Cell, E3Results>["record"];
  return { cell, name: JSON.stringify(cell.key), record, reused: true };
}

/** A minimal E7 record: trained (robust, clean, last training loss, re-attacked S1 slope) or diverged. */
function e7Outcome(cell: E7Cell, robust: number | "diverged", slope = -0.5): CellOutcome<E7Cell, E7Results> {
  const setting = { hyperparameters: {}, hyperparametersFrom: "test" };
  const results =
    robust === "diverged"
      ? { ...setting, diverged: { loss: "NaN", epoch: 1, step: 323, learningRate: 1 } }
      : {
          ...setting,
          training: { log: [{ trainLoss: 1 - robust }], final: { cleanAccuracy: 0.95, attacks: { "pgd-20": { robustAccuracy: robust } } } },
          profile: { s1: [{ loss: "reattack", directions: "random", slope }] },
        };
  return { cell, name: "", reused: true, record: { stamp: { scale: "full" }, results } } as unknown as CellOutcome<E7Cell, E7Results>;
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
    const [v] = e5Verdicts(rows, "mlp");
    assert.deepEqual([v["EnSGD lower training loss"], v["EnSGD more robust (PGD-20)"]], ["yes", "within spread"]);
    const [one] = e5Verdicts(tableA(outcomes.filter((o) => o.cell.key.seed === 0)), "mlp");
    assert.deepEqual([one["EnSGD lower training loss"], one["EnSGD more robust (PGD-20)"]], ["yes (one seed: no spread)", "yes (one seed: no spread)"]);
    assert.deepEqual(e5Verdicts(rows, "cnn"), [], "MLP rows only: nothing to compare for the CNN");
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

  it("Table C and E7's findings name a diverged run, leave it out of the best cell and count it as less robust", () => {
    // Robust accuracy grows with γ0 and with L; the reuse ablation loses 0.1 and diverges at the longest L.
    const robust = (c: E7Cell) => 0.2 + 5 * c.key.gamma0 + 0.001 * c.key.L - (c.key.reuse === "yes" ? 0.1 : 0);
    const Ls = [...new Set(E7.grid("full").map((c) => c.key.L))];
    const longest = Math.max(...Ls);
    const outcomes = E7.grid("full").map((c) =>
      e7Outcome(c, c.key.reuse === "yes" && c.key.L === longest ? "diverged" : robust(c), c.key.gamma0 === 3e-4 ? -0.1 : -0.8),
    );
    const rows = tableC(outcomes);
    const reuseRow = rows.find((r) => r.reuseAdversarial === "yes")!;
    assert.equal(reuseRow[`L = ${longest}`], "diverged at epoch 1, step 323 (learning rate 1)");
    assert.equal(
      rows.find((r) => r.γ0 === "0.03" && r.reuseAdversarial === "no")![`L = ${longest}`],
      `${(100 * (0.35 + 0.001 * longest)).toFixed(1)}% / 95.0% / ${(0.65 - 0.001 * longest).toFixed(3)}`,
    );
    const findings = Object.fromEntries(e7Findings(outcomes).map((f) => [f.question, f.answer]));
    assert.deepEqual(findings, {
      "most robust cell (γ0, L)": `γ0 = 0.03, L = ${longest}`,
      "mean robust accuracy over L increases with γ0": "yes",
      [`at γ0 = 0.03, robust accuracy at L = ${longest} above L = ${Math.min(...Ls)}`]: "yes",
      "reuseAdversarial less robust than re-attacking, at every L (γ0 = 0.03)": "yes",
      "mean S1 slope closer to 0 (smoother) at the smallest γ0 than at the largest": "yes",
      "runs whose training diverged": `γ0 = 0.03, L = ${longest}, reuse yes: epoch 1, step 323 (learning rate 1)`,
    });
    // Without the diverged run nothing diverged; with the re-attacking run diverged instead, the ablation is no longer "less robust everywhere".
    const swapped = E7.grid("full").map((c) => e7Outcome(c, c.key.reuse === "no" && c.key.gamma0 === 0.03 && c.key.L === longest ? "diverged" : robust(c)));
    const f2 = Object.fromEntries(e7Findings(swapped).map((f) => [f.question, f.answer]));
    assert.equal(f2["reuseAdversarial less robust than re-attacking, at every L (γ0 = 0.03)"], "no");
    assert.equal(f2["most robust cell (γ0, L)"], `γ0 = 0.03, L = ${[...Ls].sort((a, b) => b - a)[1]}`);
  });

  it("E3's verdicts answer per dataset and model from S1 at h = 1e-3, each once its grid is complete", () => {
    // S1 grows with ε under both norms, L∞ above L2 at every paired ε, the re-attack gap (re-attacked / frozen)
    // largest under L∞; the CNN's L2 networks instead get less smooth as ε grows only up to the middle ε, where
    // the L∞/L2 ratio dips (100/3, 200/8, 300/4) while the MLP's grows (100/3, 200/4, 300/5).
    const s1Of = (c: E3Cell) => {
      const position = c.key.training === "standard" ? 0 : [0.1, 0.2, 0.3, 1, 1.5, 2].indexOf(c.key.eps) % 3;
      if (c.key.training === "linf") return { reattack: 100 * (position + 1), frozen: 2, clean: 1 };
      if (c.key.training === "l2") return { reattack: c.key.model === "cnn" ? [3, 8, 4][position] : 3 + position, frozen: 2, clean: 1 };
      return { reattack: 1, frozen: 1, clean: 2 };
    };
    const cells = E3.grid("full").filter((c) => c.key.dataset === "mnist");
    const outcomes = cells.map((c) => e3Outcome(c, s1Of(c), c.key.training === "linf" ? 50 * c.key.eps * 10 : 1));
    const verdicts = Object.fromEntries(e3Verdicts(outcomes).map((v) => [v.question, v.answer]));
    for (const model of ["MLP", "CNN"]) {
      assert.equal(verdicts[`mnist ${model}: L∞-AT less smooth than L2-AT at every paired ε (re-attacked S1 at h = 1e-3)`], "yes");
      assert.equal(verdicts[`mnist ${model}: L2-AT less smooth than the clean loss of the clean network`], "yes");
      assert.equal(verdicts[`mnist ${model}: re-attacked S1 grows with ε under L∞`], "yes");
      assert.equal(verdicts[`mnist ${model}: largest re-attacked/frozen gap under L∞`], "yes");
      // λ_max 50, 100, 150 against S1 100, 200, 300: below at every ε.
      assert.equal(verdicts[`mnist ${model}: S3 (λ_max at frozen inputs) below the re-attacked S1 for every L∞-AT network`], "yes");
    }
    assert.equal(verdicts["mnist MLP: re-attacked S1 grows with ε under L2"], "yes");
    assert.equal(verdicts["mnist CNN: re-attacked S1 grows with ε under L2"], "no");
    assert.equal(verdicts["mnist MLP: the L∞-AT / L2-AT ratio of re-attacked S1 grows along the paired ε"], "yes");
    assert.equal(verdicts["mnist CNN: the L∞-AT / L2-AT ratio of re-attacked S1 grows along the paired ε"], "no");
    assert.equal(Object.keys(verdicts).length, 14);
    const withoutOneCnn = outcomes.filter((o) => !(o.cell.key.model === "cnn" && o.cell.key.training === "linf" && o.cell.key.eps === 0.3));
    assert.deepEqual(
      [...new Set(e3Verdicts(withoutOneCnn).map((v) => v.question.split(":")[0]))],
      ["mnist MLP"],
      "the CNN grid without L∞ ε = 0.3: only the MLP's verdicts",
    );
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
