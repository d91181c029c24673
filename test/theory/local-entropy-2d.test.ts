import { strict as assert } from "assert";
import { localEntropyGradient2d, LocalEntropy1d } from "../../lib/theory";

describe("theory/local-entropy-2d (∇F_γ by 2-D quadrature)", () => {
  it("f = (a/2)‖θ‖²: ∇F_γ = aγθ/(a + γ) exactly", () => {
    const a = 2.5,
      gamma = 1.5,
      beta = 40;
    const { gradient } = localEntropyGradient2d((u, v) => 0.5 * a * (u * u + v * v), [0.7, -0.3], { gamma, beta });
    const k = (a * gamma) / (a + gamma);
    assert.ok(Math.abs(gradient[0] - k * 0.7) < 1e-9 && Math.abs(gradient[1] + k * 0.3) < 1e-9, `${gradient}`);
  });

  it("a separable f = g(u) + g(v) gives the 1-D quadrature's F′ in each coordinate (kinked g)", () => {
    const g = (t: number) => 0.3 * Math.abs(t) + 0.1 * t * t;
    const gamma = 2,
      beta = 30;
    const oneD = new LocalEntropy1d(g, { gamma, beta, thetaRange: [-1, 1], lipschitz: 0.6 });
    const { gradient } = localEntropyGradient2d((u, v) => g(u) + g(v), [0.05, -0.4], { gamma, beta, lipschitz: 0.6, points: 801 });
    assert.ok(Math.abs(gradient[0] - oneD.derivative(0.05)) < 1e-6, `${gradient[0]} vs ${oneD.derivative(0.05)}`);
    assert.ok(Math.abs(gradient[1] - oneD.derivative(-0.4)) < 1e-6, `${gradient[1]} vs ${oneD.derivative(-0.4)}`);
  });

  it("rejects bad inputs", () => {
    assert.throws(() => localEntropyGradient2d((u) => u, [0], { gamma: 1, beta: 1 }), /theta must have length 2/);
    assert.throws(() => localEntropyGradient2d((u) => u, [0, 0], { gamma: 0, beta: 1 }), /gamma must be > 0/);
  });
});
