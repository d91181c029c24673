// Oracle for the Langevin estimate of ∇F_γ: for a quadratic f the answer is known in closed form
// (aγ/(a + γ)·θ per coordinate) and the chain's stationary mean is exact, so the estimate must agree
// within a few of its own standard errors.
import { strict as assert } from "assert";
import { localEntropyGradientByLangevin } from "../../lib/theory/langevin";
import { LocalEntropy1d } from "../../lib/theory/local-entropy-1d";

describe("theory/langevin (SGLD estimate of ∇F_γ, float64)", () => {
  it("f = a/2 θ² in 1-D: ∇F_γ = aγθ/(a+γ) within 5 standard errors, and it agrees with quadrature", () => {
    const a = 2;
    const gamma = 1;
    const beta = 10;
    const theta = 1.5;
    const exact = (a * gamma * theta) / (a + gamma);
    const est = localEntropyGradientByLangevin((t) => [a * t[0]], theta, { gamma, beta, stepSize: 0.05, steps: 5000, burnIn: 200, chains: 16, seed: 2017 });
    const se = est.standardError[0];
    assert.ok(se > 0 && se < 0.01, `standard error ${se}`);
    assert.ok(Math.abs(est.gradient[0] - exact) < 5 * se, `estimate ${est.gradient[0]} ± ${se} vs ${exact}`);
    const quadrature = new LocalEntropy1d((t) => 0.5 * a * t * t, { gamma, beta, thetaRange: [theta, theta], lipschitz: a * theta }).derivative(theta);
    assert.ok(Math.abs(quadrature - exact) < 1e-10);
    assert.ok(Math.abs(est.gradient[0] - quadrature) < 5 * se);
  });

  it("small d: a diagonal quadratic gives aᵢγθᵢ/(aᵢ+γ) in every coordinate", () => {
    const diag = [1, 4, 0.5];
    const gamma = 2;
    const theta = [1, -1, 2];
    const est = localEntropyGradientByLangevin((t) => t.map((v, i) => diag[i] * v), theta, {
      gamma,
      beta: 20,
      stepSize: 0.02,
      steps: 3000,
      burnIn: 300,
      chains: 12,
      seed: 7,
    });
    diag.forEach((ai, i) => {
      const exact = (ai * gamma * theta[i]) / (ai + gamma);
      assert.ok(Math.abs(est.gradient[i] - exact) < 5 * est.standardError[i], `coordinate ${i}: ${est.gradient[i]} ± ${est.standardError[i]} vs ${exact}`);
    });
  });

  it("is reproducible from its seed", () => {
    const run = (seed: number) =>
      localEntropyGradientByLangevin((t) => [Math.sign(t[0])], 0.2, { gamma: 1, beta: 5, stepSize: 0.1, steps: 200, chains: 3, seed });
    assert.deepEqual(run(5), run(5));
    assert.notDeepEqual(run(5).gradient, run(6).gradient);
  });

  it("rejects bad inputs with RangeErrors that name the argument and value", () => {
    const g = (t: Float64Array) => t;
    const ok = { gamma: 1, beta: 1, stepSize: 0.1, steps: 10, chains: 2, seed: 1 };
    assert.throws(
      () => localEntropyGradientByLangevin(g, 0, { ...ok, gamma: 0 }),
      (e: unknown) => e instanceof RangeError && /gamma.*0/.test(e.message),
    );
    assert.throws(
      () => localEntropyGradientByLangevin(g, 0, { ...ok, beta: -1 }),
      (e: unknown) => e instanceof RangeError && /beta.*-1/.test(e.message),
    );
    assert.throws(
      () => localEntropyGradientByLangevin(g, 0, { ...ok, chains: 1 }),
      (e: unknown) => e instanceof RangeError && /chains.*1/.test(e.message),
    );
    assert.throws(
      () => localEntropyGradientByLangevin(g, NaN, ok),
      (e: unknown) => e instanceof RangeError && /theta.*NaN/.test(e.message),
    );
    assert.throws(
      () => localEntropyGradientByLangevin(() => [1, 2], 0, ok),
      (e: unknown) => e instanceof RangeError && /gradient.*length 1/.test(e.message),
    );
    assert.throws(
      () => localEntropyGradientByLangevin(g, 0, { ...ok, stepSize: 5, steps: 2000, beta: 1e6 }),
      (e: unknown) => e instanceof RangeError && /diverged/.test(e.message),
    );
  });
});
