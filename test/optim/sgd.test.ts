import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Sgd, piecewise, type SgdOptions } from "../../lib/optim";
import { assertClose } from "../helpers";
import { FLOOR, START, flat, gradAt, lossAt, makeVariables, quadraticOracle, readValues, sameBits, toArrays } from "./quadratic";

/** PyTorch's SGD in float64: g = ∇f + wd θ; v = m v + g; θ −= lr (nesterov ? g + m v : v). */
function sgdByHand(start: number[][], steps: number, lrAt: (k: number) => number, m: number, nesterov: boolean, wd: number): number[][][] {
  let theta = start.map((t) => [...t]);
  let v = start.map((t) => t.map(() => 0));
  const trajectory: number[][][] = [];
  for (let k = 0; k < steps; k++) {
    const grad = gradAt(theta);
    const lr = lrAt(k);
    theta = theta.map((t, i) =>
      t.map((x, j) => {
        const g = grad[i][j] + wd * x;
        const vNew = m * v[i][j] + g;
        v[i][j] = vNew;
        const direction = m === 0 ? g : nesterov ? g + m * vNew : vNew;
        return x - lr * direction;
      }),
    );
    trajectory.push(theta.map((t) => [...t]));
  }
  return trajectory;
}

describe("optim/sgd", () => {
  const cases: { name: string; options: Omit<SgdOptions, "lr"> }[] = [
    { name: "plain", options: {} },
    { name: "momentum", options: { momentum: 0.9 } },
    { name: "Nesterov", options: { momentum: 0.9, nesterov: true } },
    { name: "Nesterov + weight decay", options: { momentum: 0.8, nesterov: true, weightDecay: 0.05 } },
    { name: "weight decay, no momentum", options: { weightDecay: 0.1 } },
  ];
  for (const { name, options } of cases) {
    it(`${name}: every step equals PyTorch's formula in float64 (6 steps, scheduled lr)`, () => {
      const params = makeVariables();
      // lr drops ×0.5 at progress 1; steps are taken at progress 0, 0.5, ..., 2.5.
      const lr = piecewise(0.2, [{ at: 1, factor: 0.5 }]);
      const sgd = new Sgd(params, { lr, ...options });
      const oracle = quadraticOracle(params);
      const expected = sgdByHand(START, 6, (k) => lr(k * 0.5), options.momentum ?? 0, options.nesterov ?? false, options.weightDecay ?? 0);
      for (let k = 0; k < 6; k++) {
        const before = toArrays(readValues(params));
        const result = sgd.step(oracle, k * 0.5);
        assert.equal(result.oracleCalls, 1);
        assert.ok(Math.abs(result.loss - lossAt(before)) <= 1e-12, "loss is the oracle's loss at θ");
        assertClose(flat(readValues(params)), flat(expected[k]), 1e-5, `step ${k + 1}`, FLOOR);
      }
      assert.deepEqual(oracle.requests, Array(6).fill({ freshBatch: true }));
      sgd.dispose();
      tf.dispose(params);
    });
  }

  it("records its resolved options", () => {
    const params = makeVariables();
    const sgd = new Sgd(params, { lr: piecewise(0.1, [{ at: 2, factor: 0.1 }]), momentum: 0.9 });
    assert.deepEqual(sgd.resolvedOptions, {
      lr: { kind: "piecewise", initial: 0.1, milestones: [{ at: 2, factor: 0.1 }] },
      momentum: 0.9,
      nesterov: false,
      weightDecay: 0,
    });
    assert.equal(sgd.learningRate(2), 0.1 * 0.1);
    sgd.dispose();
    tf.dispose(params);
  });

  it("state round trip through JSON resumes bit-exactly", () => {
    const run = (split: number | null): Float32Array[] => {
      const params = makeVariables();
      const options: SgdOptions = { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 };
      let sgd = new Sgd(params, options);
      for (let k = 0; k < 6; k++) {
        if (k === split) {
          const state = JSON.parse(JSON.stringify(sgd.state()));
          const weights = readValues(params).map((w) => Array.from(w));
          sgd.dispose();
          tf.dispose(params);
          weights.forEach((w, i) => (params[i] = tf.variable(tf.tensor(w, params[i].shape))));
          sgd = new Sgd(params, options);
          sgd.loadState(state);
        }
        sgd.step(quadraticOracle(params), k);
      }
      const out = readValues(params);
      sgd.dispose();
      tf.dispose(params);
      return out;
    };
    const uninterrupted = run(null);
    assert.ok(sameBits(run(3), uninterrupted), "resumed run differs from the uninterrupted one");
    assert.ok(sameBits(run(1), uninterrupted));
  });

  it("loadState rejects another kind, other shapes, a missing buffer and bad numbers, changing nothing", () => {
    const params = makeVariables();
    const sgd = new Sgd(params, { lr: 0.1, momentum: 0.9 });
    sgd.step(quadraticOracle(params), 0);
    const good = sgd.state();
    assert.throws(
      () => sgd.loadState({ ...good, kind: "sam" } as never),
      (e: Error) => e instanceof TypeError && /"sam"/.test(e.message),
    );
    assert.throws(
      () => sgd.loadState({ ...good, shapes: [[3], [4]] }),
      (e: Error) => e instanceof RangeError && /shape/.test(e.message),
    );
    assert.throws(
      () => sgd.loadState({ ...good, momentum: null }),
      (e: Error) => /momentum/.test(e.message),
    );
    const bad = good.momentum!.map((b) => [...b]);
    bad[1][2] = NaN;
    assert.throws(
      () => sgd.loadState({ ...good, momentum: bad }),
      (e: Error) => /momentum\[1\]\[2\]/.test(e.message),
    );
    assert.throws(() => sgd.loadState({ ...good, momentum: [good.momentum![0]] }), RangeError);
    assert.deepEqual(sgd.state(), good);
    const plain = new Sgd(params, { lr: 0.1 });
    assert.throws(
      () => plain.loadState(good),
      (e: Error) => /momentum/.test(e.message),
    );
    plain.dispose();
    sgd.dispose();
    tf.dispose(params);
  });

  it("validates options before any work", () => {
    const params = makeVariables();
    const before = tf.memory().numTensors;
    assert.throws(
      () => new Sgd(params, { lr: 0.1, momentun: 0.9 } as never),
      (e: Error) => e instanceof TypeError && /unknown Sgd option\(s\): momentun \(known: lr, momentum, nesterov, weightDecay\)/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, { lr: -0.1 }),
      (e: Error) => e instanceof RangeError && /Sgd: lr must be ≥ 0, got -0\.1/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, {} as never),
      (e: Error) => e instanceof TypeError && /lr/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, { lr: 0.1, momentum: -0.5 }),
      (e: Error) => /Sgd: momentum must be in \[0, 1\), got -0\.5/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, { lr: 0.1, momentum: 1 }),
      (e: Error) => /Sgd: momentum must be in \[0, 1\), got 1$/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, { lr: 0.1, nesterov: true }),
      (e: Error) => /nesterov/.test(e.message),
    );
    assert.throws(
      () => new Sgd(params, { lr: 0.1, weightDecay: -1e-4 }),
      (e: Error) => /Sgd: weightDecay must be ≥ 0, got -0\.0001/.test(e.message),
    );
    assert.throws(() => new Sgd([], { lr: 0.1 }), TypeError);
    assert.throws(
      () => new Sgd([params[0], params[0]], { lr: 0.1 }),
      (e: Error) => /twice/.test(e.message),
    );
    const notVariable = tf.zeros([2]);
    assert.throws(
      () => new Sgd([notVariable] as never, { lr: 0.1 }),
      (e: Error) => /params\[0\]/.test(e.message),
    );
    notVariable.dispose();
    assert.equal(tf.memory().numTensors, before);
    const sgd = new Sgd(params, { lr: (t: number) => 0.1 - t });
    assert.throws(
      () => sgd.step(quadraticOracle(params), 1),
      (e: Error) => /lr schedule returned/.test(e.message),
    );
    assert.throws(
      () => sgd.step(quadraticOracle(params), -1),
      (e: Error) => /progress/.test(e.message),
    );
    sgd.dispose();
    tf.dispose(params);
  });

  it("rejects an oracle that returns the wrong gradients, disposing them", () => {
    const params = makeVariables();
    const sgd = new Sgd(params, { lr: 0.1 });
    const before = tf.memory().numTensors;
    assert.throws(
      () => sgd.step(() => ({ loss: 0, grads: [tf.zeros([3])] }), 0),
      (e: Error) => e instanceof TypeError && /1 gradients for 2 variables/.test(e.message),
    );
    assert.throws(
      () => sgd.step(() => ({ loss: 0, grads: [tf.zeros([3]), tf.zeros([4])] }), 0),
      (e: Error) => /shape \[4\]/.test(e.message),
    );
    assert.equal(tf.memory().numTensors, before);
    sgd.dispose();
    tf.dispose(params);
  });

  it("does not grow the tensor count over 20 steps", () => {
    for (const options of [{ lr: 0.1 }, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }]) {
      const params = makeVariables();
      const sgd = new Sgd(params, options);
      const oracle = quadraticOracle(params);
      sgd.step(oracle, 0);
      const before = tf.memory().numTensors;
      for (let k = 0; k < 20; k++) sgd.step(oracle, k);
      assert.equal(tf.memory().numTensors, before);
      sgd.dispose();
      tf.dispose(params);
      assert.equal(tf.memory().numTensors, before - 2 - (options.momentum ? 2 : 0));
    }
  });
});
