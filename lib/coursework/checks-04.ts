// Exercise of notebook 04 (geometry of optimal attacks): the L∞ optimum of a linearised loss when the data
// box x + δ ∈ [0, 1]ᵈ is added. The feasible set is still a box, one interval per coordinate, so the
// optimum is coordinate-wise; the reference maximises gᵢδᵢ over each interval's two ends, and
// without the box it is the library's ε sign(g) (lib/theory/attack-sweep.ts).
import { linearizedOptimalAttack } from "../theory/attack-sweep";
import type { ExerciseDefinition } from "./exercise";
import { numberCase, propertyCase, vectorCase } from "./feedback";

export interface Answers04 {
  /** δ* = argmax of gᵀδ over ‖δ‖_∞ ≤ ε and x + δ ∈ [0, 1]ᵈ (x itself in [0, 1]ᵈ). */
  "04.1": (g: Float64Array, x: Float64Array, eps: number) => Float64Array;
}

/** Reference: per coordinate, the end of [max(−ε, −xᵢ), min(ε, 1 − xᵢ)] with the larger gᵢδᵢ (0 where gᵢ = 0). */
export function boxedLinfAttackReference(g: Float64Array, x: Float64Array, eps: number): Float64Array {
  return g.map((gi, i) => {
    const low = Math.max(-eps, -x[i]);
    const high = Math.min(eps, 1 - x[i]);
    if (gi === 0) return 0;
    return gi * high >= gi * low ? high : low;
  });
}

const v = (...values: number[]) => new Float64Array(values);
const TOLERANCE = { relative: 1e-12, absolute: 1e-12 };
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, ai, i) => s + ai * b[i], 0);

const feasible = (x: Float64Array, eps: number) => (d: unknown) => {
  if (!(d instanceof Float64Array) || d.length !== x.length) return `not a Float64Array of ${x.length} entries`;
  const bad = Array.from(d).findIndex((di, i) => !(Math.abs(di) <= eps + 1e-12 && x[i] + di >= -1e-12 && x[i] + di <= 1 + 1e-12));
  return bad < 0 ? null : `coordinate ${bad}: δ = ${d[bad]}, x + δ = ${x[bad] + d[bad]} (outside the ε-box or [0, 1])`;
};

export const EXERCISES_04: readonly ExerciseDefinition[] = [
  {
    id: "04.1",
    title: "the L∞ optimum of a linearised loss inside the data box",
    minutes: 15,
    cases: (attack: Answers04["04.1"]) => [
      vectorCase(
        "x in the middle of [0, 1] (the box is not active): g = (0.3, −2, 0.1), x = (0.5, 0.5, 0.5), ε = 0.1",
        () => attack(v(0.3, -2, 0.1), v(0.5, 0.5, 0.5), 0.1),
        linearizedOptimalAttack(v(0.3, -2, 0.1), 0.1, "linf"),
        TOLERANCE,
        "away from the data bounds δ* = ε sign(g) (Hölder)",
      ),
      vectorCase(
        "pixels at and near the bounds: g = (1, −1, 1, −1, 0.5), x = (1, 0, 0.95, 0.03, 0.2), ε = 0.1",
        () => attack(v(1, -1, 1, -1, 0.5), v(1, 0, 0.95, 0.03, 0.2), 0.1),
        boxedLinfAttackReference(v(1, -1, 1, -1, 0.5), v(1, 0, 0.95, 0.03, 0.2), 0.1),
        TOLERANCE,
        "coordinate i ranges over [max(−ε, −xᵢ), min(ε, 1 − xᵢ)]: go to the end sign(gᵢ) points to; a pixel at 1 with gᵢ > 0 cannot move (δᵢ = 0)",
      ),
      propertyCase(
        "a white pixel (x = 1) with gᵢ > 0 and a black one (x = 0) with gᵢ < 0, ε = 0.3: δ* feasible",
        () => attack(v(2, -3, 0.4), v(1, 0, 0.6), 0.3),
        "‖δ‖_∞ ≤ ε and x + δ in [0, 1]",
        feasible(v(1, 0, 0.6), 0.3),
        "clipping δ to [−ε, ε] is not enough: x + δ must stay in [0, 1] too",
      ),
      numberCase(
        "the value gᵀδ* for g = (0, 1.5, −0.5, 0), x = (0.4, 0.92, 0.1, 0.0), ε = 0.2 (δᵢ is free where gᵢ = 0)",
        () => dot(v(0, 1.5, -0.5, 0), attack(v(0, 1.5, -0.5, 0), v(0.4, 0.92, 0.1, 0), 0.2)),
        dot(v(0, 1.5, -0.5, 0), boxedLinfAttackReference(v(0, 1.5, -0.5, 0), v(0.4, 0.92, 0.1, 0), 0.2)),
        TOLERANCE,
        "the optimum value is Σᵢ max(gᵢ·lowᵢ, gᵢ·highᵢ), here 1.5·0.08 + 0.5·0.1",
      ),
    ],
  },
];
