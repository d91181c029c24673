// APGD's schedule (Croce & Hein 2020) and its output modes. Its iterates are checked step by step against
// the numpy reimplementation of the official code in independent-implementation.test.ts.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { apgd, apgdAttack, apgdCheckpoints } from "../../lib/attacks";
import { Classifier } from "../../lib/models";
import { lossesAt, misclassified, randomBatch, smallMlp } from "./support";

/** The paper's checkpoints ⌈p_j N⌉: p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06). */
function paperCheckpoints(n: number): number[] {
  const p = [0, 0.22];
  while (p[p.length - 1] < 1) {
    const j = p.length - 1;
    p.push(p[j] + Math.max(p[j] - p[j - 1] - 0.03, 0.06));
  }
  return p
    .slice(1)
    .map((v) => Math.ceil(Math.round(v * n * 1e9) / 1e9))
    .filter((w) => w <= n);
}

describe("attacks/apgd", () => {
  it("checkpoints: for N = 100 the code's integer windows give the paper's ⌈p_j N⌉ = 22, 41, 57, 70, 80, 87, 93, 99", () => {
    const code = apgdCheckpoints(100).map((c) => c.iteration + 1);
    assert.deepEqual(code, [22, 41, 57, 70, 80, 87, 93, 99]);
    assert.deepEqual(code, paperCheckpoints(100));
    assert.deepEqual(
      apgdCheckpoints(100).map((c) => c.window),
      [22, 19, 16, 13, 10, 7, 6, 6],
    );
  });

  it("checkpoints: for N = 250 the code's integer rounding drifts from the paper's (225 against 218), as documented", () => {
    assert.equal(apgdCheckpoints(250)[5].iteration + 1, 225);
    assert.equal(paperCheckpoints(250)[5], 218);
  });

  it("checkpoints: windows start at ⌊0.22N⌋, shrink by ⌊0.03N⌋, never below ⌊0.06N⌋ (all at least 1)", () => {
    for (const n of [1, 5, 10, 20, 37, 50, 250, 1000]) {
      const cps = apgdCheckpoints(n);
      const first = Math.max(Math.floor(0.22 * n), 1);
      const shrink = Math.max(Math.floor(0.03 * n), 1);
      const floor = Math.max(Math.floor(0.06 * n), 1);
      let expectedWindow = first;
      let end = -1;
      for (const c of cps) {
        assert.equal(c.window, expectedWindow, `N=${n}`);
        assert.equal(c.iteration, end + c.window, `N=${n}`);
        end = c.iteration;
        expectedWindow = Math.max(expectedWindow - shrink, floor);
      }
      assert.ok(end < n && end + expectedWindow >= n, `N=${n}: the windows cover the run`);
    }
  });

  describe("outputs", () => {
    let model: Classifier;
    let x: tf.Tensor2D;
    let y: tf.Tensor1D;
    before(() => {
      model = smallMlp(31, 10, 3, "relu", 4);
      ({ x, y } = randomBatch(32, 16, 10, 3));
    });
    after(() => {
      model.dispose();
      tf.dispose([x, y]);
    });

    it("keep 'adversarial' returns a misclassified point wherever 'max-loss' does, and at least as many", () => {
      for (const norm of ["linf", "l2"] as const) {
        const eps = norm === "linf" ? 0.05 : 0.25;
        const adversarial = apgd(model, x, y, { norm, eps, steps: 30, seed: 1 });
        const best = apgd(model, x, y, { norm, eps, steps: 30, seed: 1, keep: "max-loss" });
        const a = misclassified(model, adversarial, y);
        const b = misclassified(model, best, y);
        b.forEach((wrong, i) => assert.ok(!wrong || a[i], `${norm}: example ${i}`));
        // Where nothing was fooled, both return the highest-loss point.
        const la = lossesAt(model, adversarial, y);
        const lb = lossesAt(model, best, y);
        a.forEach((wrong, i) => wrong || assert.equal(la[i], lb[i]));
        tf.dispose([adversarial, best]);
      }
    });

    it("reports its cost: N gradient evaluations and one forward pass per restart", () => {
      const attack = apgdAttack({ norm: "l2", eps: 0.1, steps: 40, restarts: 3 });
      assert.deepEqual(attack.cost, { gradientEvaluations: 120, forwardPasses: 3 });
      assert.match(attack.description, /APGD-CE l2 eps=0\.1 \(40 steps, 3 restarts\)/);
    });
  });
});
