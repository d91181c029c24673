// The native update-step kernels (lib/kernels/steps.ts, native/src/steps.cc) against the tfjs op
// compositions the callers fall back to, through the callers themselves (FeasibleSet.ascentStep,
// Sgd.applyGradients) with the kernel registered and unregistered: PGD's L∞ step and SGD's update bit
// for bit, PGD's L2 step to float32 rounding; edge cases: zero and tiny gradient rows, points outside the
// ball, no data box, no momentum, Nesterov. Pending where the backend has no such kernel (cpu, wasm
// without the addon): there the composition is the only path.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { perExampleNorm } from "../../lib/core/norms";
import { FeasibleSet } from "../../lib/attacks/objective";
import { Sgd } from "../../lib/optim/sgd";
import { PROJECTED_STEP, SGD_UPDATE, hasKernel } from "../../lib/kernels/steps";
import { backendLabel, largestDifference, normal, withoutKernel } from "./reference";

function tensorOf(rng: Rng, shape: number[], scale = 1, shift = 0): tf.Tensor {
  return tf.tensor(
    normal(rng, shape).values.map((v) => v * scale + shift),
    shape,
  );
}

describe(`kernels: native update steps vs their tfjs compositions [${process.env.AT_BACKEND ?? "default"}]`, () => {
  const cases: { name: string; norm: "linf" | "l2"; eps: number; stepSize: number; bounds: [number, number]; shape: number[] }[] = [
    { name: "L∞ 0.3, MNIST box", norm: "linf", eps: 0.3, stepSize: 0.075, bounds: [0, 1], shape: [128, 784] },
    { name: "L∞ 8/255, images, no box", norm: "linf", eps: 8 / 255, stepSize: 2 / 255, bounds: [-Infinity, Infinity], shape: [16, 6, 6, 3] },
    { name: "L2 2.0, MNIST box", norm: "l2", eps: 2, stepSize: 0.5, bounds: [0, 1], shape: [128, 784] },
    { name: "L2 0.5, images, no box", norm: "l2", eps: 0.5, stepSize: 0.9, bounds: [-Infinity, Infinity], shape: [16, 6, 6, 3] },
  ];

  for (const c of cases) {
    it(`PGD step, ${c.name}: ${c.norm === "linf" ? "bit for bit" : "within 1e-6"}, feasible, no tensor leaked`, function () {
      if (!hasKernel(PROJECTED_STEP)) this.skip();
      const rng = new Rng(c.name.length * 7919);
      const x = tf.clipByValue(tensorOf(rng, c.shape, 0.3, 0.5), 0, 1);
      // Points up to 2ε away (the projection acts); the first gradient row zero, the second tiny.
      const point = tf.tidy(() => tf.add(x, tensorOf(rng, c.shape, c.eps)));
      const g = normal(rng, c.shape).values;
      const cols = g.length / c.shape[0];
      g.fill(0, 0, cols);
      for (let i = cols; i < 2 * cols; i++) g[i] *= 1e-30;
      const gradient = tf.tensor(g, c.shape);
      const set = new FeasibleSet(x, c.norm, c.eps, c.bounds);
      const before = tf.memory().numTensors;
      const fused = set.ascentStep(point, gradient, c.stepSize);
      assert.equal(tf.memory().numTensors, before + 1, "the step leaves only its output");
      const composed = withoutKernel(PROJECTED_STEP, () => set.ascentStep(point, gradient, c.stepSize));
      const worst = largestDifference(fused, composed);
      if (c.norm === "linf") assert.equal(worst, 0, `${backendLabel()}: L∞ step differs from the composition by ${worst}`);
      else assert.ok(worst <= 1e-6, `${backendLabel()}: L2 step differs from the composition by ${worst}`);
      const delta = tf.sub(fused, x);
      for (const r of perExampleNorm(delta, c.norm).dataSync()) assert.ok(r <= c.eps * (1 + 1e-6), `‖δ‖ = ${r} > ε = ${c.eps}`);
      const [low, high] = [tf.min(fused).dataSync()[0], tf.max(fused).dataSync()[0]];
      assert.ok(low >= c.bounds[0] && high <= c.bounds[1], `outside the box: [${low}, ${high}]`);
      tf.dispose([x, point, gradient, fused, composed, delta]);
    });
  }

  const sgdCases = [
    { momentum: 0.9, nesterov: false, weightDecay: 5e-4 },
    { momentum: 0.9, nesterov: true, weightDecay: 5e-4 },
    { momentum: 0, nesterov: false, weightDecay: 0 },
  ];
  for (const o of sgdCases) {
    it(`SGD update (momentum ${o.momentum}${o.nesterov ? " Nesterov" : ""}, wd ${o.weightDecay}): three steps bit for bit, no tensor leaked`, function () {
      if (!hasKernel(SGD_UPDATE)) this.skip();
      const rng = new Rng(5);
      const init = [tensorOf(rng, [784, 256], 0.05), tensorOf(rng, [256])];
      const grads = [0, 1, 2].map(() => [tensorOf(rng, [784, 256], 0.01), tensorOf(rng, [256], 0.01)]);
      const run = (): Float32Array[] => {
        const params = init.map((t) => tf.variable(t));
        const sgd = new Sgd(params, { lr: 0.05, ...o });
        for (const g of grads)
          sgd.applyGradients(
            g.map((t) => t.clone()),
            0.05,
          );
        const values = params.map((p) => p.dataSync() as Float32Array);
        const velocity = sgd.state().momentum;
        sgd.dispose();
        params.forEach((p) => p.dispose());
        return [...values, ...(velocity === null ? [] : velocity.map((v) => Float32Array.from(v)))];
      };
      const before = tf.memory().numTensors;
      const fused = run();
      assert.equal(tf.memory().numTensors, before, "no tensor left by the fused updates");
      const composed = withoutKernel(SGD_UPDATE, run);
      assert.equal(fused.length, composed.length);
      fused.forEach((values, j) => assert.deepEqual(values, composed[j], `array ${j} differs`));
      assert.ok(
        fused[0].some((v, i) => v !== init[0].dataSync()[i]),
        "the parameters moved",
      );
      tf.dispose([...init, ...grads.flat()]);
    });
  }
});
