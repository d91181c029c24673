// T1 as an oracle: on the binary logistic model the optimal attacks are δ*₂ = −εỹ w/‖w‖₂ and
// δ*_∞ = −εỹ sign(w), with adversarial loss softplus(−ỹ(wᵀx + b) + ε‖w‖_q). PGD, APGD and the converged
// mode must reach them (bounds off, as in the theory).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { apgd, closedFormLinear, closedFormLinearAttack, closedFormLinearLoss, convergedPgd, pgd, pgdGapToClosedForm, pgdWithStats } from "../../lib/attacks";
import { adversarialLoss, dualNorm } from "../../lib/losses";
import { Classifier } from "../../lib/models";
import { assertClose, assertNoLeak, maxRelativeError } from "../helpers";
import { logistic, lossesAt } from "./support";

const NO_BOUNDS: [number, number] = [-Infinity, Infinity];
const D = 5;

function gaussianBatch(seed: number, n: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const x = tf.randomNormal([n, D], 0, 1, "float32", seed) as tf.Tensor2D;
  const y = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 7 + seed) % 2),
    "int32",
  );
  return { x, y };
}

describe("attacks: closed forms on the binary logistic model (T1)", () => {
  let model: Classifier;
  let biasFree: Classifier;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  before(() => {
    model = logistic(3, D, true);
    biasFree = logistic(4, D, false);
    ({ x, y } = gaussianBatch(7, 8));
  });
  after(() => {
    model.dispose();
    biasFree.dispose();
    tf.dispose([x, y]);
  });

  for (const norm of ["l2", "linf"] as const) {
    const eps = norm === "l2" ? 0.6 : 0.3;

    it(`${norm}: the closed-form attack is x − εỹ n(w), and its float32 loss equals the float64 closed-form loss`, () => {
      const xAdv = closedFormLinearAttack(model, x, y, { norm, eps });
      const w = Float64Array.from(model.params[0].dataSync());
      const n = norm === "l2" ? Array.from(w, (v) => v / Math.sqrt(w.reduce((s, u) => s + u * u, 0))) : Array.from(w, Math.sign);
      const xs = x.dataSync();
      const ys = y.dataSync();
      const expected = Array.from(xs, (v, i) => v - eps * (2 * ys[Math.floor(i / D)] - 1) * n[i % D]);
      assertClose(xAdv.dataSync(), expected, 1e-6, "x + δ*", 1);
      assertClose(lossesAt(model, xAdv, y), closedFormLinearLoss(model, x, y, { norm, eps }), 1e-5, "loss at x + δ*");
      xAdv.dispose();
    });

    it(`${norm}: closedFormLinearLoss agrees with lib/losses/adversarial-linear (bias-free model)`, () => {
      const w = Float64Array.from(biasFree.params[0].dataSync());
      const xs = x.dataSync();
      const ys = y.dataSync();
      const exact = Array.from(ys, (label, i) => adversarialLoss(w, Float64Array.from(xs.subarray(i * D, i * D + D)), 2 * label - 1, eps, norm));
      assertClose(closedFormLinearLoss(biasFree, x, y, { norm, eps }), exact, 1e-12, "closed-form loss");
    });

    it(`${norm}: no feasible perturbation beats the closed form (200 random points of the ball)`, () => {
      const exact = closedFormLinearLoss(model, x, y, { norm, eps });
      for (let trial = 0; trial < 25; trial++) {
        const probe = tf.tidy(() => {
          const z = tf.randomNormal(x.shape, 0, 1, "float32", 100 + trial);
          const scale = norm === "l2" ? tf.div(eps, tf.norm(z, 2, 1, true)) : tf.scalar(eps);
          return tf.add(x, norm === "l2" ? tf.mul(z, scale) : tf.mul(tf.sign(z), scale));
        });
        lossesAt(model, probe, y).forEach((l, i) => assert.ok(l <= exact[i] * (1 + 1e-5) + 1e-7, `trial ${trial}, example ${i}: ${l} > ${exact[i]}`));
        probe.dispose();
      }
    });

    it(`${norm}: PGD from zero and from random starts reaches the optimal attack and loss (relative error < 1e-4)`, () => {
      const exact = closedFormLinearLoss(model, x, y, { norm, eps });
      const optimal = closedFormLinearAttack(model, x, y, { norm, eps });
      for (const randomStart of [false, true]) {
        const run = pgdWithStats(model, x, y, { norm, eps, steps: 200, stepSize: eps / 10, randomStart, bounds: NO_BOUNDS, seed: 2 });
        const err = maxRelativeError(run.loss.dataSync(), exact, 1e-6);
        assert.ok(err < 1e-4, `PGD ${norm} randomStart ${randomStart}: loss relative error ${err}`);
        assertClose(run.xAdv.dataSync(), optimal.dataSync(), 1e-4, `PGD ${norm} δ`, 1);
        tf.dispose([run.xAdv, run.loss, run.gap]);
      }
      optimal.dispose();
    });

    it(`${norm}: APGD and the converged mode reach the optimal loss (relative error < 1e-4)`, () => {
      const exact = closedFormLinearLoss(model, x, y, { norm, eps });
      const best = apgd(model, x, y, { norm, eps, steps: 50, bounds: NO_BOUNDS, keep: "max-loss" });
      assert.ok(maxRelativeError(lossesAt(model, best, y), exact) < 1e-4, "APGD");
      const converged = convergedPgd(model, x, y, { norm, eps, bounds: NO_BOUNDS });
      assert.ok(maxRelativeError(converged.loss.dataSync(), exact) < 1e-4, "converged PGD");
      // At the optimum nothing is left to gain: the gap is at float32 rounding of the loss.
      Array.from(converged.gap.dataSync()).forEach((g, i) => assert.ok(Math.abs(g) <= 1e-5 * Math.max(1, exact[i]), `gap ${g}`));
      tf.dispose([best, converged.xAdv, converged.loss, converged.gap]);
    });

    it(`${norm}: PGD from zero with α = ε/5 walks straight to δ*: exact from K = 5 on, not before (pgdGapToClosedForm)`, () => {
      const rows = pgdGapToClosedForm(model, x, y, { norm, eps, steps: [1, 4, 5, 20], stepSize: eps / 5 });
      assert.deepEqual(
        rows.map((r) => r.steps),
        [1, 4, 5, 20],
      );
      assert.ok(rows[0].relativeError > 1e-2 && rows[1].relativeError > 1e-3, `short of the optimum before K·α = ε: ${rows.map((r) => r.relativeError)}`);
      assert.ok(rows[0].relativeError > rows[1].relativeError, "closer with every step");
      for (const r of rows.slice(2)) assert.ok(r.relativeError < 1e-6, `K = ${r.steps}: ${r.relativeError}`);
    });

    it(`${norm}: pgdGapToClosedForm from a seeded random start: short at K = 1, converged (< 1e-4) by K = 200`, () => {
      const rows = pgdGapToClosedForm(model, x, y, { norm, eps, steps: [1, 200], stepSize: eps / 10, randomStart: true, seed: 2 });
      assert.ok(rows[0].relativeError > 1e-2, `K = 1: ${rows[0].relativeError}`);
      assert.ok(rows[1].relativeError < 1e-4, `K = 200: ${rows[1].relativeError}`);
      const again = pgdGapToClosedForm(model, x, y, { norm, eps, steps: [1], stepSize: eps / 10, randomStart: true, seed: 2 });
      assert.equal(again[0].relativeError, rows[0].relativeError, "seeded");
      const zero = pgdGapToClosedForm(model, x, y, { norm, eps, steps: [1], stepSize: eps / 10 });
      assert.notEqual(zero[0].relativeError, rows[0].relativeError, "the start differs from δ = 0");
    });

    it(`${norm}: plain PGD (not only the stats variant) returns the same point`, () => {
      const a = pgd(model, x, y, { norm, eps, steps: 40, stepSize: eps / 5, randomStart: false, bounds: NO_BOUNDS });
      const b = pgdWithStats(model, x, y, { norm, eps, steps: 40, stepSize: eps / 5, randomStart: false, bounds: NO_BOUNDS });
      assert.deepEqual(Array.from(a.dataSync()), Array.from(b.xAdv.dataSync()));
      tf.dispose([a, b.xAdv, b.loss, b.gap]);
    });
  }

  it("the exact robust accuracy: an example survives iff ỹ(wᵀx + b) > ε‖w‖_q", () => {
    const eps = 0.4;
    const attack = closedFormLinear({ norm: "linf", eps });
    const xAdv = attack(model, x, y);
    const predicted = tf.tidy(() => tf.argMax(model.logits(xAdv), 1));
    const w = Float64Array.from(model.params[0].dataSync());
    const b = model.params[1].dataSync()[0];
    const xs = x.dataSync();
    const ys = y.dataSync();
    const p = predicted.dataSync();
    for (let i = 0; i < ys.length; i++) {
      let s = b;
      for (let j = 0; j < D; j++) s += w[j] * xs[i * D + j];
      const survives = (2 * ys[i] - 1) * s > eps * dualNorm(w, "linf");
      assert.equal(p[i] === ys[i], survives, `example ${i}`);
    }
    assert.equal(attack.cost.gradientEvaluations, 0);
    tf.dispose([xAdv, predicted]);
  });

  it("refuses other models and leaks no tensor", () => {
    const mlpLike = { ...model, config: { kind: "mlp", seed: 0 } } as Classifier;
    assert.throws(() => closedFormLinearAttack(mlpLike, x, y, { norm: "l2", eps: 0.1 }), /binary logistic model/);
    assertNoLeak(() => closedFormLinearAttack(model, x, y, { norm: "l2", eps: 0.1 }), "closedFormLinearAttack");
    assertNoLeak(() => {
      closedFormLinearLoss(model, x, y, { norm: "linf", eps: 0.1 });
    }, "closedFormLinearLoss");
  });
});
