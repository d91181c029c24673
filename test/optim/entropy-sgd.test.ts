import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import {
  ENTROPY_SGD_PRESETS,
  EntropySgd,
  Sgd,
  langevinInverseTemperature,
  piecewise,
  type EntropySgdOptions,
  type EntropySgdResolvedOptions,
  type GradientOracle,
} from "../../lib/optim";
import { assertClose } from "../helpers";
import { FLOOR, START, flat, gradAt, lossAt, makeVariables, quadraticOracle, readValues, sameBits, toArrays } from "./quadratic";

/**
 * EntropySGD without noise, in float64, written out from paper-spec §5.5/§5.6 (one array per
 * variable): L ≥ 1 inner steps with optional inner momentum, the running average μ, the outer step.
 */
function entropySgdByHand(o: EntropySgdResolvedOptions, start: number[][], steps: number, lrAt: (k: number) => number): number[][][] {
  let theta = start.map((t) => [...t]);
  const outerVelocity = start.map((t) => t.map(() => 0));
  const trajectory: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    const gamma = o.gammaSchedule === "scoped" ? o.gamma0 * (1 + o.gamma1) ** t : o.gamma0;
    const thetaC = theta.map((x) => [...x]);
    let inner = theta.map((x) => [...x]);
    let mu = theta.map((x) => [...x]);
    const innerVelocity = theta.map((x) => x.map(() => 0));
    for (let l = 0; l < o.L; l++) {
      const grad = gradAt(inner);
      inner = inner.map((x, i) =>
        x.map((xj, j) => {
          let d = grad[i][j] + o.innerWeightDecay * xj;
          if (o.innerMomentum > 0) {
            innerVelocity[i][j] = o.innerMomentum * innerVelocity[i][j] + d;
            d = o.innerNesterov ? d + o.innerMomentum * innerVelocity[i][j] : innerVelocity[i][j];
          }
          d = d - gamma * (thetaC[i][j] - xj);
          return xj - o.innerLr * d;
        }),
      );
      const w = o.muNewSampleWeight;
      mu = mu.map((m, i) => m.map((mj, j) => (1 - w) * mj + w * inner[i][j]));
    }
    const lr = lrAt(t);
    theta = thetaC.map((x, i) =>
      x.map((xj, j) => {
        const g = (o.outerStep === "gamma-scaled" ? gamma : 1) * (xj - mu[i][j]) + o.outerWeightDecay * xj;
        let direction = g;
        if (o.outerMomentum > 0) {
          outerVelocity[i][j] = o.outerMomentum * outerVelocity[i][j] + g;
          direction = o.outerNesterov ? g + o.outerMomentum * outerVelocity[i][j] : outerVelocity[i][j];
        }
        return xj - lr * direction;
      }),
    );
    trajectory.push(theta.map((x) => [...x]));
  }
  return trajectory;
}

/** The §5.5 options table and comparison table, typed in from the spec. */
const SPEC_PRESETS = {
  "chaudhari-paper": {
    gammaSchedule: "scoped",
    outerStep: "gamma-scaled",
    noiseScaling: "sqrt-lr",
    muNewSampleWeight: 0.75,
    innerMomentum: 0,
    innerNesterov: false,
    outerMomentum: 0,
    outerNesterov: false,
    innerWeightDecay: 0,
    outerWeightDecay: 0,
  },
  "reference-pytorch": {
    gammaSchedule: "constant",
    outerStep: "unscaled",
    noiseScaling: "reference",
    muNewSampleWeight: 0.25,
    innerMomentum: 0.9,
    innerNesterov: true,
    outerMomentum: 0.9,
    outerNesterov: true,
    innerWeightDecay: 5e-4,
    outerWeightDecay: 5e-4,
  },
  "project-default": {
    gammaSchedule: "scoped",
    outerStep: "unscaled",
    noiseScaling: "sqrt-lr",
    muNewSampleWeight: 0.25,
    innerMomentum: 0,
    innerNesterov: false,
    outerMomentum: 0,
    outerNesterov: false,
    innerWeightDecay: 5e-4,
    outerWeightDecay: 0,
  },
} as const;
const SPEC_NUMBERS = { L: 5, gamma0: 0.03, gamma1: 1e-3, innerLr: 0.1, noise: 1e-4 };

describe("optim/entropy-sgd", () => {
  describe("presets", () => {
    for (const preset of Object.keys(SPEC_PRESETS) as (keyof typeof SPEC_PRESETS)[]) {
      it(`${preset} sets exactly the spec's values`, () => {
        const params = makeVariables();
        const opt = new EntropySgd(params, { preset, horizon: 20 });
        assert.deepEqual(opt.resolvedOptions, {
          preset,
          overrides: ["horizon"],
          ...SPEC_PRESETS[preset],
          ...SPEC_NUMBERS,
          // lr 1, ×0.2 at 50% and 75% of the run
          lr: {
            kind: "piecewise",
            initial: 1,
            milestones: [
              { at: 10, factor: 0.2 },
              { at: 15, factor: 0.2 },
            ],
          },
          horizon: 20,
          seed: 0,
          reuseAdversarial: false,
        });
        assert.equal(opt.learningRate(14.9), 0.2);
        assert.equal(opt.learningRate(15), 0.2 * 0.2);
        assert.deepEqual(opt.callPlan, Array(5).fill({ freshBatch: true }));
        opt.dispose();
        tf.dispose(params);
      });
    }

    it("project-default is the default, and explicit options override the preset and are recorded", () => {
      const params = makeVariables();
      const a = new EntropySgd(params, { lr: 0.5 });
      assert.equal(a.resolvedOptions.preset, "project-default");
      assert.equal(a.resolvedOptions.lr, 0.5);
      const b = new EntropySgd(params, { preset: "reference-pytorch", L: 2, muNewSampleWeight: 0.75, lr: 1, gamma0: undefined });
      assert.equal(b.resolvedOptions.L, 2);
      assert.equal(b.resolvedOptions.muNewSampleWeight, 0.75);
      assert.equal(b.resolvedOptions.innerMomentum, 0.9);
      assert.equal(b.resolvedOptions.gamma0, 0.03);
      assert.deepEqual(b.resolvedOptions.overrides, ["L", "muNewSampleWeight", "lr"]);
      assert.deepEqual(JSON.parse(JSON.stringify(b.resolvedOptions)), b.resolvedOptions);
      a.dispose();
      b.dispose();
      tf.dispose(params);
    });

    it("the exported preset table agrees with the spec", () => {
      for (const [name, values] of Object.entries(SPEC_PRESETS)) {
        const table = ENTROPY_SGD_PRESETS[name as keyof typeof SPEC_PRESETS];
        assert.deepEqual({ ...table, lr: undefined }, { ...values, ...SPEC_NUMBERS, lr: undefined });
        assert.deepEqual(table.lr, { initial: 1, factor: 0.2, fractions: [0.5, 0.75] });
      }
    });
  });

  describe("update rule (no noise) against a float64 hand derivation", () => {
    const variants: { name: string; options: EntropySgdOptions }[] = [
      { name: "chaudhari-paper", options: { preset: "chaudhari-paper", L: 4, gamma0: 0.5, gamma1: 0.3 } },
      { name: "project-default", options: { preset: "project-default", L: 3, gamma0: 0.5, gamma1: 0.3, innerWeightDecay: 0.05 } },
      { name: "reference-pytorch", options: { preset: "reference-pytorch", L: 3, gamma0: 0.5, innerWeightDecay: 0.05, outerWeightDecay: 0.02 } },
      {
        name: "heavy-ball inner and outer momentum, gamma-scaled, w = 1",
        options: {
          preset: "project-default",
          L: 2,
          gamma0: 0.8,
          gamma1: 0.1,
          innerMomentum: 0.5,
          outerMomentum: 0.7,
          outerStep: "gamma-scaled",
          muNewSampleWeight: 1,
          outerWeightDecay: 0.01,
        },
      },
    ];
    for (const { name, options } of variants) {
      it(`${name}: 4 outer steps match within 1e-5 relative`, () => {
        const params = makeVariables();
        const lr = piecewise(0.7, [{ at: 2, factor: 0.5 }]);
        const opt = new EntropySgd(params, { ...options, noise: 0, lr });
        const oracle = quadraticOracle(params);
        const expected = entropySgdByHand(opt.resolvedOptions, START, 4, (k) => lr(k));
        const L = opt.resolvedOptions.L;
        for (let k = 0; k < 4; k++) {
          const before = toArrays(readValues(params));
          const result = opt.step(oracle, k);
          assert.equal(result.oracleCalls, L);
          assert.ok(Math.abs(result.loss - lossAt(before)) <= 1e-12, "loss is the first call's, at θ′ = θ");
          assertClose(flat(readValues(params)), flat(expected[k]), 1e-5, `outer step ${k + 1}`, FLOOR);
        }
        assert.equal(oracle.requests.length, 4 * L);
        assert.ok(
          oracle.requests.every((r) => r.freshBatch),
          "every inner call asks for a fresh minibatch",
        );
        // The first call of each outer step is at θ, the later ones at the inner iterates θ′.
        assertClose(flat(oracle.points[L]), flat(expected[0]), 1e-5, "first call of step 2", FLOOR);
        assert.ok(Math.abs(flat(oracle.points[L + 1])[0] - flat(expected[0])[0]) > 1e-4, "later calls are at θ′ ≠ θ");
        opt.dispose();
        tf.dispose(params);
      });
    }
  });

  it("reference-pytorch with L = 0 is the Sgd class exactly (bitwise), as optim.py", () => {
    const pa = makeVariables();
    const pb = makeVariables();
    const lr = piecewise(0.3, [{ at: 3, factor: 0.1 }]);
    const entropy = new EntropySgd(pa, { preset: "reference-pytorch", L: 0, lr, innerWeightDecay: 0.02, outerWeightDecay: 0.02 });
    const sgd = new Sgd(pb, { lr, momentum: 0.9, nesterov: true, weightDecay: 0.02 });
    assert.deepEqual(entropy.callPlan, [{ freshBatch: true }]);
    const oa = quadraticOracle(pa);
    const ob = quadraticOracle(pb);
    for (let k = 0; k < 6; k++) {
      const ra = entropy.step(oa, k);
      const rb = sgd.step(ob, k);
      assert.deepEqual(ra, rb);
    }
    assert.ok(sameBits(readValues(pa), readValues(pb)));
    assert.deepEqual(oa.requests, ob.requests);
    // And both equal PyTorch's SGD formula (checked against float64 in sgd.test.ts).
    entropy.dispose();
    sgd.dispose();
    tf.dispose([...pa, ...pb]);
  });

  it("scoping gives γ0(1+γ1)^t after t outer steps; 'constant' never changes", () => {
    const params = makeVariables();
    const scoped = new EntropySgd(params, { L: 1, lr: 0.1, gamma0: 0.03, gamma1: 0.05 });
    const fixed = new EntropySgd(params, { L: 1, lr: 0.1, gamma0: 0.03, gamma1: 0.05, gammaSchedule: "constant" });
    const oracle = quadraticOracle(params);
    let product = 0.03;
    for (let t = 0; t <= 30; t++) {
      assert.equal(scoped.t, t);
      assert.ok(Math.abs(scoped.gamma - product) <= 1e-13 * product, `t=${t}: ${scoped.gamma} vs ${product}`);
      assert.equal(fixed.gamma, 0.03);
      scoped.step(oracle, 0);
      fixed.step(oracle, 0);
      product *= 1.05;
    }
    assert.ok(Math.abs(scoped.gamma - 0.03 * 1.05 ** 31) <= 1e-13 * scoped.gamma);
    assert.equal(fixed.state().gamma, 0.03);
    scoped.dispose();
    fixed.dispose();
    tf.dispose(params);
  });

  describe("the inner chain samples p(θ′) ∝ exp(−β[f(θ′) + γ/2 (θ − θ′)²])", () => {
    // f = a/2 θ′² per coordinate; n independent coordinates are n independent chains from θ′ = θ.
    // The chain is AR(1): x_{l+1} = ρ x_l + η′γθ + c ξ, ρ = 1 − η′(a+γ), c the noise per step. With lr 1,
    // outerStep 'unscaled' and no momentum or weight decay the outer step puts θ exactly on μ, so the
    // variables after one step hold μ, and γ(θ − μ) estimates ∇F_γ(θ) = aγ/(a+γ) θ (spec T5).
    const a = 2;
    const gamma = 1;
    const theta = 1;
    const innerLr = 0.1;
    const noise = 0.5;
    const w = 0.02;
    const L = 400;
    const n = 4000;

    /** E[μ] and Var[μ] of the EMA of the chain, exactly (transient included), in float64. */
    function momentsOfMu(c: number): { mean: number; variance: number } {
      const k = a + gamma;
      const rho = 1 - innerLr * k;
      const m = (gamma * theta) / k; // stationary mean
      const weights = Array.from({ length: L + 1 }, (_, l) => (l === 0 ? (1 - w) ** L : w * (1 - w) ** (L - l)));
      let mean = 0;
      for (let l = 0; l <= L; l++) mean += weights[l] * (m + (theta - m) * rho ** l);
      // Var(x_l) = c² (1 − ρ^{2l}) / (1 − ρ²); Cov(x_i, x_j) = ρ^{j−i} Var(x_i) for i ≤ j.
      const stationary = (c * c) / (1 - rho * rho);
      let variance = 0;
      for (let i = 1; i <= L; i++) {
        const vi = stationary * (1 - rho ** (2 * i));
        variance += weights[i] * weights[i] * vi;
        let r = rho;
        for (let j = i + 1; j <= L; j++, r *= rho) variance += 2 * weights[i] * weights[j] * r * vi;
      }
      return { mean, variance };
    }

    for (const noiseScaling of ["sqrt-lr", "reference"] as const) {
      it(`${noiseScaling}: γ(θ − μ) ≈ aγ/(a+γ)·θ within Monte Carlo error, and the spread matches β = ${noiseScaling === "sqrt-lr" ? "2" : "1"}/ε²`, () => {
        const params = [tf.variable(tf.fill([n], theta))];
        const opt = new EntropySgd(params, {
          preset: "project-default",
          noiseScaling,
          L,
          lr: 1,
          gamma0: gamma,
          gammaSchedule: "constant",
          innerLr,
          noise,
          muNewSampleWeight: w,
          innerWeightDecay: 0,
          seed: 1234,
        });
        const oracle: GradientOracle = () => ({ loss: 0, grads: [tf.mul(params[0], a)] });
        opt.step(oracle, 0);
        const mu = Array.from(params[0].dataSync());
        const estimates = mu.map((m) => gamma * (theta - m));
        const meanEstimate = estimates.reduce((s, x) => s + x, 0) / n;
        const sampleVariance = estimates.reduce((s, x) => s + (x - meanEstimate) ** 2, 0) / (n - 1);
        const standardError = Math.sqrt(sampleVariance / n);

        // Which β the noise corresponds to: for small η′ the stationary variance of θ′ is 1/(β(a+γ));
        // the discretised chain's is that times 2/(2 − η′(a+γ)).
        const beta = langevinInverseTemperature(noise, noiseScaling);
        assert.equal(beta, (noiseScaling === "sqrt-lr" ? 2 : 1) / noise ** 2);
        const c = Math.sqrt((2 * innerLr) / beta);
        const k = a + gamma;
        const rho = 1 - innerLr * k;
        assert.ok(Math.abs((c * c) / (1 - rho * rho) - (1 / (beta * k)) * (2 / (2 - innerLr * k))) < 1e-15);
        const exact = momentsOfMu(c);

        const gradF = ((a * gamma) / (a + gamma)) * theta;
        const bias = Math.abs(gamma * (theta - exact.mean) - gradF); // finite-L transient, ~1e-4
        assert.ok(bias < standardError, `transient bias ${bias} should be below the standard error ${standardError}`);
        assert.ok(
          Math.abs(meanEstimate - gradF) <= 4 * standardError + bias,
          `γ(θ − μ) = ${meanEstimate} vs ∇F_γ = ${gradF} (standard error ${standardError})`,
        );
        // The spread of μ across chains pins the noise scale: the other scaling is off by a factor 2.
        const relativeSe = Math.sqrt(2 / (n - 1));
        const ratio = sampleVariance / (gamma * gamma * exact.variance);
        assert.ok(Math.abs(ratio - 1) <= 4 * relativeSe, `Var[μ] ratio ${ratio} (relative standard error ${relativeSe})`);
        opt.dispose();
        tf.dispose(params);
      });
    }
  });

  it("noise is seeded: the same seed repeats the step, another seed does not", () => {
    const run = (seed: number) => {
      const params = makeVariables();
      const opt = new EntropySgd(params, { L: 3, lr: 1, noise: 0.1, seed });
      opt.step(quadraticOracle(params), 0);
      const out = readValues(params);
      opt.dispose();
      tf.dispose(params);
      return out;
    };
    assert.ok(sameBits(run(7), run(7)));
    assert.ok(!sameBits(run(7), run(8)));
  });

  it("state round trip through JSON resumes bit-exactly (noise, momentum, scoping)", () => {
    const configs: EntropySgdOptions[] = [
      { preset: "reference-pytorch", L: 2, lr: 0.5, noise: 0.05, seed: 3 },
      { preset: "project-default", L: 3, lr: piecewise(1, [{ at: 2, factor: 0.2 }]), noise: 0.05, gamma1: 0.2, outerMomentum: 0.5, seed: 4 },
    ];
    for (const options of configs) {
      const run = (split: number | null): Float32Array[] => {
        const params = makeVariables();
        let opt = new EntropySgd(params, options);
        for (let k = 0; k < 5; k++) {
          if (k === split) {
            const state = JSON.parse(JSON.stringify(opt.state()));
            const weights = readValues(params).map((x) => Array.from(x));
            opt.dispose();
            tf.dispose(params);
            weights.forEach((x, i) => (params[i] = tf.variable(tf.tensor(x, params[i].shape))));
            opt = new EntropySgd(params, options);
            opt.loadState(state);
            assert.equal(opt.t, k);
          }
          opt.step(quadraticOracle(params), k);
        }
        const out = readValues(params);
        opt.dispose();
        tf.dispose(params);
        return out;
      };
      const uninterrupted = run(null);
      assert.ok(sameBits(run(2), uninterrupted), `${options.preset}: resumed run differs`);
    }
  });

  it("loadState rejects another kind, other shapes, other γ options or a bad RNG state, changing nothing", () => {
    const params = makeVariables();
    const opt = new EntropySgd(params, { L: 2, lr: 1, noise: 0.01, gamma1: 0.1 });
    opt.step(quadraticOracle(params), 0);
    const good = opt.state();
    assert.throws(
      () => opt.loadState({ kind: "sgd", shapes: good.shapes, steps: 1, momentum: null }),
      (e: Error) => e instanceof TypeError && /"sgd"/.test(e.message),
    );
    assert.throws(
      () => opt.loadState({ ...good, shapes: [[3], [2, 3]] }),
      (e: Error) => /shape/.test(e.message),
    );
    assert.throws(
      () => opt.loadState({ ...good, t: 1.5 }),
      (e: Error) => /state\.t/.test(e.message),
    );
    assert.throws(
      () => opt.loadState({ ...good, t: 3 }),
      (e: Error) => /gamma/.test(e.message),
    );
    assert.throws(
      () => opt.loadState({ ...good, rng: { s: [1, 2, 3], spare: null } } as never),
      (e: Error) => /rng/.test(e.message),
    );
    const other = new EntropySgd(params, { L: 2, lr: 1, noise: 0.01, gamma1: 0.2 });
    assert.throws(
      () => other.loadState(good),
      (e: Error) => /gamma1 0.2/.test(e.message),
    );
    const withMomentum = new EntropySgd(params, { L: 2, lr: 1, noise: 0.01, gamma1: 0.1, outerMomentum: 0.9 });
    assert.throws(
      () => withMomentum.loadState(good),
      (e: Error) => /momentum/.test(e.message),
    );
    assert.deepEqual(opt.state(), good);
    for (const o of [opt, other, withMomentum]) o.dispose();
    tf.dispose(params);
  });

  it("an oracle failure mid-step restores θ and the noise stream", () => {
    const params = makeVariables();
    const opt = new EntropySgd(params, { L: 4, lr: 1, noise: 0.1, innerMomentum: 0.5 });
    const inner = quadraticOracle(params);
    let calls = 0;
    const failing: GradientOracle = (request) => {
      if (++calls === 3) throw new Error("attack failed");
      return inner(request);
    };
    const before = readValues(params);
    const state = opt.state();
    const tensors = tf.memory().numTensors;
    assert.throws(() => opt.step(failing, 0), /attack failed/);
    assert.ok(sameBits(readValues(params), before));
    assert.deepEqual(opt.state(), state);
    assert.equal(tf.memory().numTensors, tensors);
    opt.dispose();
    tf.dispose(params);
  });

  it("validates options before any work", () => {
    const params = makeVariables();
    const before = tf.memory().numTensors;
    const rejects = (options: unknown, pattern: RegExp, kind: typeof TypeError | typeof RangeError = RangeError) =>
      assert.throws(
        () => new EntropySgd(params, options as EntropySgdOptions),
        (e: Error) => e instanceof kind && pattern.test(e.message),
        `${JSON.stringify(options)} should fail with ${pattern}`,
      );
    rejects({ lr: 1, innerLR: 0.1 }, /unknown EntropySgd option\(s\): innerLR/, TypeError);
    rejects({ lr: 1, preset: "chaudhari" }, /preset must be one of .*, got "chaudhari"/);
    rejects({ lr: 1, gammaSchedule: "scope" }, /gammaSchedule must be one of "scoped", "constant", got "scope"/);
    rejects({ lr: 1, outerStep: "scaled" }, /outerStep must be one of .*, got "scaled"/);
    rejects({ lr: 1, noiseScaling: "sqrt" }, /noiseScaling must be one of .*, got "sqrt"/);
    rejects({ lr: 1, muNewSampleWeight: 0 }, /muNewSampleWeight must be in \(0, 1\], got 0/);
    rejects({ lr: 1, muNewSampleWeight: 1.5 }, /muNewSampleWeight.*1\.5/);
    rejects({ lr: 1, L: 2.5 }, /L must be an integer ≥ 0, got 2\.5/);
    rejects({ lr: 1, L: -1 }, /L must be an integer ≥ 0, got -1/);
    rejects({ lr: 1, gamma0: -0.03 }, /gamma0.*-0\.03/);
    rejects({ lr: 1, gamma1: -1 }, /gamma1/);
    rejects({ lr: 1, innerLr: -0.1 }, /innerLr/);
    rejects({ lr: 1, noise: NaN }, /noise.*NaN/);
    rejects({ lr: 1, innerMomentum: -0.9 }, /innerMomentum must be in \[0, 1\), got -0\.9/);
    rejects({ lr: 1, outerMomentum: 1.2 }, /outerMomentum must be in \[0, 1\), got 1\.2/);
    rejects({ lr: 1, outerNesterov: "yes" }, /outerNesterov must be true or false, got "yes"/, TypeError);
    rejects({ lr: -1 }, /lr.*-1/);
    rejects({ lr: 1, innerWeightDecay: -5e-4 }, /innerWeightDecay/);
    rejects({ lr: 1, seed: -3 }, /seed.*-3/);
    rejects({ horizon: 0 }, /horizon.*0/);
    rejects({}, /horizon/, TypeError);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose(params);
  });

  it("does not grow the tensor count over 20 steps", () => {
    const configs: EntropySgdOptions[] = [
      { L: 3, lr: 1, noise: 0.01 },
      { preset: "reference-pytorch", L: 2, lr: 0.5, noise: 0.01 },
      { preset: "reference-pytorch", L: 0, lr: 0.5 },
      { preset: "chaudhari-paper", L: 2, lr: 1, noise: 0 },
    ];
    for (const options of configs) {
      const params = makeVariables();
      const opt = new EntropySgd(params, options);
      const oracle = quadraticOracle(params);
      opt.step(oracle, 0);
      const before = tf.memory().numTensors;
      for (let k = 0; k < 20; k++) opt.step(oracle, k);
      assert.equal(tf.memory().numTensors, before, `${JSON.stringify(options)} leaked`);
      opt.dispose();
      tf.dispose(params);
    }
  });
});
