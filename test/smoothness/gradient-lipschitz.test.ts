// S1, S1-fixed and S2 against known answers: softplus and quadratic forms (R(h) = the analytic
// Lipschitz constant), |w| across 0 (R = 2/h), the T1 closed forms of the binary logistic model (L2
// constant in h, L∞ ×10 per decade), per-example ratios, re-attacked against frozen on an L∞-attacked
// network, convergence flags, restored weights, no leaks, and bad inputs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Attack, closedFormLinear } from "../../lib/attacks";
import { meanAdversarialLossGradientRatio, meanCleanLossGradient } from "../../lib/losses";
import { Classifier, flattenParams, paramCount } from "../../lib/models";
import { functionLipschitzRatio, gradientLipschitzRatio, trajectoryRatio } from "../../lib/smoothness";
import { assertClose, assertNoLeak } from "../helpers";
import { assertParameters, basisVector, batch, logisticWith, parameters, ratioPerDecade, rows64, tinyMlp } from "./support";

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function euclidean(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

describe("smoothness: gradient-Lipschitz ratio (S1, S1-fixed, S2)", function () {
  this.timeout(120000);

  describe("known answers on functions of θ", () => {
    it("quadratic ½θᵀAθ: R(h) = ‖Av̂‖ at every h, and λ_max along the top eigenvector", () => {
      // A = Q diag(5, 2, −1, 0.5) Qᵀ with Q a rotation in the (0,1) and (2,3) planes.
      const c = Math.cos(0.7),
        s = Math.sin(0.7);
      const Q = [
        [c, -s, 0, 0],
        [s, c, 0, 0],
        [0, 0, c, s],
        [0, 0, -s, c],
      ];
      const lambdas = [5, 2, -1, 0.5];
      const A = Q.map((_, i) => Q.map((_, j) => lambdas.reduce((sum, l, k) => sum + Q[i][k] * l * Q[j][k], 0)));
      const matrix = tf.tensor2d(A);
      const gradient = (theta: tf.Tensor1D) => tf.tidy(() => tf.matMul(matrix, theta.reshape([4, 1])).reshape([4]) as tf.Tensor1D);
      const theta = tf.tensor1d([0.3, -1.2, 0.8, 2.0]);
      const directions = [tf.tensor1d([1, 2, -1, 0.5]), tf.tensor1d([c, s, 0, 0])];
      const r = functionLipschitzRatio(gradient, theta, { h: [1e-1, 1e-2, 1e-3], directions });
      const v = [1, 2, -1, 0.5].map((a) => a / Math.sqrt(6.25));
      const expected = euclidean(A.map((row) => dot(row, v)));
      assertClose(r.ratios[0], [expected, expected, expected], 1e-3, "R along a generic direction");
      assertClose(r.ratios[1], [5, 5, 5], 1e-3, "R along the top eigenvector = λ_max");
      assert.ok(Math.abs(r.directionSlopes[0]) < 1e-3, `slope ${r.directionSlopes[0]}`);
      assert.equal(r.cost.gradientEvaluations, 1 + 2 * 3);
      tf.dispose([matrix, theta, ...directions]);
    });

    it("|w| across 0: R = 2/h, ×10 per decade of h, slope −1", () => {
      const gradient = (theta: tf.Tensor1D) => tf.sign(theta) as tf.Tensor1D;
      const theta = tf.tensor1d([-1e-6, 0.5, -0.3]);
      const e0 = basisVector(3, 0);
      const h = [1e-1, 1e-2, 1e-3, 1e-4];
      const r = functionLipschitzRatio(gradient, theta, { h, hScale: "absolute", directions: [e0] });
      assertClose(
        r.ratios[0],
        h.map((hi) => 2 / hi),
        1e-5,
        "R = 2/h",
      );
      assertClose(ratioPerDecade(r.median), [10, 10, 10], 1e-4, "growth per decade");
      assert.ok(Math.abs(r.slope + 1) < 1e-4, `slope ${r.slope}`);
      tf.dispose([theta, e0]);
    });

    it("softplus (clean logistic loss): R(h) matches the closed form and never exceeds ¼‖x‖²", () => {
      // One example with wᵀx = 0 and v = x/‖x‖: the ratio tends to σ'(0)‖x‖² = ‖x‖²/4, the Lipschitz
      // constant of the gradient of softplus(−y wᵀx).
      const xs = [0.4, -1.1, 0.7, 0.2];
      const model = logisticWith([1.1, 0.4, 0, 0]); // wᵀx = 0.44 − 0.44 = 0
      const x = tf.tensor2d([xs]);
      const y = tf.tensor1d([1], "int32");
      const direction = tf.tensor1d(xs);
      const h = [1e-1, 1e-2, 1e-3];
      const r = gradientLipschitzRatio(model, x, y, { h, hScale: "absolute", directions: [direction] });
      const w = parameters(model);
      const xf = x.dataSync();
      const vf = direction.dataSync();
      const xNorm = euclidean(xf);
      const u = (shift: number) =>
        -dot(
          Array.from(w, (wi, i) => wi + (shift * vf[i]) / euclidean(vf)),
          xf,
        );
      const expected = h.map((t) => (Math.abs(sigmoid(u(t)) - sigmoid(u(0))) * xNorm) / t);
      assertClose(r.series[0].ratios[0], expected, 2e-3, "R(h) against σ(u(t)) − σ(u(0))");
      const constant = (xNorm * xNorm) / 4;
      r.series[0].ratios[0].forEach((ratio) => assert.ok(ratio <= constant * (1 + 1e-4), `R = ${ratio} > ¼‖x‖² = ${constant}`));
      assertClose([r.series[0].ratios[0][2]], [constant], 1e-3, "R(1e-3) → ¼‖x‖²");
      assert.deepEqual(
        r.series.map((s) => s.loss),
        ["clean"],
      );
      model.dispose();
      tf.dispose([x, y, direction]);
    });
  });

  describe("T1: the binary logistic model across the hyperplane w₀ = 0", () => {
    let model: Classifier;
    let x: tf.Tensor2D;
    let y: tf.Tensor1D;
    let e0: tf.Tensor1D;
    before(() => {
      ({ x, y } = batch(3, 40, 5, 2, true));
      model = logisticWith([-1e-6, 0.8, -0.5, 0.3, 0.6]);
      e0 = basisVector(5, 0);
    });
    after(() => {
      model.dispose();
      tf.dispose([x, y, e0]);
    });

    const h = [1e-1, 1e-2, 1e-3, 1e-4];

    function oracle(norm: "l2" | "linf", steps: number[]): number[] {
      const w = Float64Array.from(parameters(model));
      const { X, labels } = rows64(x, y);
      return steps.map((t) => meanAdversarialLossGradientRatio(w, Float64Array.from([1, 0, 0, 0, 0]), t, X, labels, 0.3, norm));
    }

    it("L2: the re-attacked ratio is constant within 1% over h and matches the float64 closed form", () => {
      const steps = [1e-1, 1e-2, 1e-3];
      const r = gradientLipschitzRatio(model, x, y, { h: steps, hScale: "absolute", directions: [e0], attack: closedFormLinear({ norm: "l2", eps: 0.3 }) });
      const reattack = r.series.find((s) => s.loss === "reattack")!;
      const values = reattack.ratios[0];
      assert.ok(Math.max(...values) / Math.min(...values) - 1 < 0.01, `L2 ratios ${values.join(", ")} vary by more than 1%`);
      assertClose(values, oracle("l2", steps), 2e-3, "L2 ratio against float64");
      assert.ok(Math.abs(reattack.slope) < 0.01, `slope ${reattack.slope}`);
      assert.equal(r.convergenceChecked, false, "a bound Attack reports no gap");
      assert.equal(r.flaggedCount, 0);
    });

    it("L∞: the re-attacked ratio grows 10× ± 20% per decade of h (slope −1); the frozen one does not", () => {
      const r = gradientLipschitzRatio(model, x, y, { h, hScale: "absolute", directions: [e0], attack: closedFormLinear({ norm: "linf", eps: 0.3 }) });
      const reattack = r.series.find((s) => s.loss === "reattack")!;
      const frozen = r.series.find((s) => s.loss === "frozen")!;
      ratioPerDecade(reattack.ratios[0]).forEach((growth) => assert.ok(Math.abs(growth - 10) <= 2, `growth per decade ${growth}`));
      assert.ok(Math.abs(reattack.slope + 1) < 0.02, `slope ${reattack.slope}`);
      assertClose(reattack.ratios[0], oracle("linf", h), 1e-3, "L∞ ratio against float64");
      // Frozen: δ = −εỹ sign(w) of θ stays; the loss is smooth in w at fixed inputs.
      const frozenValues = frozen.ratios[0];
      assert.ok(Math.max(...frozenValues) / Math.min(...frozenValues) < 1.05, `frozen ratios ${frozenValues.join(", ")}`);
      assert.ok(Math.abs(frozen.slope) < 0.02, `frozen slope ${frozen.slope}`);
    });

    it("clean loss: matches the float64 gradient of the mean logistic loss", () => {
      const r = gradientLipschitzRatio(model, x, y, { h: [1e-1, 1e-2], hScale: "absolute", directions: [e0] });
      const w = Float64Array.from(parameters(model));
      const { X, labels } = rows64(x, y);
      const expected = [1e-1, 1e-2].map((t) => {
        const g0 = meanCleanLossGradient(w, X, labels);
        const shifted = Float64Array.from(w, (wi, i) => wi + (i === 0 ? t : 0));
        const g1 = meanCleanLossGradient(shifted, X, labels);
        return euclidean(Array.from(g1, (g, i) => g - g0[i])) / t;
      });
      assertClose(r.series[0].ratios[0], expected, 2e-3, "clean ratio");
    });

    it("per-example ratios: exact for each example, and the batch ratio is at most their mean", () => {
      const steps = [1e-1, 1e-3];
      const r = gradientLipschitzRatio(model, x, y, {
        h: steps,
        hScale: "absolute",
        directions: [e0],
        attack: closedFormLinear({ norm: "linf", eps: 0.3 }),
        perExample: true,
      });
      const { X, labels } = rows64(x, y);
      const w = Float64Array.from(parameters(model));
      for (const s of r.series) {
        const per = s.perExample!;
        assert.equal(per.ratios[0].length, steps.length);
        assert.equal(per.ratios[0][0].length, 40);
        steps.forEach((_, j) => {
          const average = per.ratios[0][j].reduce((a, b) => a + b, 0) / 40;
          assert.ok(s.ratios[0][j] <= average * (1 + 1e-4), `${s.loss}: batch ratio ${s.ratios[0][j]} > mean per-example ${average}`);
        });
      }
      // The re-attacked per-example ratio of example n is the T1 ratio of the batch {n}.
      const reattack = r.series.find((s) => s.loss === "reattack")!.perExample!;
      for (const n of [0, 7, 39]) {
        const row = { data: X.data.slice(n * 5, n * 5 + 5), d: 5 };
        const expected = steps.map((t) => meanAdversarialLossGradientRatio(w, Float64Array.from([1, 0, 0, 0, 0]), t, row, [labels[n]], 0.3, "linf"));
        assertClose(
          reattack.ratios[0].map((perH) => perH[n]),
          expected,
          1e-3,
          `example ${n}`,
        );
        assert.deepEqual(
          reattack.median.map((perH) => perH[n]),
          reattack.ratios[0].map((perH) => perH[n]),
          "median over one direction",
        );
      }
    });

    it("hScale relative: ‖Δθ‖ = h‖θ‖, stated in the result", () => {
      const r = gradientLipschitzRatio(model, x, y, { h: [1e-2], directions: 1 });
      const norm = euclidean(parameters(model));
      assert.equal(r.hScale, "relative");
      assertClose([r.thetaNorm], [norm], 1e-6, "‖θ‖");
      assertClose(r.distances, [1e-2 * norm], 1e-6, "distance");
    });
  });

  describe("networks", () => {
    let model: Classifier;
    let x: tf.Tensor2D;
    let y: tf.Tensor1D;
    before(() => {
      model = tinyMlp(2, 10, [16], 3);
      ({ x, y } = batch(5, 32, 10, 3));
    });
    after(() => {
      model.dispose();
      tf.dispose([x, y]);
    });

    it("an L∞-attacked network at small h: re-attacked S1 ≥ S1-fixed, and larger where the attack moved", () => {
      // At a vertex δ* does not move and the two coincide; where a coordinate of δ* flips between θ and
      // θ + tv (T4(b)), the re-attacked gradient also jumps.
      const r = gradientLipschitzRatio(model, x, y, { h: [1e-2, 1e-3], directions: 4, attack: { norm: "linf", eps: 0.1 }, seed: 1 });
      const reattack = r.series.find((s) => s.loss === "reattack")!;
      const frozen = r.series.find((s) => s.loss === "frozen")!;
      reattack.ratios.forEach((row, d) =>
        row.forEach((ratio, j) =>
          assert.ok(ratio >= frozen.ratios[d][j] * (1 - 1e-3), `direction ${d}, h=${r.h[j]}: re-attacked ${ratio} < frozen ${frozen.ratios[d][j]}`),
        ),
      );
      assert.ok(
        reattack.ratios.flat().some((ratio, i) => ratio > 1.5 * frozen.ratios.flat()[i]),
        `some direction flips the attack: ${JSON.stringify(reattack.ratios)} vs ${JSON.stringify(frozen.ratios)}`,
      );
      assert.equal(r.flaggedCount, 0, "the converged attack is converged");
      assert.equal(r.convergenceChecked, true);
      assert.equal(r.rows.length, 3 * 4 * 2);
      assert.equal(r.summary.length, 3 * 2);
      // Cost: 1 + 8 attacks of 200 steps; gradients: clean 1 + 8, adversarial 1 + 8 frozen + 8 re-attacked.
      assert.equal(r.cost.attackGradientEvaluations, 9 * 200);
      assert.equal(r.cost.parameterGradientEvaluations, 9 + 17);
    });

    it("a one-example batch: per-example ratios equal the batch ratios", () => {
      const x1 = tf.slice(x, [0, 0], [1, 10]);
      const y1 = tf.slice(y, [0], [1]);
      const r = gradientLipschitzRatio(model, x1, y1, { h: [1e-2, 1e-3], directions: 2, attack: { norm: "l2", eps: 0.5 }, perExample: true });
      for (const s of r.series) {
        s.ratios.forEach((row, d) =>
          assertClose(
            row,
            row.map((_, j) => s.perExample!.ratios[d][j][0]),
            1e-4,
            `${s.loss} direction ${d}`,
          ),
        );
      }
      tf.dispose([x1, y1]);
    });

    it("flags an attack that has not converged and leaves it out of the summaries", () => {
      const unconverged = { norm: "linf" as const, eps: 0.1, steps: 10, stepSize: 0.001, stepSchedule: "constant" as const };
      const r = gradientLipschitzRatio(model, x, y, { h: [1e-3, 1e-4], directions: 2, attack: unconverged, perExample: true });
      const reattack = r.series.find((s) => s.loss === "reattack")!;
      assert.ok(reattack.flagged.flat().every(Boolean), `every re-attacked point flagged: ${JSON.stringify(reattack.flagged)}`);
      assert.ok(reattack.median.every(Number.isNaN), "no median from flagged points");
      assert.ok(reattack.perExample!.flagged.flat(2).some(Boolean), "per-example flags");
      assert.equal(r.flaggedCount, 4);
      for (const mode of ["clean", "frozen"]) {
        const s = r.series.find((t) => t.loss === mode)!;
        assert.ok(!s.flagged.flat().some(Boolean) && s.median.every(Number.isFinite), `${mode} is not flagged`);
      }
      assert.ok(r.rows.filter((row) => row.loss === "reattack").every((row) => row.flagged));
    });

    it("filter-normalised directions, and the same seed gives the same numbers", () => {
      const run = () => gradientLipschitzRatio(model, x, y, { h: [1e-2], directions: 2, directionKind: "filter-normalized", seed: 9 });
      const a = run();
      const b = run();
      assert.deepEqual(a.series[0].ratios, b.series[0].ratios);
      assert.equal(a.directionKind, "filter-normalized");
      const c = gradientLipschitzRatio(model, x, y, { h: [1e-2], directions: 2, seed: 9 });
      assert.notDeepEqual(a.series[0].ratios, c.series[0].ratios);
    });

    it("S2: the trajectory ratio equals S1 at the same two points, for every loss", () => {
      const theta = flattenParams(model);
      const v = tf.randomNormal([paramCount(model)], 0, 1, "float32", 4) as tf.Tensor1D;
      const t = 1e-2;
      const after = tf.tidy(() => tf.add(theta, tf.mul(tf.div(v, tf.norm(v)), t)) as tf.Tensor1D);
      const attack = { norm: "linf" as const, eps: 0.1, steps: 50 };
      const s1 = gradientLipschitzRatio(model, x, y, { h: [t], hScale: "absolute", directions: [v], attack, seed: 2 });
      const before = parameters(model);
      for (const loss of ["clean", "reattack", "frozen"] as const) {
        const s2 = trajectoryRatio(model, x, y, theta, after, { loss, attack, seed: 2 });
        const expected = s1.series.find((s) => s.loss === loss)!.ratios[0][0];
        assertClose([s2.ratio], [expected], 1e-3, `S2 ${loss}`);
        assertClose([s2.distance], [t], 1e-4, "‖θ_{t+1} − θ_t‖");
        assert.equal(s2.flagged, false);
        assertParameters(model, before, `trajectoryRatio (${loss})`);
      }
      tf.dispose([theta, v, after]);
    });
  });

  describe("weights, memory and bad inputs", () => {
    let model: Classifier;
    let x: tf.Tensor2D;
    let y: tf.Tensor1D;
    before(() => {
      model = tinyMlp(4, 6, [5], 3);
      ({ x, y } = batch(6, 8, 6, 3));
    });
    after(() => {
      model.dispose();
      tf.dispose([x, y]);
    });

    it("restores the weights and leaks no tensor, also when the attack throws mid-way", () => {
      const original = parameters(model);
      const options = { h: [1e-2, 1e-3], directions: 2, attack: { norm: "l2" as const, eps: 0.3, steps: 20 }, perExample: true };
      gradientLipschitzRatio(model, x, y, options);
      assertParameters(model, original, "gradientLipschitzRatio");
      assertNoLeak(() => void gradientLipschitzRatio(model, x, y, options), "gradientLipschitzRatio");
      let calls = 0;
      const failing = Object.assign(
        (_model: Classifier, input: tf.Tensor) => {
          calls += 1;
          if (calls === 3) throw new Error("attack failed on purpose");
          return input.clone();
        },
        { description: "fails on its third call", cost: { gradientEvaluations: 1, forwardPasses: 0 } },
      ) as unknown as Attack;
      const tensors = tf.memory().numTensors;
      assert.throws(() => gradientLipschitzRatio(model, x, y, { h: [1e-2, 1e-3], directions: 2, attack: failing }), /on purpose/);
      assertParameters(model, original, "after a failing attack");
      assert.equal(tf.memory().numTensors, tensors, "tensors left after a failing attack");
      const theta = flattenParams(model);
      const after = tf.tidy(() => tf.add(theta, 0.01) as tf.Tensor1D);
      assertNoLeak(() => void trajectoryRatio(model, x, y, theta, after, { attack: { norm: "linf", eps: 0.1, steps: 5 } }), "trajectoryRatio");
      const gradient = (t: tf.Tensor1D) => tf.mul(t, 2) as tf.Tensor1D;
      assertNoLeak(() => void functionLipschitzRatio(gradient, theta, { h: [1e-2] }), "functionLipschitzRatio");
      tf.dispose([theta, after]);
    });

    it("rejects bad input before any work", () => {
      const m = paramCount(model);
      const calls = { count: 0 };
      const counting = Object.assign(
        (_m: Classifier, input: tf.Tensor) => {
          calls.count += 1;
          return input.clone();
        },
        { description: "counts calls", cost: { gradientEvaluations: 0, forwardPasses: 0 } },
      ) as unknown as Attack;
      const run =
        (options: object, xs: tf.Tensor = x, ys: tf.Tensor1D = y) =>
        () =>
          gradientLipschitzRatio(model, xs, ys, { attack: counting, ...options });
      assert.throws(run({ h: [1e-2, 0] }), /h\[1\] must be > 0, got 0/);
      assert.throws(run({ h: [-1e-3] }), /h\[0\] must be > 0/);
      assert.throws(run({ h: [NaN] }), /h\[0\] must be a finite number, got NaN/);
      assert.throws(run({ h: [Infinity] }), /h\[0\] must be a finite number, got Infinity/);
      assert.throws(run({ h: [] }), /h must hold at least one step, got an empty grid/);
      assert.throws(run({ hScale: "log" }), /hScale must be one of/);
      const short = tf.zeros([m - 1]) as tf.Tensor1D;
      const zero = tf.zeros([m]) as tf.Tensor1D;
      const nan = tf.fill([m], NaN) as tf.Tensor1D;
      assert.throws(run({ directions: [short] }), new RegExp(`directions\\[0\\] must be a Tensor1D of length ${m}`));
      assert.throws(run({ directions: [zero] }), /directions\[0\] must not be zero, got a direction of norm 0/);
      assert.throws(run({ directions: [nan] }), /directions\[0\] must be finite/);
      assert.throws(run({ directions: 0 }), /directions must be an integer ≥ 1, got 0/);
      assert.throws(run({ directions: [] }), /directions must hold at least one direction/);
      assert.throws(run({ directionKind: "sideways" }), /directionKind must be one of/);
      assert.throws(run({ stepSize: 1 }), /unknown gradientLipschitzRatio option\(s\): stepSize/);
      assert.throws(run({ losses: ["frozen"], attack: undefined }), /need an attack/);
      assert.throws(run({ losses: ["clean", "clean"] }), /must not repeat/);
      assert.throws(run({ attack: { norm: "l3", eps: 0.1 } }), /attack.norm must be one of/);
      assert.throws(run({ attack: (a: number) => a }), /plain function/);
      const wrongShape = tf.zeros([8, 5]);
      const wrongLabels = tf.zeros([7], "int32") as tf.Tensor1D;
      const badLabels = tf.fill([8], 3, "int32") as tf.Tensor1D;
      const floatLabels = tf.zeros([8]) as tf.Tensor1D;
      const nanInputs = tf.fill([8, 6], NaN);
      assert.throws(run({}, wrongShape), /x must have shape \[batch, 6\]/);
      assert.throws(run({}, x, wrongLabels), /y must have shape \[8\]/);
      assert.throws(run({}, x, badLabels), /y\[0\] must be a class id in \[0, 3\), got 3/);
      assert.throws(run({}, x, floatLabels), /y must have dtype int32/);
      assert.throws(run({}, nanInputs), /x must be finite, got 48 NaN/);
      const zeroModel = logisticWith([0, 0, 0, 0, 0, 0]);
      const xs = tf.zeros([2, 6]);
      const ys = tf.zeros([2], "int32") as tf.Tensor1D;
      assert.throws(() => gradientLipschitzRatio(zeroModel, xs, ys, { h: [1e-2] }), /hScale "relative" needs parameters θ ≠ 0/);
      const theta = flattenParams(model);
      assert.throws(() => trajectoryRatio(model, x, y, theta, theta), /after must differ from before/);
      assert.throws(() => trajectoryRatio(model, x, y, theta, short), new RegExp(`after must be a Tensor1D of length ${m}`));
      assert.throws(() => trajectoryRatio(model, x, y, theta, theta, { loss: "frozen" }), /needs an attack/);
      assert.throws(() => functionLipschitzRatio((t) => t, theta, { h: [0] }), /h\[0\] must be > 0/);
      assert.throws(() => functionLipschitzRatio((t) => t, theta, { directions: [short] }), /directions\[0\] must be a Tensor1D/);
      assert.equal(calls.count, 0, "the attack ran before an argument was rejected");
      zeroModel.dispose();
      tf.dispose([short, zero, nan, wrongShape, wrongLabels, badLabels, floatLabels, nanInputs, xs, ys, theta]);
    });
  });
});
