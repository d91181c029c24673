// The random starts draw from the distributions their documentation names (moments of the radius or of
// the coordinates, over many examples), and the same seed draws the same start.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { FeasibleSet, startingPoint } from "../../lib/attacks/objective";
import { StartMode } from "../../lib/attacks";
import { perturbationNorms } from "./support";

const N = 2000;
const D = 20;

function draw(
  norm: "linf" | "l2",
  start: StartMode,
  eps: number,
  bounds: [number, number] = [-Infinity, Infinity],
  stepSize = eps,
  seed = 1,
): { x: tf.Tensor; x0: tf.Tensor } {
  const x = tf.fill([N, D], 0.5);
  const set = new FeasibleSet(x, norm, eps, bounds);
  const x0 = startingPoint(set, start, new Rng(seed), stepSize);
  return { x, x0 };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe("attacks: random starts", () => {
  const eps = 0.3;
  // Standard error of a mean of N uniform-ish values is below 0.3/√N·ε ≈ 0.007ε; 5 standard errors.
  const tolerance = 0.035;

  it("linf uniform: every coordinate U(−ε, ε) (mean |δ_i| = ε/2, max ≈ ε)", () => {
    const { x, x0 } = draw("linf", "uniform", eps);
    const delta = tf.sub(x0, x);
    const values = Array.from(delta.dataSync());
    assert.ok(Math.abs(mean(values.map(Math.abs)) / eps - 0.5) < tolerance / 5);
    assert.ok(Math.abs(mean(values)) / eps < tolerance / 5);
    assert.ok(Math.max(...values.map(Math.abs)) <= eps + 1e-7 && Math.max(...values.map(Math.abs)) > 0.99 * eps);
    tf.dispose([x, x0, delta]);
  });

  it("linf uniform-step: every coordinate U(−α, α)", () => {
    const { x, x0 } = draw("linf", "uniform-step", eps, [-Infinity, Infinity], 0.1);
    const delta = tf.sub(x0, x);
    const values = Array.from(delta.dataSync()).map(Math.abs);
    assert.ok(Math.max(...values) <= 0.1 + 1e-7);
    assert.ok(Math.abs(mean(values) / 0.1 - 0.5) < tolerance / 5);
    tf.dispose([x, x0, delta]);
  });

  it("linf sphere: ‖δ‖_∞ = ε exactly, coordinates spread over [−ε, ε]", () => {
    const { x, x0 } = draw("linf", "sphere", eps);
    perturbationNorms(x, x0, "linf").forEach((r) => assert.ok(Math.abs(r - eps) < 1e-6));
    tf.dispose([x, x0]);
  });

  it("l2 gaussian-scaled: the radius is U(0, ε) (mean ε/2, variance ε²/12)", () => {
    const { x, x0 } = draw("l2", "gaussian-scaled", eps);
    const radii = perturbationNorms(x, x0, "l2").map((r) => r / eps);
    assert.ok(Math.abs(mean(radii) - 0.5) < tolerance);
    assert.ok(Math.abs(mean(radii.map((r) => (r - 0.5) ** 2)) - 1 / 12) < tolerance / 2);
    assert.ok(Math.max(...radii) <= 1 + 1e-6);
    tf.dispose([x, x0]);
  });

  it("l2 uniform-ball: the radius has density ∝ r^(d−1) (mean d/(d+1)·ε)", () => {
    const { x, x0 } = draw("l2", "uniform-ball", eps);
    const radii = perturbationNorms(x, x0, "l2").map((r) => r / eps);
    assert.ok(Math.abs(mean(radii) - D / (D + 1)) < 0.01);
    assert.ok(Math.max(...radii) <= 1 + 1e-6);
    tf.dispose([x, x0]);
  });

  it("l2 sphere: ‖δ‖₂ = ε; uniform-data-box: projected onto the ball (on the sphere when the box is wide)", () => {
    const sphere = draw("l2", "sphere", eps);
    perturbationNorms(sphere.x, sphere.x0, "l2").forEach((r) => assert.ok(Math.abs(r - eps) < 1e-6));
    const box = draw("l2", "uniform-data-box", eps, [0, 1]);
    // ‖U[0,1]^20 − 0.5‖₂ ≈ √(20/12) ≈ 1.3 > ε, so the projection lands on the sphere.
    perturbationNorms(box.x, box.x0, "l2").forEach((r) => assert.ok(Math.abs(r - eps) < 1e-6));
    tf.dispose([sphere.x, sphere.x0, box.x, box.x0]);
  });

  it("the same seed gives the same start, another seed another", () => {
    const a = draw("l2", "gaussian-scaled", eps, [0, 1], eps, 5);
    const b = draw("l2", "gaussian-scaled", eps, [0, 1], eps, 5);
    const c = draw("l2", "gaussian-scaled", eps, [0, 1], eps, 6);
    assert.deepEqual(Array.from(a.x0.dataSync()), Array.from(b.x0.dataSync()));
    assert.notDeepEqual(Array.from(a.x0.dataSync()), Array.from(c.x0.dataSync()));
    tf.dispose([a.x, a.x0, b.x, b.x0, c.x, c.x0]);
  });
});
