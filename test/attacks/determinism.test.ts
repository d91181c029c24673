// Seeds, tensor hygiene and the stopped gradient.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import {
  accuracyVsEps,
  apgd,
  apgdAttack,
  cleanAccuracy,
  convergedPgd,
  fgsm,
  fgsmAttack,
  pgd,
  pgdAttack,
  pgdWithStats,
  robustAccuracy,
} from "../../lib/attacks";
import { meanCrossEntropy } from "../../lib/losses";
import { Classifier, flattenParams, assignParams } from "../../lib/models";
import { assertClose, assertNoLeak } from "../helpers";
import { randomBatch, smallMlp } from "./support";

function values(t: tf.Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

describe("attacks: seeds, memory and the stopped gradient", () => {
  let model: Classifier;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  before(() => {
    model = smallMlp(11, 10, 3, "softplus");
    ({ x, y } = randomBatch(12, 6, 10, 3));
  });
  after(() => {
    model.dispose();
    tf.dispose([x, y]);
  });

  for (const norm of ["linf", "l2"] as const) {
    const eps = norm === "linf" ? 0.1 : 0.5;

    it(`${norm}: the same seed gives the same perturbation, another seed another`, () => {
      const run = (seed: number) => values(pgd(model, x, y, { norm, eps, steps: 3, seed }));
      assert.deepEqual(run(1), run(1));
      assert.notDeepEqual(run(1), run(2));
      // (L2: an L∞ APGD run jumps to the same vertex from any start, as its first step is 2ε.)
      const runA = (seed: number) => values(apgd(model, x, y, { norm: "l2", eps: 0.5, steps: 5, seed }));
      assert.deepEqual(runA(3), runA(3));
      assert.notDeepEqual(runA(3), runA(4));
      // An Attack's per-call seed replaces the bound one.
      const attack = pgdAttack({ norm, eps, steps: 3, seed: 1 });
      assert.deepEqual(values(attack(model, x, y)), run(1));
      assert.deepEqual(values(attack(model, x, y, 2)), run(2));
    });

    it(`${norm}: randomStart false, FGSM and start "zero" do not depend on the seed`, () => {
      const zero = (seed: number) => values(pgd(model, x, y, { norm, eps, steps: 3, randomStart: false, seed }));
      assert.deepEqual(zero(1), zero(2));
      assert.deepEqual(values(fgsm(model, x, y, { norm, eps })), values(fgsm(model, x, y, { norm, eps })));
      const apgdZero = (seed: number) => values(apgd(model, x, y, { norm, eps, steps: 5, start: "zero", seed }));
      assert.deepEqual(apgdZero(1), apgdZero(2));
    });

    it(`${norm}: converged mode is a deterministic map θ ↦ δ*(θ) (same seeded start at every θ)`, () => {
      const theta = flattenParams(model);
      const at = () => {
        const r = convergedPgd(model, x, y, { norm, eps, steps: 30, seed: 5 });
        tf.dispose([r.loss, r.gap]);
        return values(r.xAdv);
      };
      const first = at();
      const moved = tf.tidy(() => tf.add(theta, tf.mul(tf.randomNormal(theta.shape, 0, 1, "float32", 8), 0.5))) as tf.Tensor1D;
      assignParams(model, moved);
      const elsewhere = at();
      assignParams(model, theta);
      assert.deepEqual(at(), first);
      assert.notDeepEqual(elsewhere, first);
      tf.dispose([theta, moved]);
    });
  }

  it("no public function leaks a tensor", () => {
    const o = { norm: "l2" as const, eps: 0.5 };
    assertNoLeak(() => fgsm(model, x, y, o), "fgsm");
    assertNoLeak(() => pgd(model, x, y, { ...o, steps: 3 }), "pgd");
    assertNoLeak(() => pgd(model, x, y, { ...o, steps: 3, restarts: 3, loss: "dlr" }), "pgd with restarts");
    assertNoLeak(() => pgd(model, x, y, { norm: "linf", eps: 0.1, steps: 3, targeted: true, start: "uniform-step" }), "pgd targeted");
    assertNoLeak(() => {
      const r = pgdWithStats(model, x, y, { ...o, steps: 12, restarts: 2 });
      return [r.xAdv, r.loss, r.gap];
    }, "pgdWithStats");
    assertNoLeak(() => {
      const r = convergedPgd(model, x, y, { ...o, steps: 15 });
      return [r.xAdv, r.loss, r.gap];
    }, "convergedPgd");
    assertNoLeak(() => apgd(model, x, y, { ...o, steps: 12, restarts: 2 }), "apgd");
    assertNoLeak(() => apgd(model, x, y, { norm: "linf", eps: 0.1, steps: 12, restarts: 2, loss: "dlr", keep: "max-loss" }), "apgd max-loss");
    assertNoLeak(() => pgd(model, x, y, { ...o, eps: 0, steps: 3 }), "pgd eps 0");
    assertNoLeak(() => {
      const r = pgdWithStats(model, x, y, { ...o, eps: 0, steps: 3 });
      return [r.xAdv, r.loss, r.gap];
    }, "pgdWithStats eps 0");
    for (const attack of [pgdAttack({ ...o, steps: 2 }), fgsmAttack(o), apgdAttack({ ...o, steps: 4 })]) {
      assertNoLeak(() => attack(model, x, y), attack.description);
    }
    assertNoLeak(() => {
      robustAccuracy(model, x, y, pgdAttack({ ...o, steps: 2 }), { batchSize: 4, seed: 1 });
    }, "robustAccuracy");
    assertNoLeak(() => {
      cleanAccuracy(model, x, y, { batchSize: 4 });
    }, "cleanAccuracy");
    assertNoLeak(() => {
      accuracyVsEps(model, x, y, (eps) => fgsmAttack({ norm: "linf", eps }), [0, 0.1], { batchSize: 5 });
    }, "accuracyVsEps");
  });

  it("a failed call leaves no tensor behind", () => {
    const before = tf.memory().numTensors;
    assert.throws(() => pgd(model, x, y, { norm: "l2", eps: 0.5, steps: 2, loss: "dlr", targeted: true }));
    const badY = tf.tensor1d([0, 1, 2, 3, 0, 1], "int32");
    assert.throws(() => pgd(model, x, badY, { norm: "l2", eps: 0.5, steps: 2 }));
    badY.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  for (const norm of ["linf", "l2"] as const) {
    it(`${norm}: called inside tf.variableGrads, the attack is a constant (Danskin): same gradient as with x + δ precomputed`, () => {
      const eps = norm === "linf" ? 0.1 : 0.5;
      const options = { norm, eps, steps: 4, seed: 3 };
      const inside = tf.variableGrads(() => meanCrossEntropy(model.logits(pgd(model, x, y, options)), y), model.params);
      const xAdv = pgd(model, x, y, options);
      const outside = tf.variableGrads(() => meanCrossEntropy(model.logits(xAdv), y), model.params);
      for (const p of model.params) {
        assertClose(inside.grads[p.name].dataSync(), outside.grads[p.name].dataSync(), 1e-6, `gradient of ${p.name}`);
      }
      assert.equal(inside.value.dataSync()[0], outside.value.dataSync()[0]);
      tf.dispose([inside.value, outside.value, xAdv, ...Object.values(inside.grads), ...Object.values(outside.grads)]);
      // The outer tape was restored: an ordinary gradient afterwards still works.
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(t)))(tf.tensor1d([1, 2]));
      assert.deepEqual(Array.from(g.dataSync()), [2, 4]);
      g.dispose();
    });
  }
});
