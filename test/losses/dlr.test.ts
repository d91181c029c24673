// The DLR loss (Croce & Hein 2020) against a float64 reference built from sorted logits.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { dlrLoss } from "../../lib/losses";
import { Rng } from "../../lib/core/rng";
import { assertClose, assertNoLeak } from "../helpers";

/** −(z_y − max_{i≠y} z_i)/(z_π1 − z_π3 + 1e-12) and its gradient, in float64. */
function reference(z: number[], y: number): { loss: number; gradient: number[] } {
  const order = z.map((_, i) => i).sort((a, b) => z[b] - z[a]);
  const other = order[0] === y ? order[1] : order[0];
  const a = z[y] - z[other];
  const b = z[order[0]] - z[order[2]] + 1e-12;
  const gradient = z.map(() => 0);
  gradient[y] -= 1 / b;
  gradient[other] += 1 / b;
  gradient[order[0]] += a / (b * b);
  gradient[order[2]] -= a / (b * b);
  return { loss: -a / b, gradient };
}

describe("losses/dlr", () => {
  for (const k of [3, 5, 10]) {
    it(`${k} classes: values and gradient match the float64 reference`, () => {
      const rng = new Rng(k);
      const z = Array.from({ length: 24 }, () => Array.from({ length: k }, () => 3 * rng.normal()));
      const y = Array.from({ length: 24 }, () => rng.int(k));
      const logits = tf.tensor2d(z);
      const labels = tf.tensor1d(y, "int32");
      const loss = dlrLoss(logits, labels);
      assertClose(
        loss.dataSync(),
        z.map((row, i) => reference(row, y[i]).loss),
        1e-5,
        "DLR",
        1e-6,
      );
      const g = tf.grad((t: tf.Tensor) => dlrLoss(t as tf.Tensor2D, labels))(logits);
      // Floor 1e-3: entries that cancel to ~1e-13 in float64 come out as ~1e-8 in float32.
      assertClose(
        g.dataSync(),
        z.flatMap((row, i) => reference(row, y[i]).gradient),
        1e-4,
        "DLR gradient",
        1e-3,
      );
      // Positive exactly where the example is misclassified; invariant to a z + c with a > 0.
      const wrong = z.map((row, i) => (row.indexOf(Math.max(...row)) !== y[i] ? 1 : 0));
      Array.from(loss.dataSync()).forEach((l, i) => assert.equal(l > 0 ? 1 : 0, wrong[i], `example ${i}`));
      const moved = tf.tidy(() => dlrLoss(tf.add(tf.mul(logits, 2.5), 7) as tf.Tensor2D, labels));
      assertClose(moved.dataSync(), loss.dataSync(), 1e-5, "affine invariance", 1e-6);
      tf.dispose([logits, labels, loss, g, moved]);
    });
  }

  it("needs three classes and valid labels; leaks no tensor", () => {
    const two = tf.zeros([2, 2]) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 1], "int32");
    assert.throws(() => dlrLoss(two, labels), /the DLR loss needs at least 3 classes .*got 2/);
    const three = tf.tensor2d([
      [1, 2, 3],
      [3, 1, 2],
    ]);
    const bad = tf.tensor1d([0, 3], "int32");
    assert.throws(() => dlrLoss(three, bad), /labels\[1\] must be a class id in \[0, 3\), got 3/);
    assertNoLeak(() => dlrLoss(three, labels), "dlrLoss");
    tf.dispose([two, labels, three, bad]);
  });
});
