// Exercise 12.5: how far from x the random starts of PGD-L2 put δ₀, by start mode and dimension
// [Standard result for the distributions; the modes are the library's, lib/attacks/types.ts].
//   "gaussian-scaled" (Rice et al. 2020):  δ₀ = z/‖z‖₂ · u · ε,        u ~ U(0, 1)  ⇒ E‖δ₀‖ = ε/2 for every d;
//   "uniform-ball" (Foolbox, ART):        δ₀ = z/‖z‖₂ · u^{1/d} · ε  ⇒ E‖δ₀‖ = ε·d/(d + 1) → ε,
// since E[u^{1/d}] = ∫₀¹ u^{1/d} du = d/(d + 1): in high dimension the uniform ball's mass sits on its sphere.
import * as tf from "@tensorflow/tfjs";
import { perExampleNorm } from "../core/norms";
import { Rng } from "../core/rng";
import { assertPositiveInteger } from "../core/validate";
import { FeasibleSet, startingPoint } from "../attacks/objective";

export type L2StartMode = "gaussian-scaled" | "uniform-ball";

/** E‖δ₀‖₂ of an L2 start mode in dimension d. */
export function meanStartRadiusReference(mode: L2StartMode, d: number, eps: number): number {
  return mode === "gaussian-scaled" ? eps / 2 : (eps * d) / (d + 1);
}

/** The radii ‖δ₀‖₂ of `samples` starts drawn by the library's own sampler (the one PGD uses), with no data box. */
export function measureStartRadii(mode: L2StartMode, d: number, eps: number, samples: number, seed: number): Float64Array {
  assertPositiveInteger("d", d);
  assertPositiveInteger("samples", samples);
  const radii = tf.tidy(() => {
    const x = tf.zeros([samples, d]);
    const start = startingPoint(new FeasibleSet(x, "l2", eps, [-Infinity, Infinity]), mode, new Rng(seed), 0);
    return perExampleNorm(tf.sub(start, x), "l2");
  });
  const values = Float64Array.from(radii.dataSync());
  radii.dispose();
  return values;
}
