// S3: power iteration against known spectra (a quadratic loss, the logistic Hessian, the re-attacked T1
// loss by float64 differences), exact against finite-difference Hessian-vector products on MLPs with
// smooth activations, the scoped second-order gradient registrations, restored weights, no leaks and
// bad inputs.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { closedFormLinear } from "../../lib/attacks";
import { Rng } from "../../lib/core/rng";
import { meanAdversarialLossGradient } from "../../lib/losses";
import { Classifier, flattenParams, paramCount, smallCnn } from "../../lib/models";
import { finiteDifferenceHvp, hessianTopEigenvalues, hessianVectorProduct, powerIteration, withSecondOrderGradients } from "../../lib/smoothness";
import { linalg64 } from "../../lib/core";
import { assertClose, assertNoLeak } from "../helpers";
import { assertParameters, batch, logisticWith, parameters, rows64, tinyMlp } from "./support";

/** A symmetric n×n matrix Q diag(spectrum) Qᵀ with a seeded orthogonal Q (float64, row-major). */
function symmetricWithSpectrum(spectrum: number[], seed: number): Float64Array {
  const n = spectrum.length;
  const rng = new Rng(seed);
  const random = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) random[i * n + j] = random[j * n + i] = rng.normal();
  const Q = linalg64.symmetricEigen(random, n).vectors;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j] += Q[i * n + k] * spectrum[k] * Q[j * n + k];
  return A;
}

function matrixProduct(A: Float64Array, n: number): ((v: tf.Tensor1D) => tf.Tensor1D) & { dispose(): void } {
  const matrix = tf.tensor2d(Float32Array.from(A), [n, n]);
  const hvp = (v: tf.Tensor1D) => tf.tidy(() => tf.matMul(matrix, v.reshape([n, 1])).reshape([n]) as tf.Tensor1D);
  return Object.assign(hvp, { dispose: () => matrix.dispose() });
}

function relativeDistance(a: tf.Tensor, b: tf.Tensor): number {
  const t = tf.tidy(() => tf.div(tf.norm(tf.sub(a, b)), tf.norm(b)));
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

describe("smoothness: Hessian eigenvalues (S3)", function () {
  this.timeout(120000);

  describe("power iteration", () => {
    const spectrum = [10, 7, 5, 3, 2.5, 2, 1.5, 1, 0.5, 0.25, 0.1, -0.2, -0.5, -1, 0.05, 0.02];
    const n = spectrum.length;
    const A = symmetricWithSpectrum(spectrum, 7);

    it("finds the top eigenvalue of a known symmetric matrix to 1e-3, and the top 3 by deflation", () => {
      const hvp = matrixProduct(A, n);
      const reference = linalg64.symmetricEigen(A, n).values;
      const r = powerIteration(hvp, n, { k: 3, seed: 1 });
      assertClose(r.values, [reference[0], reference[1], reference[2]], 1e-3, "top-3 eigenvalues");
      assert.deepEqual(r.converged, [true, true, true]);
      r.iterations.forEach((t) => assert.ok(t <= 50));
      r.history.forEach((h, i) => assert.equal(h.length, r.iterations[i]));
      // The eigenvectors are unit and orthogonal (to about the square root of the eigenvalue tolerance).
      const gram = tf.tidy(() => tf.matMul(tf.stack(r.vectors), tf.stack(r.vectors), false, true));
      assertClose(gram.dataSync(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 0.05, "VᵀV", 1);
      tf.dispose([gram, ...r.vectors]);
      hvp.dispose();
    });

    it("as a quadratic loss: finite-difference products of θ ↦ Aθ give the same eigenvalue", () => {
      const matrix = tf.tensor2d(Float32Array.from(A), [n, n]);
      const gradient = (theta: tf.Tensor1D) => tf.tidy(() => tf.matMul(matrix, theta.reshape([n, 1])).reshape([n]) as tf.Tensor1D);
      const theta = tf.randomNormal([n], 0, 1, "float32", 3) as tf.Tensor1D;
      const r = powerIteration((v) => finiteDifferenceHvp(gradient, theta, v), n, { seed: 2 });
      assertClose(r.values, [10], 1e-3, "λ_max of the quadratic");
      tf.dispose([matrix, theta, ...r.vectors]);
    });

    it("returns the eigenvalue of largest magnitude, negative included", () => {
      const B = symmetricWithSpectrum([-8, 4, 2, 1, 0.5, -1], 3);
      const hvp = matrixProduct(B, 6);
      const r = powerIteration(hvp, 6, { seed: 4 });
      assertClose(r.values, [-8], 1e-3, "λ of largest magnitude");
      tf.dispose(r.vectors);
      hvp.dispose();
    });

    it("stops at maxIterations without convergence when the gap is tiny, and reports it", () => {
      const B = symmetricWithSpectrum([1, 0.9999, 0.5, 0.1], 5);
      const hvp = matrixProduct(B, 4);
      const r = powerIteration(hvp, 4, { seed: 1, maxIterations: 3, tolerance: 1e-12 });
      assert.deepEqual(r.converged, [false]);
      assert.deepEqual(r.iterations, [3]);
      tf.dispose(r.vectors);
      hvp.dispose();
    });

    it("leaks nothing and rejects bad input", () => {
      const hvp = matrixProduct(A, n);
      assertNoLeak(() => powerIteration(hvp, n, { k: 2 }).vectors, "powerIteration");
      assert.throws(() => powerIteration(hvp, n, { k: n + 1 }), /k must be ≤ the dimension 16, got 17/);
      assert.throws(() => powerIteration(hvp, n, { maxIterations: 0 }), /maxIterations must be an integer ≥ 1, got 0/);
      assert.throws(() => powerIteration(hvp, n, { tolerance: 0 }), /tolerance must be > 0, got 0/);
      assert.throws(() => powerIteration(hvp, n, { seed: -1 }), /seed must be an integer/);
      const before = tf.memory().numTensors;
      assert.throws(() => powerIteration((v) => tf.concat([v, v]) as tf.Tensor1D, n), /hvp must return a Tensor1D of length 16, got shape \[32\]/);
      assert.equal(tf.memory().numTensors, before, "tensors left after a bad product");
      hvp.dispose();
    });
  });

  describe("Hessians of classifier losses", () => {
    it("logistic clean loss: top eigenvalues of (1/N) Σ σ'(u_n) x_n x_nᵀ, exact and finite-difference", () => {
      const { x, y } = batch(11, 30, 6, 2, true);
      const model = logisticWith([0.5, -0.3, 0.8, 0.1, -0.6, 0.2]);
      const w = parameters(model);
      const { X, labels } = rows64(x, y);
      const H = new Float64Array(36);
      for (let k = 0; k < 30; k++) {
        const row = X.data.subarray(k * 6, k * 6 + 6);
        const u = -labels[k] * row.reduce((s, v, i) => s + v * w[i], 0);
        const s = 1 / (1 + Math.exp(-u));
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) H[i * 6 + j] += (s * (1 - s) * row[i] * row[j]) / 30;
      }
      const reference = linalg64.symmetricEigen(H, 6).values;
      for (const hvp of ["exact", "finite-difference"] as const) {
        // λ₂ and λ₃ are within 4% of each other: slow convergence, hence the many iterations.
        const r = hessianTopEigenvalues(model, x, y, { hvp, k: 2, seed: 3, tolerance: 1e-6, maxIterations: 1000 });
        assert.deepEqual(r.converged, [true, true]);
        assertClose(r.values, [reference[0], reference[1]], 2e-3, `${hvp} eigenvalues`);
        assert.equal(r.loss, "clean");
        assert.equal(r.radius === null, hvp === "exact");
      }
      model.dispose();
      tf.dispose([x, y]);
    });

    it("re-attacked T1 loss (L2): finite differences through the closed-form attack match the float64 Hessian", () => {
      // ∇²[softplus(−ỹwᵀx + ε‖w‖)] contains ε σ(u)(I − ŵŵᵀ)/‖w‖, the dδ*/dθ term a frozen Hessian misses.
      const { x, y } = batch(12, 20, 4, 2, true);
      const model = logisticWith([0.3, -0.2, 0.25, 0.1]);
      const eps = 0.5;
      const w = Float64Array.from(parameters(model));
      const { X, labels } = rows64(x, y);
      const r64 = 1e-6;
      const H = new Float64Array(16);
      for (let j = 0; j < 4; j++) {
        const plus = Float64Array.from(w, (v, i) => v + (i === j ? r64 : 0));
        const minus = Float64Array.from(w, (v, i) => v - (i === j ? r64 : 0));
        const gp = meanAdversarialLossGradient(plus, X, labels, eps, "l2");
        const gm = meanAdversarialLossGradient(minus, X, labels, eps, "l2");
        for (let i = 0; i < 4; i++) H[i * 4 + j] = (gp[i] - gm[i]) / (2 * r64);
      }
      const reference = linalg64.symmetricEigen(H, 4).values;
      const attack = closedFormLinear({ norm: "l2", eps });
      const reattacked = hessianTopEigenvalues(model, x, y, { loss: "reattack", attack, k: 2, tolerance: 1e-5, seed: 1 });
      assertClose(reattacked.values, [reference[0], reference[1]], 3e-3, "re-attacked eigenvalues");
      const frozen = hessianTopEigenvalues(model, x, y, { loss: "frozen", attack, k: 1, tolerance: 1e-5, seed: 1 });
      assert.ok(reattacked.values[0] > frozen.values[0] * 1.1, `re-attacked ${reattacked.values[0]} vs frozen ${frozen.values[0]}`);
      assert.equal(reattacked.convergenceChecked, false);
      model.dispose();
      tf.dispose([x, y]);
    });

    for (const activation of ["softplus", "tanh"] as const) {
      it(`${activation} MLP: finite-difference products agree with exact ones (clean and frozen)`, () => {
        const model = tinyMlp(3, 5, [7, 6], 3, activation);
        const { x, y } = batch(4, 12, 5, 3);
        const attack = { norm: "linf" as const, eps: 0.1, steps: 30 };
        for (const loss of ["clean", "frozen"] as const) {
          for (const seed of [1, 2]) {
            const v = tf.randomNormal([paramCount(model)], 0, 1, "float32", seed) as tf.Tensor1D;
            const exact = hessianVectorProduct(model, x, y, v, { loss, attack, hvp: "exact" });
            const fd = hessianVectorProduct(model, x, y, v, { loss, attack });
            const error = relativeDistance(fd, exact);
            assert.ok(error < 2e-3, `${loss}, v${seed}: ‖Hv_fd − Hv_exact‖/‖Hv_exact‖ = ${error}`);
            tf.dispose([v, exact, fd]);
          }
        }
        const r = hessianTopEigenvalues(model, x, y, { loss: "frozen", attack, hvp: "exact", k: 2, crossCheck: true, seed: 5 });
        const f = hessianTopEigenvalues(model, x, y, { loss: "frozen", attack, k: 2, seed: 5 });
        assertClose(f.values, r.values, 2e-3, "finite-difference against exact eigenvalues");
        r.crossCheck!.forEach((c) => assert.ok(c < 2e-3, `cross-check ${c}`));
        assert.equal(f.crossCheck, null);
        model.dispose();
        tf.dispose([x, y]);
      });
    }

    it("restores the weights, counts its cost, leaks nothing", () => {
      const model = tinyMlp(5, 4, [6], 3);
      const { x, y } = batch(6, 8, 4, 3);
      const original = parameters(model);
      const attack = { norm: "l2" as const, eps: 0.3, steps: 10 };
      const r = hessianTopEigenvalues(model, x, y, { loss: "reattack", attack, maxIterations: 4, tolerance: 1e-9 });
      assertParameters(model, original, "hessianTopEigenvalues (re-attacked)");
      // One attack at θ, then per product two attacks and two gradients.
      assert.deepEqual(r.iterations, [4]);
      assert.equal(r.cost.attackGradientEvaluations, 10 * (1 + 2 * 4));
      assert.equal(r.cost.parameterGradientEvaluations, 2 * 4);
      hessianTopEigenvalues(model, x, y, { loss: "frozen", attack, hvp: "exact", crossCheck: true, maxIterations: 3 });
      assertParameters(model, original, "hessianTopEigenvalues (exact, cross-checked)");
      assertNoLeak(() => void hessianTopEigenvalues(model, x, y, { loss: "reattack", attack, maxIterations: 2, k: 2 }), "hessianTopEigenvalues");
      assertNoLeak(() => void hessianTopEigenvalues(model, x, y, { hvp: "exact", maxIterations: 2, crossCheck: true }), "hessianTopEigenvalues exact");
      const v = tf.ones([paramCount(model)]) as tf.Tensor1D;
      assertNoLeak(() => hessianVectorProduct(model, x, y, v, { loss: "frozen", attack }), "hessianVectorProduct");
      assertNoLeak(() => hessianVectorProduct(model, x, y, v, { hvp: "exact" }), "hessianVectorProduct exact");
      assertParameters(model, original, "after the products");
      tf.dispose([v, x, y]);
      model.dispose();
    });

    it("rejects bad input before any work", () => {
      const model = tinyMlp(5, 4, [6], 3);
      const { x, y } = batch(6, 8, 4, 3);
      const attack = { norm: "l2" as const, eps: 0.3, steps: 10 };
      const m = paramCount(model);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { loss: "reattack", attack, hvp: "exact" }), /cannot differentiate through the attack/);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { loss: "reattack", attack, crossCheck: true }), /crossCheck needs exact products/);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { loss: "frozen" }), /needs an attack/);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { hvp: "second-order" as "exact" }), /hvp must be one of/);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { radius: 0 }), /radius must be > 0, got 0/);
      assert.throws(() => hessianTopEigenvalues(model, x, y, { k: m + 1 }), new RegExp(`k must be ≤ the dimension ${m}`));
      assert.throws(() => hessianTopEigenvalues(model, x, y, { iterations: 3 } as object), /unknown hessianTopEigenvalues option\(s\): iterations/);
      const zero = tf.zeros([m]) as tf.Tensor1D;
      const short = tf.ones([m - 1]) as tf.Tensor1D;
      assert.throws(() => hessianVectorProduct(model, x, y, zero), /v must not be zero/);
      assert.throws(() => hessianVectorProduct(model, x, y, short), new RegExp(`v must be a Tensor1D of length ${m}`));
      const cnn = smallCnn({ inputShape: [6, 6, 1], channels: [2], hidden: [4], numClasses: 2, seed: 1 });
      const images = tf.zeros([2, 6, 6, 1]);
      const labels = tf.zeros([2], "int32") as tf.Tensor1D;
      assert.throws(() => hessianTopEigenvalues(cnn, images, labels, { hvp: "exact" }), /only for the linear and mlp models.*use hvp "finite-difference"/);
      const theta = flattenParams(model);
      assert.throws(() => finiteDifferenceHvp((t) => t, theta, short), /v must be a Tensor1D/);
      assert.throws(() => finiteDifferenceHvp((t) => t, theta, theta, -1), /radius must be > 0/);
      cnn.dispose();
      model.dispose();
      tf.dispose([x, y, zero, short, images, labels, theta]);
    });
  });

  describe("second-order gradients", () => {
    function gradients(model: Classifier, x: tf.Tensor, oneHot: tf.Tensor2D): Float32Array {
      return tf
        .tidy(() => {
          const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(oneHot, model.logits(x)) as tf.Scalar, model.params);
          const input = tf.grad((xi: tf.Tensor) => tf.sum(tf.sigmoid(tf.exp(tf.mul(model.logits(xi), 0.1)))))(x);
          return tf.concat([...model.params.map((p) => grads[p.name].flatten()), input.flatten()]);
        })
        .dataSync() as Float32Array;
    }

    it("leave first-order gradients bit-for-bit unchanged and put the registrations back", () => {
      for (const activation of ["softplus", "tanh"] as const) {
        const model = tinyMlp(8, 5, [6], 3, activation);
        const { x, y } = batch(9, 7, 5, 3);
        const oneHot = tf.oneHot(y, 3).toFloat() as tf.Tensor2D;
        const outside = gradients(model, x, oneHot);
        const inside = withSecondOrderGradients(() => gradients(model, x, oneHot));
        assert.deepEqual(Array.from(inside), Array.from(outside), `${activation}: first-order gradients changed`);
        model.dispose();
        tf.dispose([x, y, oneHot]);
      }
      const exp = tf.getGradient("Exp");
      const sigmoid = tf.getGradient("Sigmoid");
      withSecondOrderGradients(() => {
        assert.notEqual(tf.getGradient("Exp"), exp);
        assert.ok(tf.getGradient("Equal") !== undefined);
        withSecondOrderGradients(() => undefined);
        assert.notEqual(tf.getGradient("Exp"), exp, "a nested call restored too early");
      });
      assert.equal(tf.getGradient("Exp"), exp);
      assert.equal(tf.getGradient("Sigmoid"), sigmoid);
      assert.equal(tf.getGradient("Equal"), undefined);
      assert.throws(
        () =>
          withSecondOrderGradients(() => {
            throw new Error("inside");
          }),
        /inside/,
      );
      assert.equal(tf.getGradient("Exp"), exp, "restored after an error");
      assert.equal(tf.getGradient("Equal"), undefined);
    });

    it("make nested gradients of exp, sigmoid, tanh and softplus exact", () => {
      const cases: Array<[string, (x: tf.Tensor) => tf.Tensor, (a: number) => number]> = [
        ["exp", (x) => tf.exp(x), (a) => Math.exp(a)],
        [
          "sigmoid",
          (x) => tf.sigmoid(x),
          (a) => {
            const s = 1 / (1 + Math.exp(-a));
            return s * (1 - s) * (1 - 2 * s);
          },
        ],
        [
          "tanh",
          (x) => tf.tanh(x),
          (a) => {
            const t = Math.tanh(a);
            return -2 * t * (1 - t * t);
          },
        ],
        [
          "softplus",
          (x) => tf.softplus(x),
          (a) => {
            const s = 1 / (1 + Math.exp(-a));
            return s * (1 - s);
          },
        ],
      ];
      const points = [-1.3, 0.2, 0.9];
      for (const [name, f, second] of cases) {
        const x = tf.tensor1d(points);
        const value = withSecondOrderGradients(() => tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(f(u)))(z)))(x)));
        assertClose(value.dataSync(), points.map(second), 1e-5, `${name}''`, 1e-3);
        tf.dispose([x, value]);
      }
    });
  });
});
