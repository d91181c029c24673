// F2 (notebook 04) in float64: the optimal attack of a linearised loss on a 2-D input as the input
// gradient turns once around. For ℓ(x + δ) ≈ ℓ(x) + gᵀδ the optimum over the ball is [Standard result:
// Hölder's inequality, equality case]
//     L2:  δ* = ε g/‖g‖₂     (on the circle of radius ε, turning with g),
//     L∞:  δ* = ε sign(g)    (a vertex of the square, constant while the signs of g are),
// which for the binary linear model of T1 (g ∝ −y w) is exactly δ* of T1. Sweeping g = (cos φ, sin φ)
// through φ ∈ [0, 2π) — one parameter, the angle of w — the L2 optimum slides: consecutive optima
// 2π/steps apart are 2ε sin(π/steps) apart, at every step. The L∞ optimum stays put and jumps by 2ε
// (one coordinate from −ε to +ε) at the four steps where φ crosses an axis [Derived here; notebook 04].
import { assertInteger, assertNonNegative, assertOneOf } from "../core/validate";
import { assertFiniteVector, distance2, norm2 } from "../core/linalg64";
import { NORMS, type Norm } from "../core/norms";

/**
 * δ* = argmax_{‖δ‖_p ≤ ε} gᵀδ: ε g/‖g‖₂ (L2) or ε sign(g) (L∞). Where the maximiser is not unique
 * (g = 0 for L2; gᵢ = 0, coordinate i, for L∞) the minimum-norm choice 0 is returned.
 */
export function linearizedOptimalAttack(g: ArrayLike<number>, eps: number, norm: Norm): Float64Array {
  assertFiniteVector("g", g);
  assertNonNegative("eps", eps);
  assertOneOf("norm", norm, NORMS);
  const out = new Float64Array(g.length);
  if (norm === "l2") {
    const r = norm2(g);
    if (r > 0) for (let i = 0; i < g.length; i++) out[i] = (eps * g[i]) / r;
    return out;
  }
  // `+ 0` turns −0 into 0 so that a tie prints and compares as a plain zero.
  for (let i = 0; i < g.length; i++) out[i] = eps * Math.sign(g[i]) + 0;
  return out;
}

/** One step of the sweep under one norm. */
export type AttackSweepRow = {
  readonly step: number;
  /** φ in radians, in (0, 2π). */
  readonly angle: number;
  readonly norm: Norm;
  /** The quarter of the circle φ lies in: 1 for (0, π/2), …, 4 for (3π/2, 2π). */
  readonly quarter: number;
  /** δ* = (delta1, delta2) at g = (cos φ, sin φ). */
  readonly delta1: number;
  readonly delta2: number;
  /** ‖δ*(φ_k) − δ*(φ_{k−1})‖₂, the first step compared with the last (the sweep is closed). */
  readonly move: number;
};

/**
 * The F2 sweep: `steps` (a multiple of 4) gradient directions g = (cos φ_k, sin φ_k) with
 * φ_k = 2π(k + ½)/steps (the half step keeps every φ off the axes, where the L∞ optimum is not unique),
 * δ* under each norm, and how far it moved from the previous direction. Rows: every step under "l2", then every step under "linf".
 */
export function attackSweep(eps: number, steps: number): AttackSweepRow[] {
  assertNonNegative("eps", eps);
  assertInteger("steps", steps, 4);
  // With steps = 4n, 2π(k + ½)/steps = (2k + 1)π/(4n) is never a multiple of π/2: no direction on an axis.
  if (steps % 4 !== 0) throw new RangeError(`steps must be a multiple of 4 (so that no direction lies on an axis), got ${steps}`);
  const angles = Array.from({ length: steps }, (_, k) => (2 * Math.PI * (k + 0.5)) / steps);
  const rows: AttackSweepRow[] = [];
  for (const norm of ["l2", "linf"] as const) {
    const optima = angles.map((phi) => linearizedOptimalAttack([Math.cos(phi), Math.sin(phi)], eps, norm));
    angles.forEach((angle, k) => {
      const previous = optima[(k + steps - 1) % steps];
      rows.push({
        step: k,
        angle,
        norm,
        quarter: Math.floor(angle / (Math.PI / 2)) + 1,
        delta1: optima[k][0],
        delta2: optima[k][1],
        move: distance2(optima[k], previous),
      });
    });
  }
  return rows;
}
