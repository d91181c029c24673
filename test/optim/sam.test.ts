import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Sam, Sgd, type SamOptions } from "../../lib/optim";
import { assertClose } from "../helpers";
import { FLOOR, START, flat, gradAt, lossAt, makeVariables, quadraticOracle, readValues, sameBits, toArrays } from "./quadratic";

/**
 * SAM in float64 (Foret et al. 2021; davda54/sam's guard and ASAM form): ε̂ = ρ T²g / (‖T g‖ + 1e-12)
 * with T = |θ| (adaptive) or 1, one global norm; gradient at θ + ε̂; SGD step from θ.
 */
function samByHand(start: number[][], steps: number, o: Required<Omit<SamOptions, "lr" | "reattack">> & { lr: number }): number[][][] {
  let theta = start.map((t) => [...t]);
  const v = start.map((t) => t.map(() => 0));
  const trajectory: number[][][] = [];
  for (let k = 0; k < steps; k++) {
    const g = gradAt(theta);
    const scale = (i: number, j: number) => (o.adaptive ? Math.abs(theta[i][j]) : 1);
    let norm = 0;
    g.forEach((gi, i) => gi.forEach((x, j) => (norm += (scale(i, j) * x) ** 2)));
    norm = Math.sqrt(norm);
    const perturbed = theta.map((t, i) => t.map((x, j) => x + (o.rho * scale(i, j) ** 2 * g[i][j]) / (norm + 1e-12)));
    const gSam = gradAt(perturbed);
    theta = theta.map((t, i) =>
      t.map((x, j) => {
        const gj = gSam[i][j] + o.weightDecay * x;
        v[i][j] = o.momentum * v[i][j] + gj;
        const direction = o.momentum === 0 ? gj : o.nesterov ? gj + o.momentum * v[i][j] : v[i][j];
        return x - o.lr * direction;
      }),
    );
    trajectory.push(theta.map((t) => [...t]));
  }
  return trajectory;
}

describe("optim/sam", () => {
  const cases: { name: string; options: Required<Omit<SamOptions, "lr" | "reattack">> & { lr: number } }[] = [
    { name: "SAM, plain base", options: { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0, rho: 0.05, adaptive: false } },
    { name: "SAM, momentum 0.9 + weight decay, ρ 0.3", options: { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0.01, rho: 0.3, adaptive: false } },
    { name: "ASAM, Nesterov", options: { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01, rho: 0.5, adaptive: true } },
  ];
  for (const { name, options } of cases) {
    it(`${name}: every step equals the formula in float64 (5 steps)`, () => {
      const params = makeVariables();
      const sam = new Sam(params, options);
      const oracle = quadraticOracle(params);
      const expected = samByHand(START, 5, options);
      for (let k = 0; k < 5; k++) {
        const before = toArrays(readValues(params));
        const result = sam.step(oracle, k);
        assert.equal(result.oracleCalls, 2);
        assert.ok(Math.abs(result.loss - lossAt(before)) <= 1e-12, "loss is the first call's, at θ");
        assertClose(flat(readValues(params)), flat(expected[k]), 1e-5, `step ${k + 1}`, FLOOR);
      }
      // Fresh minibatch at θ, then the same minibatch at θ + ε̂ whose distance from θ is ρ (plain SAM).
      assert.deepEqual(
        oracle.requests,
        Array(5)
          .fill([{ freshBatch: true }, { freshBatch: false, reattack: true }])
          .flat(),
      );
      if (!options.adaptive) {
        const distance = Math.hypot(...flat(oracle.points[1]).map((x, i) => x - START.flat()[i]));
        assert.ok(Math.abs(distance - options.rho) < 1e-6, `‖ε̂‖ = ${distance}`);
      }
      sam.dispose();
      tf.dispose(params);
    });
  }

  it("defaults to ρ = 0.05, not adaptive, and ρ = 0 is SGD bit for bit", () => {
    const pa = makeVariables();
    const pb = makeVariables();
    const withDefaults = new Sam(pa, { lr: 0.1 });
    assert.deepEqual(withDefaults.resolvedOptions, { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0, rho: 0.05, adaptive: false, reattack: true });
    withDefaults.dispose();
    const sam = new Sam(pa, { lr: 0.1, momentum: 0.9, rho: 0 });
    const sgd = new Sgd(pb, { lr: 0.1, momentum: 0.9 });
    for (let k = 0; k < 4; k++) {
      sam.step(quadraticOracle(pa), k);
      sgd.step(quadraticOracle(pb), k);
    }
    assert.ok(sameBits(readValues(pa), readValues(pb)));
    sam.dispose();
    sgd.dispose();
    tf.dispose([...pa, ...pb]);
  });

  it("a zero gradient leaves ε̂ = 0 (the 1e-12 guard), not NaN", () => {
    const params = makeVariables();
    const sam = new Sam(params, { lr: 0.1 });
    const before = readValues(params);
    sam.step(() => ({ loss: 0, grads: params.map((p) => tf.zerosLike(p)) }), 0);
    assert.ok(sameBits(readValues(params), before));
    sam.dispose();
    tf.dispose(params);
  });

  it("state round trip through JSON resumes bit-exactly", () => {
    const options: SamOptions = { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01, rho: 0.1 };
    const run = (split: number | null): Float32Array[] => {
      const params = makeVariables();
      let sam = new Sam(params, options);
      for (let k = 0; k < 6; k++) {
        if (k === split) {
          const state = JSON.parse(JSON.stringify(sam.state()));
          const weights = readValues(params).map((w) => Array.from(w));
          sam.dispose();
          tf.dispose(params);
          weights.forEach((w, i) => (params[i] = tf.variable(tf.tensor(w, params[i].shape))));
          sam = new Sam(params, options);
          sam.loadState(state);
        }
        sam.step(quadraticOracle(params), k);
      }
      const out = readValues(params);
      sam.dispose();
      tf.dispose(params);
      return out;
    };
    assert.ok(sameBits(run(3), run(null)));
  });

  it("loadState rejects another kind and other shapes; an oracle failure restores θ", () => {
    const params = makeVariables();
    const sam = new Sam(params, { lr: 0.1, momentum: 0.9 });
    const oracle = quadraticOracle(params);
    sam.step(oracle, 0);
    const good = sam.state();
    assert.throws(
      () => sam.loadState(good.base),
      (e: Error) => e instanceof TypeError && /"sgd"/.test(e.message),
    );
    assert.throws(
      () => sam.loadState({ ...good, shapes: [[3]] }),
      (e: Error) => /1 variables/.test(e.message),
    );
    assert.deepEqual(sam.state(), good);
    const before = readValues(params);
    const tensors = tf.memory().numTensors;
    const failing = (request: { freshBatch: boolean }) => {
      if (!request.freshBatch) throw new Error("second pass failed");
      return oracle(request);
    };
    assert.throws(() => sam.step(failing, 1), /second pass failed/);
    assert.ok(sameBits(readValues(params), before));
    assert.equal(tf.memory().numTensors, tensors);
    sam.dispose();
    tf.dispose(params);
  });

  it("validates options before any work", () => {
    const params = makeVariables();
    const before = tf.memory().numTensors;
    assert.throws(
      () => new Sam(params, { lr: 0.1, r: 0.05 } as never),
      (e: Error) => e instanceof TypeError && /unknown Sam option\(s\): r \(known: /.test(e.message),
    );
    assert.throws(
      () => new Sam(params, { lr: 0.1, rho: -0.05 }),
      (e: Error) => e instanceof RangeError && /Sam: rho must be ≥ 0, got -0\.05/.test(e.message),
    );
    assert.throws(
      () => new Sam(params, { lr: 0.1, adaptive: 1 } as never),
      (e: Error) => e instanceof TypeError && /Sam: adaptive must be true or false, got 1/.test(e.message),
    );
    assert.throws(
      () => new Sam(params, { rho: 0.05 } as never),
      (e: Error) => /lr/.test(e.message),
    );
    assert.throws(
      () => new Sam(params, { lr: 0.1, momentum: 2 }),
      (e: Error) => /momentum/.test(e.message),
    );
    assert.equal(tf.memory().numTensors, before);
    tf.dispose(params);
  });

  it("does not grow the tensor count over 20 steps", () => {
    for (const options of [{ lr: 0.1 }, { lr: 0.1, momentum: 0.9, weightDecay: 1e-3, adaptive: true }]) {
      const params = makeVariables();
      const sam = new Sam(params, options);
      const oracle = quadraticOracle(params);
      sam.step(oracle, 0);
      const before = tf.memory().numTensors;
      for (let k = 0; k < 20; k++) sam.step(oracle, k);
      assert.equal(tf.memory().numTensors, before);
      sam.dispose();
      tf.dispose(params);
    }
  });
});
