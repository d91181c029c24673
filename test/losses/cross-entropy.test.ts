// Cross-entropy from logits against float64 references: values (also where the loss is tiny), the
// logistic special case, the gradient softmax − onehot (also at ties of the maximum), and bad input.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { crossEntropy, crossEntropyFromOneHot, meanCrossEntropy, oneHotLabels } from "../../lib/losses";
import { Rng } from "../../lib/core/rng";
import { assertClose, assertNoLeak } from "../helpers";

/** log Σ exp(z) − z_y and softmax(z) − e_y in float64. */
function reference(z: number[], label: number): { loss: number; gradient: number[] } {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  // log Σ exp(z_i − z_y) with the label's term split off keeps the digits of a tiny loss.
  const rest = z.reduce((acc, v, i) => (i === label ? acc : acc + Math.exp(v - z[label])), 0);
  const loss = z[label] >= m ? Math.log1p(rest) : m - z[label] + Math.log(s);
  return { loss, gradient: e.map((v, i) => v / s - (i === label ? 1 : 0)) };
}

function randomLogits(seed: number, n: number, k: number, scale: number): { z: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const z = Array.from({ length: n }, () => Array.from({ length: k }, () => scale * rng.normal()));
  const y = Array.from({ length: n }, () => rng.int(k));
  return { z, y };
}

describe("losses/cross-entropy", () => {
  it("per-example values match float64 log-sum-exp (relative 1e-5), for logits of scale 1 to 50", () => {
    for (const scale of [1, 10, 50]) {
      const { z, y } = randomLogits(scale, 32, 7, scale);
      const logits = tf.tensor2d(z);
      const labels = tf.tensor1d(y, "int32");
      const ce = crossEntropy(logits, labels);
      assertClose(
        ce.dataSync(),
        z.map((row, i) => reference(row, y[i]).loss),
        1e-5,
        `scale ${scale}`,
        1e-30,
      );
      tf.dispose([logits, labels, ce]);
    }
  });

  it("keeps full relative precision where the loss is tiny (logits [30, 0, 0] → 2e^−30)", () => {
    const logits = tf.tensor2d([
      [30, 0, 0],
      [0, 25, -3],
      [12, 12.5, -40],
    ]);
    const labels = tf.tensor1d([0, 1, 1], "int32");
    const ce = crossEntropy(logits, labels);
    const expected = [
      [30, 0, 0],
      [0, 25, -3],
      [12, 12.5, -40],
    ].map((row, i) => reference(row, [0, 1, 1][i]).loss);
    assert.ok(expected[0] < 1e-12);
    assertClose(ce.dataSync(), expected, 1e-5, "tiny losses", 1e-300);
    tf.dispose([logits, labels, ce]);
  });

  it("on logits [0, s] it is the logistic loss softplus(−ỹ s), ỹ = 2y − 1", () => {
    const s = [-40, -5, -0.3, 0, 0.7, 6, 40];
    const logits = tf.tensor2d(s.map((v) => [0, v]));
    for (const label of [0, 1]) {
      const labels = tf.tensor1d(
        s.map(() => label),
        "int32",
      );
      const ce = crossEntropy(logits, labels);
      const expected = s.map((v) => {
        const u = -(2 * label - 1) * v;
        return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
      });
      assertClose(ce.dataSync(), expected, 1e-5, `label ${label}`, 1e-30);
      tf.dispose([labels, ce]);
    }
    logits.dispose();
  });

  it("its gradient is softmax(z) − onehot(y) per example, also at ties of the maximum", () => {
    const { z, y } = randomLogits(5, 16, 5, 3);
    z.push([1, 1, 0, -2, 1], [0, 0, 0, 0, 0], [4, 4, 1, 1, 1]);
    y.push(0, 3, 2);
    const logits = tf.tensor2d(z);
    const oneHot = oneHotLabels(tf.tensor1d(y, "int32"), 5);
    const g = tf.grad((t: tf.Tensor) => crossEntropyFromOneHot(t as tf.Tensor2D, oneHot))(logits);
    assertClose(
      g.dataSync(),
      z.flatMap((row, i) => reference(row, y[i]).gradient),
      1e-5,
      "gradient",
      1e-6,
    );
    tf.dispose([logits, oneHot, g]);
  });

  it("its gradient keeps full relative precision for confident examples (top entry −Σ_{i≠a} softmax_i, not 1/(1+S) − 1)", () => {
    const z = [
      [30, 0, 0],
      [0, 25, -3],
      [12, 12.5, -40],
      [-7, 21, 20],
    ];
    const y = [0, 1, 1, 2];
    const logits = tf.tensor2d(z);
    const oneHot = oneHotLabels(tf.tensor1d(y, "int32"), 3);
    const g = tf.grad((t: tf.Tensor) => crossEntropyFromOneHot(t as tf.Tensor2D, oneHot))(logits);
    // float64, cancellation-free: softmax_i for i ≠ label, and minus the sum of those at the label.
    const expected = z.flatMap((row, n) => {
      const m = Math.max(...row);
      const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      const p = row.map((v) => Math.exp(v - m) / s);
      return p.map((pi, i) => (i === y[n] ? -p.reduce((acc, q, j) => (j === y[n] ? acc : acc + q), 0) : pi));
    });
    assert.ok(Math.abs(expected[0]) < 1e-12, "a confident example's label entry is tiny");
    assertClose(g.dataSync(), expected, 1e-5, "confident gradients", 1e-300);
    tf.dispose([logits, oneHot, g]);
  });

  it("where the other classes' exponentials underflow: loss 0 or the margin, gradient finite", () => {
    const logits = tf.tensor2d([
      [200, 0, 0],
      [200, 0, 0],
    ]);
    const oneHot = oneHotLabels(tf.tensor1d([0, 1], "int32"), 3);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => crossEntropyFromOneHot(t as tf.Tensor2D, oneHot))(logits);
    assert.deepEqual(Array.from(value.dataSync()), [0, 200]);
    assert.deepEqual(
      Array.from(grad.dataSync()).map((v) => v + 0),
      [0, 0, 0, 1, -1, 0],
    );
    tf.dispose([logits, oneHot, value, grad]);
  });

  it("the labels may be disposed before the backward pass (the gradient saves what it needs)", () => {
    const logits = tf.tensor2d([[1, 2, 0.5]]);
    const g = tf.grad((t: tf.Tensor) => {
      const oneHot = oneHotLabels(tf.tensor1d([2], "int32"), 3);
      const loss = crossEntropyFromOneHot(t as tf.Tensor2D, oneHot);
      oneHot.dispose();
      return loss;
    })(logits);
    assertClose(g.dataSync(), reference([1, 2, 0.5], 2).gradient, 1e-5, "gradient");
    tf.dispose([logits, g]);
  });

  it("agrees with tf.losses.softmaxCrossEntropy, and the mean is the mean", () => {
    const { z, y } = randomLogits(9, 20, 4, 2);
    const logits = tf.tensor2d(z);
    const labels = tf.tensor1d(y, "int32");
    const ours = crossEntropy(logits, labels);
    const theirs = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 4), logits, undefined, 0, tf.Reduction.NONE));
    assertClose(ours.dataSync(), theirs.dataSync(), 1e-5, "vs tf.losses");
    const m = meanCrossEntropy(logits, labels);
    assert.ok(Math.abs(m.dataSync()[0] - Array.from(ours.dataSync()).reduce((a, b) => a + b, 0) / 20) < 1e-6);
    tf.dispose([logits, labels, ours, theirs, m]);
  });

  it("refuses bad labels and logits, naming the argument and value", () => {
    const logits = tf.zeros([3, 4]) as tf.Tensor2D;
    const cases: [tf.Tensor, RegExp][] = [
      [tf.tensor1d([0, 1], "int32"), /labels must have shape \[3\] \(one class id per example\), got \[2\]/],
      [tf.tensor1d([0, 1, 2], "float32"), /labels must have dtype int32 \(class ids\), got float32/],
      [tf.tensor1d([0, 4, 1], "int32"), /labels\[1\] must be a class id in \[0, 4\), got 4/],
      [tf.tensor1d([0, 1, -2], "int32"), /labels\[2\] must be a class id in \[0, 4\), got -2/],
    ];
    for (const [labels, message] of cases) {
      assert.throws(() => crossEntropy(logits, labels as tf.Tensor1D), message);
      labels.dispose();
    }
    const labels = tf.tensor1d([0, 1, 2], "int32");
    const flat = tf.zeros([3]);
    assert.throws(() => crossEntropy(flat as tf.Tensor2D, labels), /logits must have shape \[batch ≥ 1, classes ≥ 2\], got \[3\]/);
    tf.dispose([logits, labels, flat]);
  });

  it("leaks no tensor", () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [3, 2, 1],
    ]);
    const labels = tf.tensor1d([2, 0], "int32");
    assertNoLeak(() => crossEntropy(logits, labels), "crossEntropy");
    assertNoLeak(() => meanCrossEntropy(logits, labels), "meanCrossEntropy");
    tf.dispose([logits, labels]);
  });
});
