// Oracles for the quadratic–linear toy: projected gradient ascent on δ, finite differences of the loss
// and of the Danskin gradient, and continuity where the regimes meet.
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { column, matTVec, matVec, norm2, relativeMaxError, spectralNorm, symmetricEigen } from "../../lib/core/linalg64";
import type { Norm } from "../../lib/core/norms";
import { finiteDifferenceHessian } from "../../lib/theory/finite-differences";
import { QuadraticLinearToy } from "../../lib/theory/toy-quad-linear";

const m = 4;
const d = 3;
const mu = 2;
const rho = 0.5;
const eps = 0.3;

function makeToy(seed = 7, overrides: Partial<{ mu: number; rho: number; eps: number }> = {}) {
  const rng = new Rng(seed);
  return new QuadraticLinearToy({ B: rng.normalArray(m * d), rows: m, cols: d, mu, rho, eps, x: rng.normalArray(d), ...overrides });
}

/** θ along `direction` scaled so that ‖Bᵀθ‖₂ = target. */
function withInputNorm(toy: QuadraticLinearToy, direction: Float64Array, target: number): Float64Array {
  const r = norm2(toy.inputDirection(direction));
  return direction.map((v) => (v * target) / r);
}

function projectedAscent(toy: QuadraticLinearToy, theta: Float64Array, norm: Norm): Float64Array {
  let delta = new Float64Array(d);
  const step = 0.5 / toy.mu;
  for (let k = 0; k < 2000; k++) {
    const g = toy.innerGradient(theta, delta);
    const next = delta.map((v, i) => v + step * g[i]);
    if (norm === "l2") {
      const r = norm2(next);
      delta = r > toy.eps ? next.map((v) => (v * toy.eps) / r) : next;
    } else {
      delta = next.map((v) => Math.min(toy.eps, Math.max(-toy.eps, v)));
    }
  }
  return delta;
}

describe("theory/toy-quad-linear (T2–T4 toy, float64)", () => {
  const toy = makeToy();
  const rng = new Rng(99);
  const base = rng.normalArray(m);
  const edge = mu * eps;
  const interior = withInputNorm(toy, base, 0.5 * edge);
  const boundary = withInputNorm(toy, base, 3 * edge);

  it("linalg64: Jacobi eigenvalues reproduce the matrix and the spectral norm matches Bᵀ's", () => {
    const A = new Rng(5).normalArray(m * m);
    const S = A.map((_, k) => A[k] + A[(k % m) * m + Math.floor(k / m)]);
    const { values, vectors } = symmetricEigen(S, m);
    for (let k = 0; k < m; k++) {
      const vk = column(vectors, m, k);
      const Sv = matVec(S, m, m, vk);
      assert.ok(
        relativeMaxError(
          Sv,
          vk.map((x) => x * values[k]),
        ) < 1e-12,
      );
    }
    for (let k = 1; k < m; k++) assert.ok(values[k] <= values[k - 1]);
    const Bt = new Float64Array(d * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) Bt[j * m + i] = toy.B[i * d + j];
    assert.ok(Math.abs(spectralNorm(Bt, d, m) - toy.operatorNorm) < 1e-12 * toy.operatorNorm);
  });

  it("regimes are classified from ‖u‖ and |uᵢ| against με", () => {
    assert.equal(toy.regime(interior, "l2"), "interior");
    assert.equal(toy.regime(boundary, "l2"), "l2-boundary");
    assert.equal(toy.regime(withInputNorm(toy, base, 0.1 * edge), "linf"), "interior");
    assert.equal(toy.regime(withInputNorm(toy, base, 100 * edge), "linf"), "linf-vertex");
  });

  for (const norm of ["l2", "linf"] as Norm[]) {
    it(`${norm}: closed-form δ* equals projected gradient ascent on δ (2000 steps)`, () => {
      const local = new Rng(3);
      for (let trial = 0; trial < 12; trial++) {
        const theta = local.normalArray(m).map((v) => v * 10 ** (local.uniform() * 2 - 1.5));
        const closed = toy.attack(theta, norm);
        const ascent = projectedAscent(toy, theta, norm);
        assert.ok(relativeMaxError(ascent, closed) < 1e-9 || norm2(closed) < 1e-12, `trial ${trial}`);
        const lc = toy.loss(theta, norm);
        assert.ok(Math.abs(toy.innerLoss(theta, ascent) - lc) <= 1e-12 * Math.max(1, Math.abs(lc)));
      }
    });

    it(`${norm}: Danskin's gradient equals central differences of the adversarial loss`, () => {
      const local = new Rng(4);
      for (let trial = 0; trial < 6; trial++) {
        const theta = local.normalArray(m).map((v) => v * 0.5);
        const g = toy.gradient(theta, norm);
        const h = 1e-6;
        const fd = theta.map((_, i) => {
          const plus = Float64Array.from(theta);
          const minus = Float64Array.from(theta);
          plus[i] += h;
          minus[i] -= h;
          return (toy.loss(plus, norm) - toy.loss(minus, norm)) / (2 * h);
        });
        assert.ok(relativeMaxError(fd, g) < 1e-8, `trial ${trial}: ${fd} vs ${g}`);
      }
    });
  }

  it("interior: the finite-difference Hessian equals ρI + BBᵀ/μ", () => {
    const H = toy.hessian(interior, "l2");
    assert.ok(
      relativeMaxError(
        finiteDifferenceHessian((t) => toy.gradient(t, "l2"), interior, 1e-4),
        H,
      ) < 1e-8,
    );
    assert.ok(relativeMaxError(toy.hessian(interior, "linf"), H) < 1e-15, "L∞ interior is the same regime");
    assert.equal(toy.inputGradientNorm(interior, "l2"), 0);
    assert.ok(Math.abs(toy.localConstant(interior, "l2") - symmetricEigen(H, m).values[0]) < 1e-12 * toy.localConstant(interior, "l2"));
  });

  it("L2 boundary: the finite-difference Hessian equals ρI + εB(I − ûûᵀ)Bᵀ/‖u‖", () => {
    const H = toy.hessian(boundary, "l2");
    const err = relativeMaxError(
      finiteDifferenceHessian((t) => toy.gradient(t, "l2"), boundary, 1e-5),
      H,
    );
    assert.ok(err < 1e-8, `relative error ${err}`);
    const u = toy.inputDirection(boundary);
    assert.ok(Math.abs(toy.inputGradientNorm(boundary, "l2") - (norm2(u) - mu * eps)) < 1e-14);
    // The local constant bounds the Hessian's norm, with equality when û ⟂ B's top right singular vector.
    const constant = toy.localConstant(boundary, "l2");
    assert.ok(symmetricEigen(H, m).values[0] <= constant * (1 + 1e-12));
    const a1 = column(symmetricEigen(toy.hessian(interior, "l2"), m).vectors, m, 0); // top eigenvector of BBᵀ
    const proj = base.reduce((s, v, i) => s + v * a1[i], 0);
    const orthogonal = withInputNorm(
      toy,
      base.map((v, i) => v - proj * a1[i]),
      3 * edge,
    );
    const tight = symmetricEigen(toy.hessian(orthogonal, "l2"), m).values[0];
    assert.ok(Math.abs(tight - toy.localConstant(orthogonal, "l2")) < 1e-12 * tight);
  });

  it("L∞ faces and vertices: the finite-difference Hessian equals ρI + (1/μ)Σ_free bᵢbᵢᵀ away from kinks", () => {
    const local = new Rng(8);
    const seen = new Set<string>();
    for (let trial = 0; trial < 40 && seen.size < 3; trial++) {
      const theta = withInputNorm(toy, local.normalArray(m), edge * 10 ** (local.uniform() * 1.5 - 0.5));
      if (toy.kinkDistance(theta, "linf") < 1e-3) continue;
      const H = toy.hessian(theta, "linf");
      const err = relativeMaxError(
        finiteDifferenceHessian((t) => toy.gradient(t, "linf"), theta, 1e-6),
        H,
      );
      assert.ok(err < 1e-8, `${toy.regime(theta, "linf")}: relative error ${err}`);
      assert.ok(Math.abs(toy.localConstant(theta, "linf") - symmetricEigen(H, m).values[0]) < 1e-12 * toy.localConstant(theta, "linf"));
      seen.add(toy.regime(theta, "linf"));
    }
    assert.deepEqual([...seen].sort(), ["interior", "linf-face", "linf-vertex"]);
    // A vertex has constant ρ = L_θθ (T4(a)).
    assert.equal(toy.localConstant(withInputNorm(toy, base, 100 * edge), "linf"), rho);
  });

  it("the regimes agree where they meet (‖u‖ = με for L2, |uᵢ| = με for L∞)", () => {
    const meet = withInputNorm(toy, base, edge);
    const u = toy.inputDirection(meet);
    const r = norm2(u);
    const inside = u.map((v) => v / mu);
    const onSphere = u.map((v) => (eps * v) / r);
    assert.ok(relativeMaxError(inside, onSphere) < 1e-14);
    const tau = 1e-9;
    const below = meet.map((v) => v * (1 - tau));
    const above = meet.map((v) => v * (1 + tau));
    assert.equal(toy.regime(below, "l2"), "interior");
    assert.equal(toy.regime(above, "l2"), "l2-boundary");
    assert.ok(relativeMaxError(toy.gradient(below, "l2"), toy.gradient(above, "l2")) < 1e-8);
    assert.ok(Math.abs(toy.localConstant(below, "l2") - toy.localConstant(above, "l2")) < 1e-7 * toy.localConstant(above, "l2"));
    // The Hessians differ only along Bû: on vectors orthogonal to Bû they agree.
    const Hin = toy.hessian(below, "l2");
    const Hb = toy.hessian(above, "l2");
    const Bu = matVec(toy.B, m, d, u);
    const z = new Rng(12).normalArray(m);
    const c = z.reduce((s, v, i) => s + v * Bu[i], 0) / Bu.reduce((s, v) => s + v * v, 0);
    const zPerp = z.map((v, i) => v - c * Bu[i]);
    assert.ok(relativeMaxError(matVec(Hin, m, m, zPerp), matVec(Hb, m, m, zPerp)) < 1e-7);
    // L∞: put coordinate 0 exactly on |u₀| = με.
    const theta = withInputNorm(toy, base, edge);
    const u0 = toy.inputDirection(theta)[0];
    const scaled = theta.map((v) => (v * edge) / Math.abs(u0));
    const dLow = toy.attack(
      scaled.map((v) => v * (1 - tau)),
      "linf",
    );
    const dHigh = toy.attack(
      scaled.map((v) => v * (1 + tau)),
      "linf",
    );
    assert.ok(Math.abs(dLow[0] - dHigh[0]) < 1e-8);
    assert.ok(Math.abs(Math.abs(toy.attack(scaled, "linf")[0]) - eps) < 1e-15);
  });

  it("μ = 0: L_ε is uᵀx + ε‖u‖₂ (L2) or uᵀx + ε‖u‖₁ (L∞) plus ρ/2‖θ‖²: T1's structure", () => {
    const flat = makeToy(7, { mu: 0 });
    const theta = new Rng(21).normalArray(m);
    const u = matTVec(flat.B, m, d, theta);
    const common = u.reduce((s, v, j) => s + v * flat.x[j], 0) + 0.5 * rho * theta.reduce((s, v) => s + v * v, 0);
    assert.ok(Math.abs(flat.loss(theta, "l2") - (common + eps * norm2(u))) < 1e-12);
    assert.ok(Math.abs(flat.loss(theta, "linf") - (common + eps * u.reduce((s, v) => s + Math.abs(v), 0))) < 1e-12);
    assert.throws(() => flat.hessian(new Float64Array(m), "l2"), RangeError);
    assert.equal(flat.localConstant(theta, "linf"), rho);
    // ε = 0: no attack, the clean quadratic with Hessian ρI everywhere (also at u = 0).
    const clean = makeToy(7, { eps: 0 });
    for (const norm of ["l2", "linf"] as Norm[]) {
      assert.deepEqual(Array.from(clean.attack(new Float64Array(m), norm)), [0, 0, 0]);
      assert.ok(
        relativeMaxError(
          clean.hessian(new Float64Array(m), norm),
          Float64Array.from({ length: m * m }, (_, k) => (k % (m + 1) === 0 ? rho : 0)),
        ) === 0,
      );
      assert.equal(clean.localConstant(theta, norm), rho);
    }
  });

  it("crossing a switching hyperplane: L∞'s gradient jumps by 2ε‖b_j‖ at every h, L2's change vanishes with h; measured ≤ L1 ≤ P0", () => {
    const flat = makeToy(7, { mu: 0 });
    const steps = [1e-1, 1e-2, 1e-3, 1e-4];
    const bj = norm2(Array.from({ length: m }, (_, i) => flat.B[i * d]));
    const linf = flat.hyperplaneCrossing([0.7, -0.4, 0.9, 0.2], 0, steps, "linf");
    const l2 = flat.hyperplaneCrossing([0.7, -0.4, 0.9, 0.2], 0, steps, "l2");
    for (const row of linf) {
      assert.ok(Math.abs(row.attackMove - 2 * eps) < 1e-9, `δ*₀ flips from −ε to +ε at h = ${row.h}: moved ${row.attackMove}`);
      assert.ok(Math.abs(row.gradientChange - 2 * eps * bj) <= rho * row.h + 1e-9, `jump 2ε‖b₀‖ = ${2 * eps * bj}, got ${row.gradientChange}`);
    }
    assert.ok(l2[3].gradientChange < 1e-2 * l2[0].gradientChange, "the L2 change shrinks with h");
    for (const row of [...linf, ...l2])
      assert.ok(row.gradientChange <= row.decompositionBound * (1 + 1e-12) && row.decompositionBound <= row.priorBound * (1 + 1e-12));
    assert.throws(() => flat.hyperplaneCrossing([0, 0, 0, 0], 3, steps, "linf"), /column must be an integer in \[0, 3\), got 3/);
  });

  it("rejects bad inputs with RangeErrors that name the argument and value", () => {
    const B = new Float64Array(m * d);
    assert.throws(
      () => new QuadraticLinearToy({ B, rows: m, cols: d, mu: -1, rho, eps }),
      (e: unknown) => e instanceof RangeError && /mu.*-1/.test(e.message),
    );
    assert.throws(
      () => new QuadraticLinearToy({ B, rows: m, cols: d, mu, rho: NaN, eps }),
      (e: unknown) => e instanceof RangeError && /rho.*NaN/.test(e.message),
    );
    assert.throws(
      () => new QuadraticLinearToy({ B, rows: m, cols: d, mu, rho, eps: -0.5 }),
      (e: unknown) => e instanceof RangeError && /eps.*-0\.5/.test(e.message),
    );
    assert.throws(
      () => new QuadraticLinearToy({ B: new Float64Array(5), rows: m, cols: d, mu, rho, eps }),
      (e: unknown) => e instanceof RangeError && /B.*length 12.*length 5/.test(e.message),
    );
    assert.throws(
      () => toy.gradient(new Float64Array(3), "l2"),
      (e: unknown) => e instanceof RangeError && /theta.*length 4.*length 3/.test(e.message),
    );
    assert.throws(
      () => toy.attack(Float64Array.of(1, 2, NaN, 0), "l2"),
      (e: unknown) => e instanceof RangeError && /theta\[2\].*NaN/.test(e.message),
    );
    assert.throws(
      () => toy.loss(interior, "l1" as Norm),
      (e: unknown) => e instanceof RangeError && /norm.*l1/.test(e.message),
    );
  });
});
