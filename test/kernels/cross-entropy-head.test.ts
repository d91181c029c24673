// The cross-entropy head as one kernel (lib/kernels/cross-entropy-head.ts, native/src/cross_entropy.cc)
// through its caller, crossEntropyAndLogitGradient, against the same call with the kernel unregistered
// (the tfjs op composition) and both against a float64 reference: CE = logsumexp(z) − z_y and
// ∂CE/∂z = softmax(z) − onehot(y). Cases: ordinary logits, confident rows with losses near e^-50 (the
// digits a naive log-sum-exp loses), tied largest logits, two classes, logits of magnitude 1e4.
// Pending where the backend has no such kernel (cpu, wasm without the addon).
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { CROSS_ENTROPY_HEAD } from "../../lib/kernels/cross-entropy-head";
import { hasKernel } from "../../lib/kernels/steps";
import { crossEntropyAndLogitGradient } from "../../lib/losses/cross-entropy";
import { backendLabel, largestDifference, withoutKernel } from "./reference";

interface Case {
  name: string;
  logits: number[][];
  labels: number[];
}

function randomCase(name: string, rng: Rng, rows: number, classes: number, scale: number, confident: boolean): Case {
  const logits = Array.from({ length: rows }, () => Array.from({ length: classes }, () => rng.normal() * scale));
  // Confident rows: the label is the largest logit, so the loss is tiny.
  const labels = logits.map((z) => (confident ? z.indexOf(Math.max(...z)) : rng.int(classes)));
  return { name, logits, labels };
}

/** CE and its logit gradient in float64. */
function reference(z: number[], label: number): { value: number; gradient: number[] } {
  const m = Math.max(...z);
  const exponentials = z.map((v) => Math.exp(v - m));
  const total = exponentials.reduce((a, b) => a + b, 0);
  // log Σ e^(z−m) as log1p of the sum without the top entry, so a tiny loss keeps its digits.
  const value = m - z[label] + Math.log1p(total - 1);
  return { value, gradient: exponentials.map((e, i) => e / total - (i === label ? 1 : 0)) };
}

describe(`kernels: the cross-entropy head vs its tfjs composition and a float64 reference [${backendLabel()}]`, () => {
  const rng = new Rng(2103);
  const ties: Case = {
    name: "tied largest logits",
    logits: [
      [2, 5, 5, 1],
      [0, 0, 0, 0],
      [7, 7, -1, 7],
    ],
    labels: [2, 0, 1],
  };
  const cases: Case[] = [
    randomCase("a batch of 128 over 10 classes", rng, 128, 10, 3, false),
    randomCase("confident rows (losses near e^-50)", rng, 64, 10, 30, true),
    ties,
    randomCase("two classes", rng, 5, 2, 2, false),
    randomCase("logits of magnitude 1e4", rng, 16, 10, 1e4, false),
  ];

  for (const c of cases) {
    it(`${c.name}: kernel = composition (1e-6), both = float64 (1e-6 relative), no tensor leaked`, function () {
      if (!hasKernel(CROSS_ENTROPY_HEAD)) this.skip();
      const classes = c.logits[0].length;
      const logits = tf.tensor2d(c.logits);
      const oneHot = tf.tensor2d(c.labels.map((y) => Array.from({ length: classes }, (_, i) => (i === y ? 1 : 0))));
      const before = tf.memory().numTensors;
      const fused = crossEntropyAndLogitGradient(logits, oneHot);
      const composed = withoutKernel(CROSS_ENTROPY_HEAD, () => crossEntropyAndLogitGradient(logits, oneHot));
      assert.equal(tf.memory().numTensors, before + 4);
      const values = [fused.value.dataSync(), composed.value.dataSync()];
      const gradients = [fused.dLogits.dataSync(), composed.dLogits.dataSync()];
      c.logits.forEach((z, r) => {
        const expected = reference(z, c.labels[r]);
        for (const [k, v] of values.entries()) {
          const error = Math.abs(v[r] - expected.value) / Math.max(Math.abs(expected.value), 1e-30);
          // Relative to the loss itself, down to losses of e^-50; a loss of 1e4 is within float32's step there.
          const tolerance = Math.abs(expected.value) > 100 ? 1e-6 * Math.abs(expected.value) : 1e-6;
          assert.ok(
            error <= tolerance || Math.abs(v[r] - expected.value) <= tolerance,
            `${c.name}, row ${r}, ${k === 0 ? "kernel" : "composition"}: ${v[r]} vs ${expected.value}`,
          );
        }
        expected.gradient.forEach((g, i) => {
          for (const [k, d] of gradients.entries()) {
            assert.ok(
              Math.abs(d[r * classes + i] - g) <= 1e-6,
              `${c.name}, row ${r}, class ${i}, ${k === 0 ? "kernel" : "composition"}: ${d[r * classes + i]} vs ${g}`,
            );
          }
        });
      });
      assert.ok(largestDifference(fused.dLogits, composed.dLogits) <= 1e-6);
      tf.dispose([fused.value, fused.dLogits, composed.value, composed.dLogits, logits, oneHot]);
      assert.equal(tf.memory().numTensors, before - 2);
    });
  }
});
