// Each constant of lib/theory/bounds against an instance where it is attained, or against measured
// ratios that must lie below it (T1 closed forms, the quadratic–linear toy, 1-D quadrature, an exact
// SGD recursion).
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { adversarialMargins, meanAdversarialLossGradient } from "../../lib/losses/adversarial-linear";
import {
  ballRadius2,
  decompositionBound,
  interiorAttackLipschitz,
  interiorSmoothnessConstant,
  l2BoundaryAttackLipschitz,
  l2BoundaryLocalConstant,
  linearL2SmoothnessConstant,
  linearLinfGradientJump,
  linearLinfSmoothRegionConstant,
  localEntropyHessianInterval,
  localEntropySmoothnessConstant,
  priorGradientBound,
  priorLossBound,
  sgdConvergenceBound,
  sinhaSmoothnessConstant,
  steinRadius,
} from "../../lib/theory/bounds";
import { column, distance2, norm2, symmetricEigen } from "../../lib/core/linalg64";
import { LocalEntropy1d } from "../../lib/theory/local-entropy-1d";
import type { Norm } from "../../lib/core/norms";
import { QuadraticLinearToy } from "../../lib/theory/toy-quad-linear";

const d = 5;
const eps = 0.3;

function linearData(seed: number, n: number) {
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => rng.normalArray(d));
  const y = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
  return { rng, X, y, R: Math.max(...X.map(norm2)) };
}

function makeToy(overrides: Partial<{ mu: number; eps: number }> = {}) {
  const rng = new Rng(31);
  return new QuadraticLinearToy({ B: rng.normalArray(4 * 3), rows: 4, cols: 3, mu: 2, rho: 0.5, eps: 0.3, x: rng.normalArray(3), ...overrides });
}

function scaledTo(toy: QuadraticLinearToy, theta: Float64Array, inputNorm: number): Float64Array {
  const r = norm2(toy.inputDirection(theta));
  return theta.map((v) => (v * inputNorm) / r);
}

describe("theory/bounds (constants of P0, L1, T1–T3, T5, C1′)", () => {
  it("T1(a): the L2 bound ¼(R+ε)² + 2ε/max(‖w₁‖,‖w₂‖) dominates measured ratios on random pairs", () => {
    const { rng, X, y, R } = linearData(1, 30);
    let worst = 0;
    for (let trial = 0; trial < 300; trial++) {
      const w1 = rng.normalArray(d).map((v) => v * 10 ** (-3 * rng.uniform()));
      const w2 = trial % 2 === 0 ? rng.normalArray(d).map((v) => v * 10 ** (-3 * rng.uniform())) : w1.map((v) => v + 1e-3 * norm2(w1) * rng.normal());
      const ratio = distance2(meanAdversarialLossGradient(w1, X, y, eps, "l2"), meanAdversarialLossGradient(w2, X, y, eps, "l2")) / distance2(w1, w2);
      const bound = linearL2SmoothnessConstant(R, eps, norm2(w1), norm2(w2));
      assert.ok(ratio <= bound, `trial ${trial}: ${ratio} > ${bound}`);
      worst = Math.max(worst, ratio / bound);
    }
    assert.ok(worst > 0.1, `the bound is not vacuous: worst ratio/bound = ${worst}`);
    assert.equal(linearL2SmoothnessConstant(R, eps, 0, 0), Infinity);
    assert.equal(linearL2SmoothnessConstant(2, 0, 0, 0), 1);
  });

  it("T1(b): ¼(R+ε√d)² bounds ratios at a fixed sign pattern; across wᵢ = 0 the gradient jumps by 2ε·mean σ(uₙ)", () => {
    const { rng, X, y, R } = linearData(2, 30);
    const constant = linearLinfSmoothRegionConstant(R, eps, d);
    for (let trial = 0; trial < 200; trial++) {
      const w1 = rng.normalArray(d);
      const w2 = w1.map((v) => v * (0.2 + 2 * rng.uniform())); // same orthant
      const ratio = distance2(meanAdversarialLossGradient(w1, X, y, eps, "linf"), meanAdversarialLossGradient(w2, X, y, eps, "linf")) / distance2(w1, w2);
      assert.ok(ratio <= constant, `trial ${trial}: ${ratio} > ${constant}`);
    }
    const w = rng.normalArray(d);
    w[2] = 0;
    const h = 1e-9;
    const below = w.map((v, i) => (i === 2 ? -h : v));
    const above = w.map((v, i) => (i === 2 ? h : v));
    const measured = distance2(meanAdversarialLossGradient(below, X, y, eps, "linf"), meanAdversarialLossGradient(above, X, y, eps, "linf"));
    const jump = linearLinfGradientJump(eps, adversarialMargins(w, X, y, eps, "linf"));
    assert.ok(Math.abs(measured - jump) < 1e-7 * jump, `${measured} vs ${jump}`);
    assert.equal(linearLinfGradientJump(eps, 0), eps);
  });

  it("P0 and L1 on the toy: ‖Δ∇L_ε‖ ≤ L_θθ‖Δθ‖ + L_θx‖Δδ*‖ ≤ L_θθ‖Δθ‖ + 2·(ℓ2 ball radius)·L_θx", () => {
    const toy = makeToy({ mu: 0.2 });
    const rng = new Rng(3);
    const assumptions = toy.assumptions();
    for (const norm of ["l2", "linf"] as Norm[]) {
      const radius = ballRadius2(toy.eps, norm, toy.d);
      let closest = Infinity;
      for (let trial = 0; trial < 200; trial++) {
        const t1 = rng.normalArray(toy.m).map((v) => v * 0.3);
        const t2 = t1.map((v) => v + 10 ** (-4 * rng.uniform()) * rng.normal());
        const dTheta = distance2(t1, t2);
        const measured = distance2(toy.gradient(t1, norm), toy.gradient(t2, norm));
        const l1 = decompositionBound(assumptions, dTheta, distance2(toy.attack(t1, norm), toy.attack(t2, norm)));
        const p0 = priorGradientBound(assumptions, radius, dTheta);
        assert.ok(measured <= l1 * (1 + 1e-12) && l1 <= p0 * (1 + 1e-12), `${norm} trial ${trial}: ${measured}, ${l1}, ${p0}`);
        closest = Math.min(closest, l1 / measured);
      }
      assert.ok(closest < 1.5, `L1 is nearly attained somewhere (${norm}: ${closest})`);
    }
    assert.equal(priorLossBound(2, 0.5), 1);
    assert.equal(ballRadius2(0.1, "linf", 4), 0.2);
  });

  it("T2 is attained by the toy's interior; Sinha's Lemma-1 constant with penalty μ and L_xx = 0 is the same number", () => {
    const toy = makeToy();
    const theta = scaledTo(toy, new Rng(4).normalArray(toy.m), 0.5 * toy.mu * toy.eps);
    const a = toy.assumptions();
    const t2 = interiorSmoothnessConstant(a, toy.mu);
    const H = toy.hessian(theta, "l2");
    const top = symmetricEigen(H, toy.m);
    assert.ok(Math.abs(top.values[0] - t2) < 1e-12 * t2);
    // Finite-difference ratio along the top eigenvector (small enough h to stay in the interior).
    const v = column(top.vectors, toy.m, 0);
    const h = 1e-6;
    const moved = theta.map((x, i) => x + h * v[i]);
    const ratio = distance2(toy.gradient(moved, "l2"), toy.gradient(theta, "l2")) / h;
    assert.ok(Math.abs(ratio - t2) < 1e-8 * t2, `${ratio} vs ${t2}`);
    const attackRatio = distance2(toy.attack(moved, "l2"), toy.attack(theta, "l2")) / h;
    assert.ok(Math.abs(attackRatio - interiorAttackLipschitz(a.xTheta, toy.mu)) < 1e-8 * attackRatio);
    assert.ok(Math.abs(sinhaSmoothnessConstant(a, toy.mu, 0) - t2) < 1e-15 * t2);
    // A base loss with curvature +L_xx and penalty γ is the toy with μ = γ − L_xx.
    assert.ok(Math.abs(sinhaSmoothnessConstant(a, toy.mu + 0.7, 0.7) - t2) < 1e-12 * t2);
    assert.equal(sinhaSmoothnessConstant(a, 1, 1), Infinity);
  });

  it("T3 on the toy's L2 boundary: with L_xx = −μ it is the toy's constant (attained for û ⟂ top singular vector), with L_xx = μ an upper bound or Infinity", () => {
    const toy = makeToy();
    const a = toy.assumptions();
    const rng = new Rng(5);
    for (let trial = 0; trial < 30; trial++) {
      const theta = scaledTo(toy, rng.normalArray(toy.m), toy.mu * toy.eps * (1.01 + 5 * rng.uniform()));
      const g = toy.inputGradientNorm(theta, "l2");
      const exact = l2BoundaryLocalConstant(a, -toy.mu, toy.eps, g);
      assert.ok(Math.abs(exact - toy.localConstant(theta, "l2")) < 1e-12 * exact);
      const hessianNorm = symmetricEigen(toy.hessian(theta, "l2"), toy.m).values[0];
      assert.ok(hessianNorm <= exact * (1 + 1e-12));
      const lipschitzVersion = l2BoundaryLocalConstant(a, toy.mu, toy.eps, g);
      if (g > toy.eps * toy.mu) assert.ok(lipschitzVersion >= exact);
      else assert.equal(lipschitzVersion, Infinity);
      // The attack moves at most at the T3 rate.
      const v = rng.normalArray(toy.m);
      const unit = v.map((x) => x / norm2(v));
      const h = 1e-7;
      const moved =
        distance2(
          toy.attack(
            theta.map((x, i) => x + h * unit[i]),
            "l2",
          ),
          toy.attack(theta, "l2"),
        ) / h;
      assert.ok(moved <= l2BoundaryAttackLipschitz(a.xTheta, -toy.mu, toy.eps, g) * (1 + 1e-6));
    }
    // Attained: θ orthogonal to the top eigenvector of BBᵀ puts û orthogonal to B's top right singular vector.
    const a1 = column(symmetricEigen(toy.hessian(new Float64Array(toy.m), "l2"), toy.m).vectors, toy.m, 0);
    const raw = rng.normalArray(toy.m);
    const p = raw.reduce((s, x, i) => s + x * a1[i], 0);
    const theta = scaledTo(
      toy,
      raw.map((x, i) => x - p * a1[i]),
      2 * toy.mu * toy.eps,
    );
    const bound = l2BoundaryLocalConstant(a, -toy.mu, toy.eps, toy.inputGradientNorm(theta, "l2"));
    assert.ok(Math.abs(symmetricEigen(toy.hessian(theta, "l2"), toy.m).values[0] - bound) < 1e-12 * bound);
    // Flatter input (smaller ‖∇ₓℓ‖) gives a larger constant (C4).
    assert.ok(l2BoundaryLocalConstant(a, 0, 0.3, 0.1) > l2BoundaryLocalConstant(a, 0, 0.3, 1));
    assert.equal(l2BoundaryAttackLipschitz(1, 1, 0.3, 0.3), Infinity);
  });

  it("T5: the Stein radius is attained for constant f and bounds E|θ′ − θ|² for a Lipschitz f; the smoothness constant bounds |F″|", () => {
    for (const [gamma, beta] of [
      [1, 3],
      [2, 50],
    ]) {
      const flat = new LocalEntropy1d(() => 0, { gamma, beta, thetaRange: [0, 0] }).at(0);
      const s = steinRadius(beta, gamma, 0, 1);
      assert.ok(Math.abs(flat.variance - s * s) < 1e-12 * s * s);
      const interval = localEntropyHessianInterval(beta, gamma, { convex: false, lipschitz: 0, dimension: 1 });
      assert.ok(Math.abs(flat.secondDerivative - interval.lower) < 1e-10 && interval.upper === gamma);
    }
    // A non-convex G-Lipschitz f: G|sin(3θ)|/3 + the kinked AT loss.
    const G = 1 + 1.3;
    const f = (t: number) => Math.abs(Math.sin(3 * t)) / 3 + Math.log1p(Math.exp(-t + 0.3 * Math.abs(t)));
    for (const [gamma, beta] of [
      [1, 10],
      [1, 300],
      [4, 30],
    ]) {
      const le = new LocalEntropy1d(f, { gamma, beta, thetaRange: [-2, 2], lipschitz: G, pointsPerScale: 8 });
      const s = steinRadius(beta, gamma, G, 1);
      const constant = localEntropySmoothnessConstant(beta, gamma, G, 1);
      let largest = 0;
      for (let k = 0; k <= 80; k++) {
        const p = le.at(-2 + k * 0.05);
        const spread = p.variance + (p.mean - p.theta) ** 2;
        assert.ok(spread <= s * s, `E|θ′ − θ|² = ${spread} > s² = ${s * s}`);
        assert.ok(p.secondDerivative <= gamma * (1 + 1e-6));
        largest = Math.max(largest, Math.abs(p.secondDerivative));
      }
      assert.ok(largest <= constant, `max |F″| = ${largest} > ${constant}`);
    }
    assert.deepEqual(localEntropyHessianInterval(2, 3, { convex: true }), { lower: 0, upper: 3 });
  });

  it("C1′: the Ghadimi–Lan bound dominates the exact mean squared gradient of SGD on a noisy quadratic", () => {
    // F = (b/2)θ², stochastic gradient bθ + ξ with Var ξ = σ². E θ²ₜ₊₁ = (1 − ηb)² E θ²ₜ + η²σ² exactly.
    const b = 3;
    const sigma2 = 0.5;
    const theta0 = 2;
    for (const eta of [1 / b, 0.1, 0.01]) {
      const steps = 200;
      let second = theta0 * theta0;
      let sum = 0;
      for (let t = 0; t < steps; t++) {
        sum += b * b * second;
        second = (1 - eta * b) ** 2 * second + eta * eta * sigma2;
      }
      const bound = sgdConvergenceBound({ initialGap: 0.5 * b * theta0 * theta0, stepSize: eta, steps, smoothness: b, gradientVariance: sigma2 });
      assert.ok(sum / steps <= bound, `η = ${eta}: ${sum / steps} > ${bound}`);
    }
    assert.throws(
      () => sgdConvergenceBound({ initialGap: 1, stepSize: 1, steps: 10, smoothness: 3, gradientVariance: 0 }),
      (e: unknown) => e instanceof RangeError && /stepSize.*1/.test(e.message),
    );
  });

  it("rejects bad inputs with RangeErrors that name the argument and value", () => {
    const a = { thetaTheta: 1, thetaX: 1, xTheta: 1 };
    assert.throws(
      () => priorGradientBound(a, -1, 1),
      (e: unknown) => e instanceof RangeError && /eps.*-1/.test(e.message),
    );
    assert.throws(
      () => priorGradientBound({ thetaTheta: NaN, thetaX: 1 }, 1, 1),
      (e: unknown) => e instanceof RangeError && /thetaTheta.*NaN/.test(e.message),
    );
    assert.throws(
      () => interiorSmoothnessConstant(a, 0),
      (e: unknown) => e instanceof RangeError && /mu.*0/.test(e.message),
    );
    assert.throws(
      () => steinRadius(0, 1, 1, 1),
      (e: unknown) => e instanceof RangeError && /beta.*0/.test(e.message),
    );
    assert.throws(
      () => steinRadius(1, -1, 1, 1),
      (e: unknown) => e instanceof RangeError && /gamma.*-1/.test(e.message),
    );
    assert.throws(
      () => steinRadius(1, 1, 1, 1.5),
      (e: unknown) => e instanceof RangeError && /dimension.*1\.5/.test(e.message),
    );
    assert.throws(
      () => linearLinfSmoothRegionConstant(1, 0.1, 0),
      (e: unknown) => e instanceof RangeError && /dimension.*0/.test(e.message),
    );
    assert.throws(
      () => linearLinfGradientJump(0.1, [0, NaN]),
      (e: unknown) => e instanceof RangeError && /margin\[1\].*NaN/.test(e.message),
    );
  });
});
