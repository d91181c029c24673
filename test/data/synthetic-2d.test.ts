import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { blobs, blobsFloat64, moons, moonsFloat64, separable, separableDistances, separableFloat64 } from "../../lib/data/synthetic-2d";
import { assertNoLeak } from "../helpers";

function histogram(labels: ArrayLike<number>, k: number): number[] {
  const h = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) h[labels[i]]++;
  return h;
}

describe("data/synthetic-2d", () => {
  it("is reproducible by seed, and different across seeds", () => {
    for (const make of [
      (seed: number) => blobsFloat64({ n: 50, centers: 3, seed }),
      (seed: number) => moonsFloat64({ n: 50, seed }),
      (seed: number) => separableFloat64({ n: 50, w: [1, 2], margin: 0.3, seed }),
    ]) {
      assert.deepEqual(make(7), make(7));
      assert.notDeepEqual(Array.from(make(7).x), Array.from(make(8).x));
    }
  });

  it("blobs: balanced classes; per-class sample means and std match the centres and spread", () => {
    const centers: Array<[number, number]> = [
      [0, 0],
      [4, -1],
      [-2, 3],
    ];
    const p = blobsFloat64({ n: 3000, centers, std: 0.5, seed: 1 });
    assert.deepEqual(histogram(p.y, 3), [1000, 1000, 1000]);
    for (let k = 0; k < 3; k++) {
      let sx = 0,
        sy = 0,
        sxx = 0;
      for (let i = 0; i < p.n; i++) {
        if (p.y[i] !== k) continue;
        const dx = p.x[2 * i] - centers[k][0];
        sx += p.x[2 * i];
        sy += p.x[2 * i + 1];
        sxx += dx * dx;
      }
      // Standard error of a mean of 1000 draws with std 0.5 is 0.016; allow 4 of them.
      assert.ok(Math.abs(sx / 1000 - centers[k][0]) < 0.064 && Math.abs(sy / 1000 - centers[k][1]) < 0.064, `class ${k}`);
      assert.ok(Math.abs(Math.sqrt(sxx / 1000) - 0.5) < 0.05, `class ${k} std`);
    }
    const ring = blobsFloat64({ n: 4, centers: 4, std: 0, radius: 2, seed: 0 });
    const expected = [2, 0, 0, 2, -2, 0, 0, -2];
    ring.x.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `coordinate ${i}: ${v}`));
  });

  it("moons: without noise, points lie exactly on the two half circles", () => {
    const p = moonsFloat64({ n: 101, noise: 0, seed: 3 });
    assert.deepEqual(histogram(p.y, 2), [51, 50]);
    for (let i = 0; i < p.n; i++) {
      const [a, b] = [p.x[2 * i], p.x[2 * i + 1]];
      if (p.y[i] === 0) {
        assert.ok(Math.abs(Math.hypot(a, b) - 1) < 1e-12 && b >= -1e-12, `outer ${i}`);
      } else {
        assert.ok(Math.abs(Math.hypot(a - 1, b - 0.5) - 1) < 1e-12 && b <= 0.5 + 1e-12, `inner ${i}`);
      }
    }
    // The order is shuffled (not all class-0 points first).
    assert.notDeepEqual(Array.from(p.y.subarray(0, 51)), new Array(51).fill(0));
  });

  it("separable: every point at signed distance ≥ margin in float64, the closest exactly at it", () => {
    for (const [w, margin, bias, seed] of [
      [[1, 0], 0.5, 0, 1],
      [[3, -4], 0.1, 0.7, 2],
      [[-1e-3, 2e-3], 1.3, -2, 3],
      [[0.1, 0.7], 1e-3, 0.25, 4],
    ] as Array<[[number, number], number, number, number]>) {
      const p = separableFloat64({ n: 400, w, margin, bias, seed });
      const d = separableDistances(p, w, bias);
      let closest = [Infinity, Infinity];
      for (let i = 0; i < p.n; i++) {
        assert.ok(d[i] >= margin, `w ${w}, point ${i}: distance ${d[i]} < margin ${margin}`);
        closest[p.y[i]] = Math.min(closest[p.y[i]], d[i]);
      }
      for (const c of closest) assert.ok(c - margin <= 4 * Number.EPSILON * (1 + Math.abs(bias) + 3), `closest ${c} vs ${margin}`);
      assert.deepEqual(histogram(p.y, 2), [200, 200]);
    }
  });

  it("tensors wrap the same numbers: x float32 [n, 2], y int32 [n]", () => {
    const p = moonsFloat64({ n: 20, seed: 9 });
    const { x, y } = moons({ n: 20, seed: 9 });
    assert.deepEqual(x.shape, [20, 2]);
    assert.equal(x.dtype, "float32");
    assert.equal(y.dtype, "int32");
    assert.deepEqual(
      Array.from(x.dataSync()),
      Array.from(p.x, (v) => Math.fround(v)),
    );
    assert.deepEqual(Array.from(y.dataSync()), Array.from(p.y));
    tf.dispose([x, y]);
  });

  it("rejects bad arguments before any work", () => {
    assert.throws(() => blobsFloat64({ n: 0, centers: 2, seed: 1 }), /n must be an integer ≥ 1, got 0/);
    assert.throws(() => blobsFloat64({ n: 5, centers: 1, seed: 1 }), /centers must be an integer ≥ 2/);
    assert.throws(
      () =>
        blobsFloat64({
          n: 5,
          centers: [
            [0, 0],
            [1, NaN],
          ],
          seed: 1,
        }),
      /centers\[1\] must be a pair of finite numbers/,
    );
    assert.throws(() => moonsFloat64({ n: 5, noise: -1, seed: 1 }), /noise must be ≥ 0, got -1/);
    assert.throws(() => separableFloat64({ n: 5, w: [0, 0], margin: 1, seed: 1 }), /w must be non-zero/);
    assert.throws(() => separableFloat64({ n: 5, w: [1, 0], margin: 0, seed: 1 }), /margin must be > 0, got 0/);
    assert.throws(() => moonsFloat64({ n: 5, seed: 1.5 }), /seed must be an integer/);
  });

  it("leaves no tensors behind", () => {
    assertNoLeak(() => blobs({ n: 30, centers: 3, seed: 1 }), "blobs");
    assertNoLeak(() => moons({ n: 30, seed: 1 }), "moons");
    assertNoLeak(() => separable({ n: 30, w: [1, 1], margin: 0.2, seed: 1 }), "separable");
  });
});
