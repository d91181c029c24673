import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { pgd, pgdAttack, type Attack, type PgdOptions } from "../../lib/attacks";
import { meanCrossEntropy } from "../../lib/losses";
import type { Classifier } from "../../lib/models";
import { EntropySgd, Sam, Sgd } from "../../lib/optim";
import { trainingOracle, type TrainingData } from "../../lib/train";
import { assertClose, assertNoLeak } from "../helpers";
import { disposeData, mnistSubset, smallMlp } from "./support";

/** ∇_θ mean CE(f_θ(x), y), computed directly (the reference for the oracle's gradient). */
function directGradient(model: Classifier, x: tf.Tensor, y: tf.Tensor1D): { loss: number; grads: Float32Array[] } {
  const { value, grads } = tf.variableGrads(() => meanCrossEntropy(model.logits(x), y), model.params);
  const loss = value.dataSync()[0];
  const out = model.params.map((p) => grads[p.name].dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: out };
}

function read(grads: tf.Tensor[]): Float32Array[] {
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return out;
}

describe("train/oracle", () => {
  let data: TrainingData;
  let model: Classifier;
  before(() => {
    data = mnistSubset(64);
    model = smallMlp(30);
  });
  after(() => {
    disposeData(data);
    model.dispose();
  });

  it("standard training: the gradient of the mean cross-entropy of the minibatch (here the whole, reshuffled set)", () => {
    const oracle = trainingOracle(model, data, { batchSize: 64, seed: 1 });
    const { loss, grads } = oracle({ freshBatch: true });
    const expected = directGradient(model, data.x, data.y);
    assert.ok(Math.abs(loss - expected.loss) < 1e-5 * expected.loss);
    read(grads).forEach((g, i) => assertClose(g, expected.grads[i], 2e-4, `parameter ${i}`, 1e-4));
    assert.equal(oracle.last?.adversarial, false);
    oracle.dispose();
  });

  it("adversarial training: the gradient at x + δ with δ held fixed (Danskin), δ from the attack at the current weights", () => {
    // A deterministic attack (start at δ = 0) treats each example on its own, so the permuted minibatch
    // gets the same perturbations as the whole set attacked at once.
    const options: PgdOptions = { norm: "linf", eps: 0.1, steps: 5, randomStart: false };
    const oracle = trainingOracle(model, data, { batchSize: 64, seed: 2, attack: pgdAttack(options) });
    const { loss, grads } = oracle({ freshBatch: true });
    const xAdv = pgd(model, data.x, data.y, options);
    const expected = directGradient(model, xAdv, data.y);
    xAdv.dispose();
    assert.ok(Math.abs(loss - expected.loss) < 1e-5 * expected.loss, `loss ${loss} vs ${expected.loss}`);
    read(grads).forEach((g, i) => assertClose(g, expected.grads[i], 2e-4, `parameter ${i}`, 1e-4));
    assert.equal(oracle.last?.adversarial, true);
    assert.deepEqual(oracle.counts, { gradientEvaluations: 64 * 6, forwardPasses: 0, oracleCalls: 1, freshBatches: 1, examples: 64, attacks: 1 });
    oracle.dispose();
  });

  it("freshBatch false keeps the minibatch: re-attacked (default) or with the same x + δ (reattack: false)", () => {
    const attack = pgdAttack({ norm: "linf", eps: 0.1, steps: 2 });
    const reuse = trainingOracle(model, data, { batchSize: 16, seed: 3, attack });
    const a = reuse({ freshBatch: true });
    const b = reuse({ freshBatch: false, reattack: false });
    assert.equal(a.loss, b.loss, "same inputs, same weights: the same loss");
    const [ga, gb] = [read(a.grads), read(b.grads)];
    ga.forEach((g, i) => assert.deepEqual(g, gb[i]));
    assert.equal(reuse.counts.attacks, 1);
    assert.equal(reuse.counts.gradientEvaluations, 16 * 3 + 16);
    const c = reuse({ freshBatch: true });
    tf.dispose(c.grads);
    assert.equal(reuse.counts.freshBatches, 2);
    reuse.dispose();

    const again = trainingOracle(model, data, { batchSize: 16, seed: 3, attack });
    const first = again({ freshBatch: true });
    const second = again({ freshBatch: false });
    tf.dispose([...first.grads, ...second.grads]);
    assert.equal(first.loss, a.loss, "the same seed draws the same minibatch and attack");
    assert.notEqual(second.loss, first.loss, "the re-attack takes a new random start");
    assert.equal(again.counts.attacks, 2);
    assert.equal(again.counts.freshBatches, 1);
    again.dispose();
  });

  it("EntropySGD's reuseAdversarial plan serves its L requests from one minibatch attacked once", () => {
    const oracle = trainingOracle(model, data, { batchSize: 16, seed: 4, attack: pgdAttack({ norm: "l2", eps: 1, steps: 2 }) });
    const optimizer = new EntropySgd(model.params, { L: 3, horizon: 1, reuseAdversarial: true });
    const losses = [...optimizer.callPlan, { freshBatch: true }].map((request) => {
      const r = oracle(request);
      tf.dispose(r.grads);
      return r.loss;
    });
    optimizer.dispose();
    assert.equal(losses[0], losses[1]);
    assert.equal(losses[1], losses[2]);
    assert.notEqual(losses[2], losses[3], "the next step draws a new minibatch");
    assert.equal(oracle.counts.freshBatches, 2);
    assert.equal(oracle.counts.attacks, 2);
    oracle.dispose();
  });

  it("an EntropySGD step re-attacks at each inner iterate θ′: L attacks on L fresh minibatches", () => {
    const seen: number[][] = [];
    const base = pgdAttack({ norm: "linf", eps: 0.1, steps: 1 });
    // A spy that records the first weight the attack sees.
    const spy: Attack = Object.assign(
      (m: Classifier, x: tf.Tensor, y: tf.Tensor1D, seed?: number) => {
        seen.push(Array.from(m.params[0].dataSync().slice(0, 3)));
        return base(m, x, y, seed);
      },
      { description: base.description, cost: base.cost },
    );
    const copy = smallMlp(30);
    const oracle = trainingOracle(copy, data, { batchSize: 16, seed: 5, attack: spy });
    const optimizer = new EntropySgd(copy.params, { L: 3, horizon: 1 });
    optimizer.step(oracle, 0);
    assert.equal(seen.length, 3);
    assert.notDeepEqual(seen[1], seen[0], "the second attack sees θ′ ≠ θ");
    assert.notDeepEqual(seen[2], seen[1]);
    assert.equal(oracle.counts.freshBatches, 3);
    optimizer.dispose();
    oracle.dispose();
    copy.dispose();
  });

  it("state() resumes the minibatch order, the attack seeds and the counters", () => {
    const attack = pgdAttack({ norm: "linf", eps: 0.1, steps: 2 });
    const a = trainingOracle(model, data, { batchSize: 24, seed: 6, attack });
    for (let i = 0; i < 4; i++) tf.dispose(a({ freshBatch: true }).grads); // past an epoch boundary (3 per epoch)
    const state = JSON.parse(JSON.stringify(a.state()));
    const b = trainingOracle(model, data, { batchSize: 24, seed: 999, attack, state });
    for (let i = 0; i < 4; i++) {
      const [ra, rb] = [a({ freshBatch: true }), b({ freshBatch: true })];
      tf.dispose([...ra.grads, ...rb.grads]);
      assert.equal(rb.loss, ra.loss, `call ${i}`);
    }
    assert.deepEqual(b.counts, a.counts);
    assert.throws(() => trainingOracle(model, data, { batchSize: 32, attack, state }), /not 64 in batches of 32/);
    a.dispose();
    b.dispose();
  });

  it("drives SGD and SAM; leaves no tensors behind; rejects bad arguments", () => {
    const oracle = trainingOracle(model, data, { batchSize: 32, seed: 7, attack: pgdAttack({ norm: "linf", eps: 0.05, steps: 2 }) });
    const copy = smallMlp(31);
    const sgdOracle = trainingOracle(copy, data, { batchSize: 32, seed: 7 });
    const sgd = new Sgd(copy.params, { lr: 0.01, momentum: 0.9 });
    const sam = new Sam(copy.params, { lr: 0.01 });
    assertNoLeak(() => tf.dispose(oracle({ freshBatch: true }).grads), "an oracle call");
    assertNoLeak(() => void sgd.step(sgdOracle, 0), "an SGD step");
    assertNoLeak(() => void sam.step(sgdOracle, 0), "a SAM step");
    [sgd, sam].forEach((o) => o.dispose());
    sgdOracle.dispose();
    copy.dispose();
    oracle.dispose();
    assert.throws(() => oracle({ freshBatch: true }), /disposed/);

    assert.throws(() => trainingOracle(model, data, { batchSize: 65 }), /batchSize must be at most the number of training examples \(64\), got 65/);
    assert.throws(() => trainingOracle(model, data, { batchSize: 8, shuffle: false } as never), /unknown trainingOracle option\(s\): shuffle/);
    assert.throws(() => trainingOracle(model, data, { batchSize: 8, attack: { norm: "linf" } as never }), /attack must be an Attack/);
    assert.throws(
      () => trainingOracle(model, { x: data.x, y: tf.zeros([64], "float32") as tf.Tensor1D }, { batchSize: 8 }),
      /data\.y must be an int32 Tensor1D/,
    );
    const fresh = trainingOracle(model, data, { batchSize: 8 });
    assert.throws(() => fresh({ freshBatch: false }), /before any minibatch was drawn/);
    fresh.dispose();
  });
});
