// Oracles for 1-D local entropy: closed forms for a quadratic f, finite differences of F, the T5
// bounds 0 ≤ F″ ≤ γ for convex f, the Moreau envelope's closed forms (quadratic, Huber) and its
// γ-Lipschitz derivative.
import { strict as assert } from "assert";
import { softplus } from "../../lib/losses/adversarial-linear";
import { LocalEntropy1d, moreauEnvelope, secondDifference } from "../../lib/theory/local-entropy-1d";

// The 1-D L∞-AT logistic loss of one example (x = 1, y = +1, ε = 0.3): convex, 1.3-Lipschitz, with a
// kink at 0 where f′ jumps from −0.65 to −0.35.
const eps = 0.3;
const kinked = (w: number) => softplus(-w + eps * Math.abs(w));
const kinkedLipschitz = 1 + eps;

const a = 2;
const quadratic = (t: number) => 0.5 * a * t * t;

function grid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

describe("theory/local-entropy-1d (T5 by quadrature, float64)", () => {
  it("f = a/2 θ²: F, F′ = aγθ/(a+γ) and F″ = aγ/(a+γ) exactly (quadrature)", () => {
    const gamma = 1.5;
    const beta = 4;
    const le = new LocalEntropy1d(quadratic, { gamma, beta, thetaRange: [-2, 2], lipschitz: 2 * a });
    const k = (a * gamma) / (a + gamma);
    for (const theta of grid(-2, 2, 9)) {
      const p = le.at(theta);
      const F = 0.5 * k * theta * theta - Math.log((2 * Math.PI) / (beta * (a + gamma))) / (2 * beta);
      assert.ok(Math.abs(p.value - F) < 1e-10, `F(${theta}) = ${p.value} vs ${F}`);
      assert.ok(Math.abs(p.derivative - k * theta) < 1e-10, `F′(${theta}) = ${p.derivative} vs ${k * theta}`);
      assert.ok(Math.abs(p.secondDerivative - k) < 1e-9, `F″(${theta}) = ${p.secondDerivative} vs ${k}`);
      assert.ok(Math.abs(p.variance - 1 / (beta * (a + gamma))) < 1e-12);
    }
  });

  it("F′ and F″ match central differences of F and F′ (kinked convex f)", () => {
    const le = new LocalEntropy1d(kinked, { gamma: 1, beta: 100, thetaRange: [-1.5, 1.5], lipschitz: kinkedLipschitz });
    const h = 1e-4;
    for (const theta of grid(-1.2, 1.2, 13)) {
      const p = le.at(theta);
      const dF = (le.value(theta + h) - le.value(theta - h)) / (2 * h);
      const d2F = (le.derivative(theta + h) - le.derivative(theta - h)) / (2 * h);
      assert.ok(Math.abs(dF - p.derivative) < 1e-7, `θ = ${theta}: ${dF} vs ${p.derivative}`);
      assert.ok(Math.abs(d2F - p.secondDerivative) < 1e-5, `θ = ${theta}: ${d2F} vs ${p.secondDerivative}`);
    }
  });

  it("kinked convex f: 0 ≤ F″ ≤ γ, max F″ grows toward γ with β while the difference quotient of f″ blows up", () => {
    const maxima: number[] = [];
    for (const beta of [10, 100, 1e4]) {
      const le = new LocalEntropy1d(kinked, { gamma: 1, beta, thetaRange: [-1, 0.5], lipschitz: kinkedLipschitz, pointsPerScale: 8 });
      const curve = le.curve(grid(-1, 0.5, 61));
      const tolerance = 1e-5; // quadrature error of F″ at 8 nodes per scale
      for (const v of curve.secondDerivative) assert.ok(v >= -tolerance && v <= 1 + tolerance, `β = ${beta}: F″ = ${v}`);
      maxima.push(Math.max(...curve.secondDerivative));
    }
    assert.ok(maxima[0] < maxima[1] && maxima[1] < maxima[2], `max F″ = ${maxima.join(", ")}`);
    assert.ok(maxima[2] > 0.98, `max F″ at β = 1e4: ${maxima[2]}`);
    // γ = 10: still within [0, γ].
    const wide = new LocalEntropy1d(kinked, { gamma: 10, beta: 100, thetaRange: [-1, 1], lipschitz: kinkedLipschitz, pointsPerScale: 8 });
    const c = wide.curve(grid(-1, 1, 81));
    assert.ok(Math.max(...c.secondDerivative) <= 10 && Math.min(...c.secondDerivative) >= -1e-5);
    // Meanwhile the second difference of f at its kink grows like (jump of f′)/h = 0.3/h.
    for (const h of [1e-2, 1e-3, 1e-4]) {
      const q = secondDifference(kinked, 0, h);
      assert.ok(Math.abs(q * h - 0.3) < 0.01, `h = ${h}: ${q}`);
    }
    assert.ok(Math.abs(secondDifference(quadratic, 0.7, 1e-3) - a) < 1e-6);
  });

  it("Moreau envelope: closed forms for a/2 θ² and ε|θ| (Huber), and a γ-Lipschitz derivative", () => {
    const gamma = 1.5;
    for (const theta of grid(-2, 2, 9)) {
      const q = moreauEnvelope(quadratic, gamma, theta, { radius: 3 });
      const k = (a * gamma) / (a + gamma);
      assert.ok(Math.abs(q.value - 0.5 * k * theta * theta) < 1e-12);
      assert.ok(Math.abs(q.derivative - k * theta) < 1e-7, `${q.derivative} vs ${k * theta}`);
      const huber = moreauEnvelope((t) => eps * Math.abs(t), gamma, theta, { radius: 1 });
      const expected = Math.abs(theta) <= eps / gamma ? 0.5 * gamma * theta * theta : eps * Math.abs(theta) - (eps * eps) / (2 * gamma);
      assert.ok(Math.abs(huber.value - expected) < 1e-12, `Huber(${theta}) = ${huber.value} vs ${expected}`);
    }
    const thetas = grid(-1.5, 1, 251);
    const derivative = thetas.map((t) => moreauEnvelope(kinked, gamma, t, { radius: 2 }).derivative);
    let steepest = 0;
    for (let i = 1; i < thetas.length; i++) {
      const slope = Math.abs(derivative[i] - derivative[i - 1]) / (thetas[i] - thetas[i - 1]);
      steepest = Math.max(steepest, slope);
    }
    assert.ok(steepest <= gamma * (1 + 1e-5), `max slope of M′ = ${steepest}`);
    assert.ok(steepest > 0.99 * gamma, "the slope γ is reached where the prox point sits on the kink");
  });

  it("F_γ tends to the Moreau envelope as β grows", () => {
    const thetas = [-1, -0.5, -0.2, 0.3];
    const gaps: number[] = [];
    for (const beta of [10, 100, 1e4]) {
      const le = new LocalEntropy1d(kinked, { gamma: 1, beta, thetaRange: [-1, 0.3], lipschitz: kinkedLipschitz, pointsPerScale: 8 });
      gaps.push(Math.max(...thetas.map((t) => Math.abs(le.derivative(t) - moreauEnvelope(kinked, 1, t, { radius: 2 }).derivative))));
    }
    assert.ok(gaps[0] > gaps[1] && gaps[1] > gaps[2] && gaps[2] < 1e-3, `gaps ${gaps.join(", ")}`);
  });

  it("rejects bad inputs with RangeErrors that name the argument and value", () => {
    const ok = { gamma: 1, beta: 1, thetaRange: [-1, 1] as [number, number] };
    assert.throws(
      () => new LocalEntropy1d(quadratic, { ...ok, gamma: 0 }),
      (e: unknown) => e instanceof RangeError && /gamma.*0/.test(e.message),
    );
    assert.throws(
      () => new LocalEntropy1d(quadratic, { ...ok, beta: -2 }),
      (e: unknown) => e instanceof RangeError && /beta.*-2/.test(e.message),
    );
    assert.throws(
      () => new LocalEntropy1d(quadratic, { ...ok, thetaRange: [1, -1] }),
      (e: unknown) => e instanceof RangeError && /thetaRange/.test(e.message),
    );
    assert.throws(
      () => new LocalEntropy1d(() => NaN, ok),
      (e: unknown) => e instanceof RangeError && /f\(.*NaN/.test(e.message),
    );
    assert.throws(
      () => new LocalEntropy1d(quadratic, { ...ok, beta: 1e9, lipschitz: 1 }),
      (e: unknown) => e instanceof RangeError && /maxPoints/.test(e.message),
    );
    const le = new LocalEntropy1d(quadratic, { ...ok, lipschitz: 2 });
    assert.throws(
      () => le.at(NaN),
      (e: unknown) => e instanceof RangeError && /theta.*NaN/.test(e.message),
    );
    assert.throws(
      () => le.at(100),
      (e: unknown) => e instanceof RangeError && /grid edge/.test(e.message),
    );
    assert.throws(
      () => moreauEnvelope(quadratic, -1, 0, { radius: 1 }),
      (e: unknown) => e instanceof RangeError && /gamma.*-1/.test(e.message),
    );
    assert.throws(
      () => moreauEnvelope((t) => -t, 1, 0, { radius: 0.5 }),
      (e: unknown) => e instanceof RangeError && /radius/.test(e.message),
    );
    assert.throws(
      () => secondDifference(quadratic, 0, 0),
      (e: unknown) => e instanceof RangeError && /h.*0/.test(e.message),
    );
  });
});
