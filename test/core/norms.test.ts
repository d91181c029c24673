// Per-example norms, dual norms and projections against float64 computations.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import {
  dualNormOf,
  perExampleDualNorm,
  perExampleNorm,
  projectL2Ball,
  projectLinfBox,
  projectOntoBall,
  scalePerExample,
  steepestAscentDirection,
} from "../../lib/core/norms";
import { assertClose, assertNoLeak } from "../helpers";

function rows(t: tf.Tensor): number[][] {
  const v = Array.from(t.dataSync());
  const d = v.length / t.shape[0];
  return Array.from({ length: t.shape[0] }, (_, i) => v.slice(i * d, i * d + d));
}

const norm64 = {
  l1: (r: number[]) => r.reduce((s, v) => s + Math.abs(v), 0),
  l2: (r: number[]) => Math.sqrt(r.reduce((s, v) => s + v * v, 0)),
  linf: (r: number[]) => Math.max(...r.map(Math.abs)),
};

describe("core/norms", () => {
  let batch: tf.Tensor;
  before(() => {
    batch = tf.randomNormal([5, 3, 4], 0, 2, "float32", 1);
  });
  after(() => batch.dispose());

  it("per-example L1, L2, L∞ norms over every non-batch axis", () => {
    for (const norm of ["l1", "l2", "linf"] as const) {
      const n = perExampleNorm(batch, norm);
      assert.deepEqual(n.shape, [5]);
      assertClose(n.dataSync(), rows(batch).map(norm64[norm]), 1e-6, norm);
      n.dispose();
    }
  });

  it("dual norms: l2 ↔ l2, linf ↔ l1, l1 ↔ linf; Hölder is attained by the steepest-ascent direction", () => {
    assert.equal(dualNormOf("l2"), "l2");
    assert.equal(dualNormOf("linf"), "l1");
    assert.equal(dualNormOf("l1"), "linf");
    for (const norm of ["l2", "linf"] as const) {
      const v = steepestAscentDirection(batch, norm);
      // ‖v‖_p = 1 and gᵀv = ‖g‖_q.
      assertClose(perExampleNorm(v, norm).dataSync(), [1, 1, 1, 1, 1], 1e-6, `‖v‖ for ${norm}`);
      const inner = tf.tidy(() => tf.sum(tf.reshape(tf.mul(batch, v), [5, -1]), 1));
      const dual = perExampleDualNorm(batch, norm);
      assertClose(inner.dataSync(), dual.dataSync(), 1e-5, `Hölder for ${norm}`);
      tf.dispose([v, inner, dual]);
    }
    const zero = tf.zeros([2, 3]);
    const d = steepestAscentDirection(zero, "l2");
    assert.deepEqual(Array.from(d.dataSync()), [0, 0, 0, 0, 0, 0]);
    tf.dispose([zero, d]);
  });

  it("projection onto the L2 ball: unchanged inside, radial onto the sphere outside, 0 stays 0, eps = 0 gives 0", () => {
    const delta = tf.tensor2d([
      [0.1, 0.2],
      [3, 4],
      [0, 0],
      [-6, 8],
    ]);
    const p = projectL2Ball(delta, 1);
    assertClose(p.dataSync(), [0.1, 0.2, 0.6, 0.8, 0, 0, -0.6, 0.8], 1e-6, "projection", 1);
    const inside = tf.tensor2d([[0.3, -0.4]]);
    const same = projectL2Ball(inside, 0.5);
    assert.deepEqual(Array.from(same.dataSync()), Array.from(inside.dataSync()));
    const zero = projectL2Ball(delta, 0);
    assert.ok(Array.from(zero.dataSync()).every((v) => v === 0));
    tf.dispose([delta, p, inside, same, zero]);
  });

  it("projection onto the L∞ box clips each coordinate; projectOntoBall dispatches on the norm", () => {
    const delta = tf.tensor2d([
      [0.1, -2],
      [3, -0.05],
    ]);
    const p = projectLinfBox(delta, 0.5);
    assert.deepEqual(
      Array.from(p.dataSync()).map((v) => +v.toFixed(6)),
      [0.1, -0.5, 0.5, -0.05],
    );
    const q = projectOntoBall(delta, "linf", 0.5);
    assert.deepEqual(Array.from(q.dataSync()), Array.from(p.dataSync()));
    const r = projectOntoBall(delta, "l2", 1);
    assertClose(perExampleNorm(r, "l2").dataSync(), [1, 1], 1e-6, "l2 dispatch");
    tf.dispose([delta, p, q, r]);
  });

  it("scalePerExample multiplies example n by factor n", () => {
    const t = tf.ones([3, 2, 2]);
    const s = scalePerExample(t, tf.tensor1d([1, 2, 3]));
    assert.deepEqual(
      rows(s).map((r) => r[3]),
      [1, 2, 3],
    );
    tf.dispose([t, s]);
  });

  it("refuses bad arguments and leaks no tensor", () => {
    assert.throws(() => perExampleNorm(batch, "l3" as never), /norm must be one of "l1", "l2", "linf", got "l3"/);
    assert.throws(() => projectL2Ball(batch, -1), /eps must be ≥ 0, got -1/);
    const scalar = tf.scalar(1);
    assert.throws(() => perExampleNorm(scalar, "l2"), /x must be a batch with at least one example, got shape \[\]/);
    scalar.dispose();
    assertNoLeak(() => perExampleNorm(batch, "l2"), "perExampleNorm");
    assertNoLeak(() => projectL2Ball(batch, 0.5), "projectL2Ball");
    assertNoLeak(() => projectLinfBox(batch, 0.5), "projectLinfBox");
    assertNoLeak(() => steepestAscentDirection(batch, "l2"), "steepestAscentDirection");
    assertNoLeak(() => perExampleDualNorm(batch, "linf"), "perExampleDualNorm");
  });
});
