// Oracles for F2's sweep: the closed forms against T1's optimal attack of lib/losses (an independent
// implementation) and against a brute-force search of the ball's boundary, and the geometry the notebook
// asserts: L2 optima 2ε·sin(π/steps) apart at every step, L∞ optima jumping by exactly 2ε four times.
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { optimalAttack } from "../../lib/losses/adversarial-linear";
import { attackSweep, linearizedOptimalAttack } from "../../lib/theory/attack-sweep";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe("theory/attack-sweep (F2, float64)", () => {
  it("δ* equals T1's optimal attack with w = g and y = −1, in any dimension", () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const g = rng.normalArray(1 + (trial % 7));
      for (const norm of ["l2", "linf"] as const) {
        const ours = linearizedOptimalAttack(g, 0.3, norm);
        const t1 = optimalAttack(Float64Array.from(g), -1, 0.3, norm);
        ours.forEach((v, i) => assert.ok(Math.abs(v - t1[i]) < 1e-15, `${norm} coordinate ${i}: ${v} vs ${t1[i]}`));
      }
    }
  });

  it("δ* maximises gᵀδ: no point of a fine grid on the ball's boundary does better", () => {
    const rng = new Rng(5);
    const eps = 0.7;
    for (let trial = 0; trial < 10; trial++) {
      const g = rng.normalArray(2);
      for (const norm of ["l2", "linf"] as const) {
        const best = dot(g, linearizedOptimalAttack(g, eps, norm));
        for (let k = 0; k < 3600; k++) {
          const a = (2 * Math.PI * k) / 3600;
          // A boundary point of the circle, or of the square (the ray scaled until ‖·‖∞ = ε).
          const scale = norm === "l2" ? eps : eps / Math.max(Math.abs(Math.cos(a)), Math.abs(Math.sin(a)));
          assert.ok(dot(g, [scale * Math.cos(a), scale * Math.sin(a)]) <= best + 1e-12, `${norm}: angle ${a} beats δ*`);
        }
      }
    }
  });

  it("ties: δ* = 0 where the maximiser is not unique", () => {
    assert.deepEqual(Array.from(linearizedOptimalAttack([0, 0], 1, "l2")), [0, 0]);
    assert.deepEqual(Array.from(linearizedOptimalAttack([0, -2], 1, "linf")), [0, -1]);
    assert.ok(Object.is(linearizedOptimalAttack([-0, 1], 1, "linf")[0], 0), "no −0");
  });

  it("the sweep: L2 on the circle, moving 2ε·sin(π/steps) every step; L∞ on the vertices, jumping 2ε exactly four times", () => {
    const eps = 0.5;
    for (const steps of [4, 8, 72, 1000]) {
      const rows = attackSweep(eps, steps);
      assert.equal(rows.length, 2 * steps);
      const l2 = rows.filter((r) => r.norm === "l2");
      const linf = rows.filter((r) => r.norm === "linf");
      for (const r of l2) {
        assert.ok(Math.abs(Math.hypot(r.delta1, r.delta2) - eps) < 1e-14, "on the circle");
        assert.ok(Math.abs(r.delta1 - eps * Math.cos(r.angle)) < 1e-14 && Math.abs(r.delta2 - eps * Math.sin(r.angle)) < 1e-14, "along g");
        assert.ok(Math.abs(r.move - 2 * eps * Math.sin(Math.PI / steps)) < 1e-14, `L2 move ${r.move} at ${steps} steps`);
      }
      for (const r of linf) {
        assert.ok(Math.abs(Math.abs(r.delta1) - eps) < 1e-15 && Math.abs(Math.abs(r.delta2) - eps) < 1e-15, "a vertex");
        const expected = [1, 2, 3, 4].map((q) => [q === 1 || q === 4 ? eps : -eps, q <= 2 ? eps : -eps]);
        assert.deepEqual([r.delta1, r.delta2], expected[r.quarter - 1], `quarter ${r.quarter}`);
      }
      const jumps = linf.filter((r) => r.move > 0);
      assert.equal(jumps.length, 4, `${steps} steps: four jumps`);
      jumps.forEach((r) => assert.ok(Math.abs(r.move - 2 * eps) < 1e-15, `jump ${r.move}`));
      // Each jump happens at the first step of a new quarter.
      jumps.forEach((r) => assert.notEqual(linf[(r.step + steps - 1) % steps].quarter, r.quarter));
    }
  });

  it("rejects bad arguments", () => {
    assert.throws(() => attackSweep(0.5, 3), /steps must be an integer ≥ 4/);
    assert.throws(() => attackSweep(0.5, 7), /steps must be a multiple of 4/);
    assert.throws(() => attackSweep(-1, 8), /eps must be ≥ 0/);
    assert.throws(() => linearizedOptimalAttack([1, NaN], 1, "l2"), /g/);
    assert.throws(() => linearizedOptimalAttack([1], 1, "l1" as "l2"), /norm must be one of/);
  });
});
