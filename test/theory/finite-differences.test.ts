// Oracles for the float64 finite differences: functions whose Hessians and gradient ratios are known
// in closed form (a quadratic, exp with a cross term, |θ|'s kink).
import { strict as assert } from "assert";
import { relativeMaxError } from "../../lib/core/linalg64";
import { finiteDifferenceHessian, gradientRatio, symmetricSpectralNorm } from "../../lib/theory/finite-differences";

// f(θ) = Σ exp(θᵢ) + θ₀θ₁²: ∇f = (e^θ₀ + θ₁², e^θ₁ + 2θ₀θ₁, e^θ₂), ∇²f = [[e^θ₀, 2θ₁, 0], [2θ₁, e^θ₁ + 2θ₀, 0], [0, 0, e^θ₂]].
const gradient = (t: Float64Array) => [Math.exp(t[0]) + t[1] * t[1], Math.exp(t[1]) + 2 * t[0] * t[1], Math.exp(t[2])];
const hessian = (t: number[]) => [Math.exp(t[0]), 2 * t[1], 0, 2 * t[1], Math.exp(t[1]) + 2 * t[0], 0, 0, 0, Math.exp(t[2])];

describe("theory/finite-differences (float64)", () => {
  const theta = [0.3, -0.7, 1.1];

  it("the central-difference Hessian matches the closed form to O(h²) and is exact for a quadratic", () => {
    const errors = [1e-2, 1e-3, 1e-4].map((h) => relativeMaxError(finiteDifferenceHessian(gradient, theta, h), hessian(theta)));
    assert.ok(errors[2] < 1e-8, `error at h = 1e-4: ${errors[2]}`);
    // Second order: ten times smaller h, about a hundred times smaller error.
    assert.ok(errors[0] / errors[1] > 80 && errors[0] / errors[1] < 120, `ratio ${errors[0] / errors[1]}`);
    const A = [2, 1, 0, 1, 3, 0, 0, 0, 5];
    const quadratic = (t: Float64Array) => [2 * t[0] + t[1], t[0] + 3 * t[1], 5 * t[2]];
    assert.ok(relativeMaxError(finiteDifferenceHessian(quadratic, theta, 0.5), A) < 1e-14);
  });

  it("the spectral norm of a symmetric matrix is its largest |eigenvalue|, whatever its sign", () => {
    assert.ok(Math.abs(symmetricSpectralNorm([-5, 0, 0, 3], 2) - 5) < 1e-14);
    // eigenvalues of [[2, 1], [1, 2]]: 3 and 1.
    assert.ok(Math.abs(symmetricSpectralNorm([2, 1, 1, 2], 2) - 3) < 1e-14);
  });

  it("the gradient ratio is the eigenvalue along an eigenvector, the curvature to O(h) elsewhere, and 1/h across a kink", () => {
    const quadratic = (t: Float64Array) => [2 * t[0] + t[1], t[0] + 2 * t[1]];
    const along = gradientRatio(quadratic, [0.4, -1], { direction: [1, 1], h: [1, 1e-3, 1e-6] });
    along.forEach((r) => assert.ok(Math.abs(r - 3) < 1e-9, `R = ${r}`));
    const curved = gradientRatio(gradient, theta, { direction: [0, 0, 2], h: [1e-6] });
    assert.ok(Math.abs(curved[0] - Math.exp(theta[2])) < 1e-5);
    const kink = gradientRatio((t) => [Math.sign(t[0])], [0], { direction: [1], h: [1e-1, 1e-4] });
    assert.deepEqual(kink, [10, 1e4]);
  });

  it("names the argument that is wrong", () => {
    assert.throws(() => finiteDifferenceHessian(gradient, theta, 0), /h must be > 0, got 0/);
    assert.throws(() => finiteDifferenceHessian(gradient, [0, NaN, 1], 1e-3), /theta/);
    assert.throws(() => finiteDifferenceHessian((t) => [t[0]], theta, 1e-3), /gradient must return 3 numbers/);
    assert.throws(() => gradientRatio(gradient, theta, { direction: [0, 0, 0], h: [1e-3] }), /direction must be non-zero/);
    assert.throws(() => gradientRatio(gradient, theta, { direction: [1, 0, 0], h: [] }), /h must be a non-empty array/);
    assert.throws(() => gradientRatio(gradient, theta, { direction: [1, 0], h: [1e-3] }), /direction/);
  });
});
