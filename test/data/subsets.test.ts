import { strict as assert } from "assert";
import { selectSubset, stratifiedQuotas } from "../../lib/data/subsets";
import { Rng } from "../../lib/core/rng";

/** Labels with uneven class counts, in a scrambled order. */
function unevenLabels(): Int32Array {
  const counts = [50, 130, 7, 300, 13];
  const labels: number[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) labels.push(k);
  });
  const out = Int32Array.from(labels);
  new Rng(99).shuffle(out);
  return out;
}

function histogram(labels: ArrayLike<number>, k: number): number[] {
  const h = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) h[labels[i]]++;
  return h;
}

describe("data/subsets", () => {
  const labels = unevenLabels();
  const counts = histogram(labels, 5);
  const total = labels.length;

  it("stratifiedQuotas: each class within one of its exact share, summing to the limit", () => {
    for (const limit of [0, 1, 2, 3, 17, 100, 251, total - 1, total]) {
      const q = stratifiedQuotas(counts, limit);
      assert.equal(
        q.reduce((a, b) => a + b, 0),
        limit,
      );
      q.forEach((qk, k) => {
        assert.ok(Math.abs(qk - (limit * counts[k]) / total) < 1, `limit ${limit} class ${k}: ${qk}`);
        assert.ok(qk <= counts[k]);
      });
    }
    assert.deepEqual(stratifiedQuotas([10, 10, 10], 30), [10, 10, 10]);
    assert.deepEqual(stratifiedQuotas([1, 1, 1], 2), [1, 1, 0]); // ties to the lower class id
  });

  it("limit without seed: the first examples in file order", () => {
    const s = selectSubset(labels, 5, { limit: 40 });
    assert.deepEqual(
      Array.from(s.indices),
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.deepEqual(Array.from(s.labels), Array.from(labels.subarray(0, 40)));
    const all = selectSubset(labels, 5);
    assert.equal(all.indices.length, total);
  });

  it("seeded stratified subsample: proportions kept, distinct valid indices, labels agree", () => {
    const s = selectSubset(labels, 5, { limit: 100, seed: 3 });
    assert.equal(new Set(s.indices).size, 100);
    for (let i = 0; i < 100; i++) assert.equal(s.labels[i], labels[s.indices[i]]);
    histogram(s.labels, 5).forEach((h, k) => assert.ok(Math.abs(h - (100 * counts[k]) / total) < 1, `class ${k}: ${h}`));
  });

  it("same seed → identical order; different seed → different; unstratified draws uniformly", () => {
    const a = selectSubset(labels, 5, { limit: 60, seed: 11 });
    const b = selectSubset(labels, 5, { limit: 60, seed: 11 });
    const c = selectSubset(labels, 5, { limit: 60, seed: 12 });
    assert.deepEqual(a.indices, b.indices);
    assert.notDeepEqual(Array.from(a.indices), Array.from(c.indices));
    const u = selectSubset(labels, 5, { limit: 60, seed: 11, stratified: false });
    assert.equal(new Set(u.indices).size, 60);
    assert.notDeepEqual(Array.from(u.indices), Array.from(a.indices));
    // Seed without limit: a permutation of the whole split.
    const p = selectSubset(labels, 5, { seed: 5 });
    assert.deepEqual(
      Array.from(p.indices).sort((x, y) => x - y),
      Array.from({ length: total }, (_, i) => i),
    );
  });

  it("classes: keeps only those classes and relabels by position", () => {
    const s = selectSubset(labels, 5, { classes: [3, 1] });
    assert.equal(s.indices.length, counts[3] + counts[1]);
    for (let i = 0; i < s.indices.length; i++) {
      const original = labels[s.indices[i]];
      assert.ok(original === 3 || original === 1);
      assert.equal(s.labels[i], original === 3 ? 0 : 1);
    }
    // File order without a seed.
    for (let i = 1; i < s.indices.length; i++) assert.ok(s.indices[i] > s.indices[i - 1]);
    const t = selectSubset(labels, 5, { classes: [4, 0], limit: 21, seed: 2 });
    const h = histogram(t.labels, 2);
    const share = (21 * counts[4]) / (counts[4] + counts[0]);
    assert.ok(Math.abs(h[0] - share) < 1 && Math.abs(h[1] - (21 - share)) < 1, `${h}`);
  });

  it("errors before any work", () => {
    assert.throws(() => selectSubset(labels, 5, { limit: 0 }), /limit must be an integer ≥ 1, got 0/);
    assert.throws(() => selectSubset(labels, 5, { limit: -3 }), /limit must be an integer ≥ 1, got -3/);
    assert.throws(() => selectSubset(labels, 5, { limit: 2.5 }), /limit must be an integer ≥ 1, got 2.5/);
    assert.throws(() => selectSubset(labels, 5, { limit: total + 1 }), new RegExp(`at most the split's ${total} examples`));
    assert.throws(() => selectSubset(labels, 5, { classes: [2, 0], limit: 58 }), /at most the 57 examples of classes \[2,0\]/);
    assert.throws(() => selectSubset(labels, 5, { classes: [1, 1] }), /classes must be distinct, got \[1,1\]/);
    assert.throws(() => selectSubset(labels, 5, { classes: [1, 5] }), /classes must hold integers in \[0, 4\], got \[1,5\]/);
    assert.throws(() => selectSubset(labels, 5, { classes: [-1, 2] }), /classes must hold integers/);
    assert.throws(() => selectSubset(labels, 5, { classes: [2] }), /at least two class ids/);
    assert.throws(() => selectSubset(labels, 5, { seed: -1 }), /seed must be an integer/);
    assert.throws(() => selectSubset(labels, 5, { limit: 5, stratified: true }), /needs a seed/);
    assert.throws(() => selectSubset([0, 1, 7], 5), /label 7 at position 2/);
  });
});

describe("data/subsets: validationSplit", () => {
  const labels = Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);
  it("partitions the split: the validation part and the rest are disjoint, cover it, and the validation set is stratified and fixed", () => {
    const validation = selectSubset(labels, 10, { validationSplit: { examples: 200, part: "validation" } });
    const training = selectSubset(labels, 10, { validationSplit: { examples: 200, part: "training" } });
    assert.equal(validation.indices.length, 200);
    assert.equal(training.indices.length, 800);
    const seen = new Set([...validation.indices, ...training.indices]);
    assert.equal(seen.size, 1000, "disjoint and covering");
    for (let k = 0; k < 10; k++) assert.equal(validation.labels.filter((l) => l === k).length, 20, `class ${k}: its share`);
    assert.deepEqual(
      selectSubset(labels, 10, { validationSplit: { examples: 200, part: "validation" } }).indices,
      validation.indices,
      "the same set every time",
    );
    const sub = selectSubset(labels, 10, { validationSplit: { examples: 200, part: "training" }, limit: 100, seed: 3 });
    assert.ok(
      [...sub.indices].every((i) => !validation.indices.includes(i)),
      "limit and seed apply within the part",
    );
    assert.throws(() => selectSubset(labels, 10, { validationSplit: { examples: 1000, part: "training" } }), /must leave training examples: at most 999/);
    assert.throws(() => selectSubset(labels, 10, { validationSplit: { examples: 10, part: "test" as "training" } }), /part must be "validation" or "training"/);
  });
});
