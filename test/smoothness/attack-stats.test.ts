// S5 and S6: saturation and sign flips on hand-made perturbations; attack continuity against the T1
// closed forms (L∞: a 2ε jump across w₀ = 0, so S6 = 2ε/h; L2: δ* = −εỹŵ slides, S6 bounded); and on a
// tiny ReLU network placed just before a switching surface of the L∞ attack (found by bisection): S6
// grows like 1/h for L∞ while it stays bounded for L2. Restored weights, no leaks, bad inputs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { convergedPgd } from "../../lib/attacks";
import { Classifier, assignParams, flattenParams, paramCount } from "../../lib/models";
import { attackContinuity, saturation, signFlips } from "../../lib/smoothness";
import { assertClose, assertNoLeak } from "../helpers";
import { assertParameters, basisVector, batch, logisticWith, parameters, ratioPerDecade, tinyMlp } from "./support";

const NO_BOUNDS: [number, number] = [-Infinity, Infinity];

describe("smoothness: attack statistics (S5, S6)", function () {
  this.timeout(120000);

  it("saturation and sign flips of given perturbations", () => {
    const a = tf.tensor2d([
      [0.1, -0.1, 0.05, 0],
      [0.1, 0.1, 0.1, -0.1],
    ]);
    const b = tf.tensor2d([
      [-0.1, -0.1, -0.05, 0.1],
      [0.1, 0.1, 0.1, 0.1],
    ]);
    assert.deepEqual(saturation(a, 0.1), [0.5, 1]);
    assert.deepEqual(saturation(a, 0.1 + 1e-7), [0.5, 1], "within the 1e-6 tolerance");
    assert.deepEqual(saturation(a, 0.2), [0, 0]);
    const flips = signFlips(a, b);
    assert.deepEqual(flips.counts, [2, 1], "a zero coordinate does not flip");
    assert.deepEqual(flips.rates, [0.5, 0.25]);
    assert.throws(() => signFlips(a, tf.zeros([2, 3])), /after must have the shape of before/);
    assert.throws(() => saturation(a, -1), /eps must be ≥ 0/);
    assertNoLeak(() => void signFlips(a, b), "signFlips");
    tf.dispose([a, b]);
  });

  describe("T1: the logistic model across w₀ = 0, converged PGD without data bounds", () => {
    let model: Classifier;
    let x: tf.Tensor2D;
    let y: tf.Tensor1D;
    let e0: tf.Tensor1D;
    const h = [1e-1, 1e-2, 1e-3, 1e-4];
    before(() => {
      model = logisticWith([-1e-6, 0.8, -0.5, 0.3, 0.6]);
      ({ x, y } = batch(13, 12, 5, 2, true));
      e0 = basisVector(5, 0);
    });
    after(() => {
      model.dispose();
      tf.dispose([x, y, e0]);
    });

    it("L∞: δ*₀ jumps by 2ε in every example, so S6 = 2ε/h (slope −1); every coordinate is saturated", () => {
      const eps = 0.3;
      const r = attackContinuity(model, x, y, { attack: { norm: "linf", eps, bounds: NO_BOUNDS }, directions: [e0], h, hScale: "absolute" });
      assertClose(
        r.continuity[0],
        h.map((t) => (2 * eps) / t),
        1e-5,
        "S6",
      );
      assert.ok(Math.abs(r.slope + 1) < 1e-4, `slope ${r.slope}`);
      assert.deepEqual(r.flips[0], [12, 12, 12, 12], "coordinate 0 flips in each of the 12 examples");
      assertClose(
        r.flipRates[0],
        h.map(() => 12 / 60),
        1e-9,
        "flip rate",
      );
      assert.deepEqual(r.saturation, new Array(12).fill(1));
      assert.equal(r.meanSaturation, 1);
      assert.equal(r.norm, "linf");
      assert.equal(r.eps, eps);
      assert.ok(r.rows.every((row) => row.examplesWithFlips === 12));
    });

    it("L2: δ* = −εỹŵ slides with w: S6 = ε‖ŵ(w + h e₀) − ŵ(w)‖/h, bounded", () => {
      const eps = 0.5;
      const r = attackContinuity(model, x, y, { attack: { norm: "l2", eps, bounds: NO_BOUNDS }, directions: [e0], h: [1e-1, 1e-2, 1e-3], hScale: "absolute" });
      const w = Array.from(parameters(model));
      const unit = (v: number[]) => {
        const n = Math.sqrt(v.reduce((s, a) => s + a * a, 0));
        return v.map((a) => a / n);
      };
      const expected = [1e-1, 1e-2, 1e-3].map((t) => {
        const moved = unit(w.map((wi, i) => wi + (i === 0 ? t : 0)));
        const base = unit(w);
        return (eps * Math.sqrt(moved.reduce((s, a, i) => s + (a - base[i]) ** 2, 0))) / t;
      });
      assertClose(r.continuity[0], expected, 2e-3, "S6 (L2)");
      assert.ok(Math.abs(r.slope) < 0.01, `slope ${r.slope}`);
      assert.equal(r.saturation, null, "saturation is an L∞ statistic");
    });
  });

  it("a tiny ReLU network just before a switching surface: S6 ∝ 1/h for L∞, bounded for L2", () => {
    const model = tinyMlp(3, 2, [16], 2, "relu");
    const { x, y } = batch(4, 16, 2, 2);
    const theta = flattenParams(model);
    const m = paramCount(model);
    const v = tf.tidy(() => {
      const r = tf.randomNormal([m], 0, 1, "float32", 9);
      return tf.div(r, tf.norm(r)) as tf.Tensor1D;
    });
    const eps = 0.1;
    const steps = 100;
    const deltaAt = (s: number): Float32Array => {
      const point = tf.tidy(() => tf.add(theta, tf.mul(v, s)) as tf.Tensor1D);
      assignParams(model, point);
      const r = convergedPgd(model, x, y, { norm: "linf", eps, steps, seed: 1 });
      const d = tf.sub(r.xAdv, x);
      const out = d.dataSync().slice() as Float32Array;
      tf.dispose([point, r.xAdv, r.loss, r.gap, d]);
      return out;
    };
    const largestChange = (a: Float32Array, b: Float32Array) => a.reduce((worst, ai, i) => Math.max(worst, Math.abs(ai - b[i])), 0);
    // Walk along v until the attack changes, then bisect the switch down to 1e-8 (≪ the smallest h).
    const start = deltaAt(0);
    let low = 0;
    let high = 0;
    for (const s of [0.05, 0.1, 0.2, 0.5, 1, 2]) {
      if (largestChange(deltaAt(s), start) > eps) {
        high = s;
        break;
      }
      low = s;
    }
    assert.ok(high > 0, "the attack changes somewhere along v");
    while (high - low > 1e-8) {
      const mid = (low + high) / 2;
      if (largestChange(deltaAt(mid), start) > eps) high = mid;
      else low = mid;
    }
    // A jump, not a slide: over a bracket of 1e-8 a Lipschitz δ*(θ) would move by ~1e-8. (Near the surface
    // the last, tiny PGD steps may leave the switching coordinates short of ±ε, so the jump is ≥ ε, not 2ε.)
    assert.ok(largestChange(deltaAt(high), deltaAt(low)) >= eps, "the switch is a jump of at least ε");
    const base = tf.tidy(() => tf.add(theta, tf.mul(v, low)) as tf.Tensor1D);
    assignParams(model, base);
    const grid = [1e-2, 1e-3, 1e-4, 1e-5];
    const linf = attackContinuity(model, x, y, { attack: { norm: "linf", eps, steps, seed: 1 }, directions: [v], h: grid, hScale: "absolute" });
    ratioPerDecade(linf.continuity[0]).forEach((growth) => assert.ok(Math.abs(growth - 10) <= 2, `L∞ growth per decade ${growth}`));
    assert.ok(Math.abs(linf.slope + 1) < 0.05, `L∞ slope ${linf.slope}`);
    linf.flips[0].forEach((f) => assert.ok(f >= 1, "a flip at every h"));
    assert.ok(linf.meanSaturation! > 0.5, `most coordinates at ±ε: ${linf.meanSaturation}`);
    const l2 = attackContinuity(model, x, y, { attack: { norm: "l2", eps: 0.2, seed: 1 }, directions: [v], h: grid.slice(0, 3), hScale: "absolute" });
    const values = l2.continuity[0];
    assert.ok(Math.max(...values) / Math.min(...values) < 1.5, `L2 S6 ${values.join(", ")} is bounded`);
    assert.ok(Math.abs(l2.slope) < 0.1, `L2 slope ${l2.slope}`);
    assert.ok(Math.max(...values) < linf.continuity[0][2] / 100, "L2 stays far below the L∞ jump");
    model.dispose();
    tf.dispose([x, y, theta, v, base]);
  });

  it("restores the weights, leaks nothing, rejects bad input", () => {
    const model = tinyMlp(5, 4, [6], 3);
    const { x, y } = batch(6, 8, 4, 3);
    const original = parameters(model);
    const attack = { norm: "linf" as const, eps: 0.1, steps: 10 };
    const r = attackContinuity(model, x, y, { attack, h: [1e-2, 1e-3], directions: 2 });
    assertParameters(model, original, "attackContinuity");
    assert.equal(r.cost.attackGradientEvaluations, 10 * (1 + 4));
    assert.equal(r.rows.length, 4);
    assertNoLeak(() => void attackContinuity(model, x, y, { attack, h: [1e-2], directions: 2, directionKind: "filter-normalized" }), "attackContinuity");
    assert.throws(() => attackContinuity(model, x, y, {} as { attack: typeof attack }), /attack is required/);
    assert.throws(() => attackContinuity(model, x, y, { attack, h: [0.1, -0.1] }), /h\[1\] must be > 0/);
    assert.throws(() => attackContinuity(model, x, y, { attack, threat: { norm: "l1" as "l2", eps: 0.1 } }), /threat.norm must be one of/);
    const short = tf.ones([paramCount(model) + 1]) as tf.Tensor1D;
    assert.throws(() => attackContinuity(model, x, y, { attack, directions: [short] }), /directions\[0\] must be a Tensor1D of length/);
    short.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});
