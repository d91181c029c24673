// F3's selection: each network's own training loss — the standard network's clean loss (once, although
// the standard network is measured under every threat), each AT network's re-attacked loss under its own
// norm at the pair's ε — and nothing else (not the frozen loss, not the other norm, not the grid's other pairs).
import { strict as assert } from "assert";
import { ownLossRatios, trainingLabel, type LinfVerticesResults, type VertexRatioRow } from "../../lib/experiments";

describe("experiments/linf-vertices: F3's curves", () => {
  const networks = [
    { training: "standard", network: "standard" },
    { training: "l2", network: "L2-AT ε=1" },
    { training: "linf", network: "L∞-AT ε=0.1" },
  ] as const;
  const threats = [
    { norm: "linf", eps: 0.1 },
    { norm: "l2", eps: 1 },
    { norm: "linf", eps: 0.2 },
    { norm: "l2", eps: 1.5 },
  ] as const;
  const ratios: VertexRatioRow[] = [];
  for (const n of networks)
    for (const t of threats)
      for (const loss of ["clean", "reattack", "frozen"] as const)
        for (const h of [0.1, 0.01]) {
          ratios.push({ ...n, threat: `${t.norm} ${t.eps}`, norm: t.norm, eps: t.eps, loss, h, median: 1, q1: 1, q3: 1 });
        }
  const results = { ratios } as unknown as LinfVerticesResults;

  it("picks the standard network's clean loss once and each AT network's re-attacked loss under its own norm at the pair's ε", () => {
    const picked = ownLossRatios(results);
    assert.equal(picked.length, 3 * 2, "three curves of two steps");
    const key = (r: VertexRatioRow) => `${r.network}|${r.loss}|${r.norm}|${r.eps}`;
    assert.deepEqual([...new Set(picked.map(key))].sort(), ["L2-AT ε=1|reattack|l2|1", "L∞-AT ε=0.1|reattack|linf|0.1", "standard|clean|linf|0.1"]);
  });

  it("labels networks by their training", () => {
    assert.equal(trainingLabel("standard", 0.1), "standard");
    assert.equal(trainingLabel("l2", 1), "L2-AT ε=1");
    assert.equal(trainingLabel("linf", 0.1), "L∞-AT ε=0.1");
  });
});
