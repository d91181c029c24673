// Oracles for the toy's sweeps: the geometry they rely on (‖Bᵀθ‖ as asked, a₁ and its orthogonal
// complement), the measured Hessian norms against the regime formulas (equal where the theory says
// the bound is attained, strictly below where it is not), and Sinha's penalised problem.
import { strict as assert } from "assert";
import { matTVec, norm2 } from "../../lib/core/linalg64";
import { Rng } from "../../lib/core/rng";
import { interiorAttackLipschitz, l2BoundaryAttackLipschitz } from "../../lib/theory/bounds";
import { QuadraticLinearToy } from "../../lib/theory/toy-quad-linear";
import { attackSpeed, constantProfile, flatDirection, penaltyComparison, steepestDirection, thetaWithInputNorm } from "../../lib/theory/toy-studies";

const m = 4;
const d = 3;

function makeToy(mu: number, seed = 3): QuadraticLinearToy {
  const rng = new Rng(seed);
  return new QuadraticLinearToy({ B: rng.normalArray(m * d), rows: m, cols: d, mu, rho: 0.5, eps: 0.4, x: rng.normalArray(d) });
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.abs(b);

describe("theory/toy-studies (float64)", () => {
  const toy = makeToy(2);
  const edge = toy.mu * toy.eps;

  it("θ is placed at the asked ‖Bᵀθ‖; a₁ is where u grows fastest; the flat direction is a unit vector ⟂ a₁", () => {
    const direction = new Rng(1).normalArray(m);
    assert.ok(close(norm2(matTVec(toy.B, m, d, thetaWithInputNorm(toy, direction, 2.5))), 2.5, 1e-14));
    const a1 = steepestDirection(toy);
    assert.ok(close(norm2(matTVec(toy.B, m, d, a1)), toy.operatorNorm, 1e-12));
    const flat = flatDirection(toy, 4);
    assert.ok(close(norm2(flat), 1, 1e-14));
    assert.ok(Math.abs(flat.reduce((s, v, i) => s + v * a1[i], 0)) < 1e-14);
    assert.throws(() => thetaWithInputNorm(toy, direction, 0), /inputNorm must be > 0/);
  });

  it("inside, the measured Hessian norm is T2's ρ + ‖B‖²/μ; on the L2 sphere along the flat direction it is T3's ρ + ε‖B‖²/‖u‖", () => {
    const radii = [0.2 * edge, 0.9 * edge, 1.5 * edge, 10 * edge];
    const rows = constantProfile(toy, flatDirection(toy, 0), radii, "l2");
    assert.deepEqual(
      rows.map((r) => r.regime),
      ["interior", "interior", "l2-boundary", "l2-boundary"],
    );
    for (const row of rows) assert.ok(close(row.measured, row.formula, 1e-8), `‖u‖ = ${row.inputNorm}: ${row.measured} vs ${row.formula}`);
    assert.ok(close(rows[0].formula, toy.rho + toy.operatorNorm ** 2 / toy.mu, 1e-14));
    assert.ok(close(rows[3].inputGradientNorm, 10 * edge - edge, 1e-12));
  });

  it("along a generic ray the boundary formula is an upper bound, strictly above the measured norm; under L∞ they are equal", () => {
    const direction = new Rng(8).normalArray(m);
    const [row] = constantProfile(toy, direction, [3 * edge], "l2");
    assert.ok(row.measured < row.formula * (1 - 1e-3), `${row.measured} vs ${row.formula}`);
    for (const r of constantProfile(toy, direction, [0.5 * edge, 1.3 * edge, 6 * edge], "linf")) {
      assert.ok(close(r.measured, r.formula, 1e-8), `${r.regime}: ${r.measured} vs ${r.formula}`);
    }
  });

  it("near the cone point u = 0 (μ = 0) the step shrinks with ‖u‖, so the measured curvature ε‖B‖²/‖u‖ stays exact", () => {
    const cone = makeToy(0);
    for (const row of constantProfile(cone, flatDirection(cone), [1e-3, 1e-2, 1], "l2")) {
      assert.ok(close(row.measured, row.formula, 1e-8), `‖u‖ = ${row.inputNorm}: ${row.measured} vs ${row.formula}`);
    }
  });

  it("near a regime change the difference step shrinks so both sides stay in one piece, and exactly on it the sweep refuses", () => {
    const [row] = constantProfile(toy, flatDirection(toy), [edge * (1 + 1e-6)], "l2");
    assert.ok(row.step < 1e-6 * edge && close(row.measured, row.formula, 1e-5));
    assert.throws(() => constantProfile(toy, flatDirection(toy), [edge], "l2"), /regime change/);
  });

  it("Sinha's penalised toy: measured = T2 with concavity μ + γ ≤ Lemma 1's constant, which is Infinity for γ ≤ μ and exact when μ = 0", () => {
    const theta = new Rng(2).normalArray(m);
    const rows = penaltyComparison(toy, theta, [1, 2, 3, 10]);
    for (const row of rows) assert.ok(close(row.measured, row.interior, 1e-8));
    assert.equal(rows[0].sinha, Infinity);
    assert.equal(rows[1].sinha, Infinity);
    assert.ok(rows[2].sinha > rows[2].measured && close(rows[2].sinha, toy.rho + toy.operatorNorm ** 2 / (3 - 2), 1e-14));
    const linear = makeToy(0);
    for (const row of penaltyComparison(linear, theta, [0.5, 4])) assert.ok(close(row.sinha, row.measured, 1e-8));
  });

  it("the attack moves at T2's ‖B‖/μ along a₁ inside, and at most T3's ε‖B‖/‖u‖ on the L2 sphere", () => {
    const a1 = steepestDirection(toy);
    const inside = thetaWithInputNorm(toy, a1, 0.3 * edge);
    assert.ok(close(attackSpeed(toy, inside, a1, 1e-6, "l2"), interiorAttackLipschitz(toy.operatorNorm, toy.mu), 1e-8));
    const flat = flatDirection(toy, 5);
    const outside = thetaWithInputNorm(toy, flat, 4 * edge);
    const bound = l2BoundaryAttackLipschitz(toy.operatorNorm, -toy.mu, toy.eps, toy.inputGradientNorm(outside, "l2"));
    assert.ok(close(bound, (toy.eps * toy.operatorNorm) / (4 * edge), 1e-12));
    // Along a₁ (⟂ the flat θ, so it turns û within the sphere at the full rate): the bound is attained.
    assert.ok(close(attackSpeed(toy, outside, a1, 1e-7, "l2"), bound, 1e-5));
    for (let k = 0; k < 5; k++) assert.ok(attackSpeed(toy, outside, new Rng(k).normalArray(m), 1e-7, "l2") <= bound * (1 + 1e-5));
  });
});
