// Bad input is refused before any work, with a message that names the argument and the value.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { accuracyVsEps, apgd, apgdAttack, convergedPgd, fgsm, pgd, pgdAttack, robustAccuracy } from "../../lib/attacks";
import { Classifier } from "../../lib/models";
import { randomBatch, smallMlp } from "./support";

function rejects(fn: () => unknown, type: typeof RangeError | typeof TypeError, message: RegExp): void {
  const before = tf.memory().numTensors;
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    assert.match((e as Error).message, message);
    return true;
  });
  assert.equal(tf.memory().numTensors, before, "a refused call must not leave tensors behind");
}

describe("attacks: bad input", () => {
  let model: Classifier;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  const o = { norm: "linf" as const, eps: 0.1, steps: 3 };
  before(() => {
    model = smallMlp(21, 10, 3);
    ({ x, y } = randomBatch(22, 4, 10, 3));
  });
  after(() => {
    model.dispose();
    tf.dispose([x, y]);
  });

  it("options: eps < 0, stepSize ≤ 0, steps not a positive integer, restarts, seed, norm, loss, bounds", () => {
    rejects(() => pgd(model, x, y, { ...o, eps: -0.1 }), RangeError, /eps must be ≥ 0, got -0\.1/);
    rejects(() => pgd(model, x, y, { ...o, eps: NaN }), RangeError, /eps must be a finite number, got NaN/);
    rejects(() => pgd(model, x, y, { ...o, stepSize: 0 }), RangeError, /stepSize must be > 0, got 0/);
    rejects(() => pgd(model, x, y, { ...o, stepSize: -1 }), RangeError, /stepSize must be > 0, got -1/);
    rejects(() => pgd(model, x, y, { ...o, steps: 2.5 }), RangeError, /steps must be an integer ≥ 1, got 2\.5/);
    rejects(() => pgd(model, x, y, { ...o, steps: 0 }), RangeError, /steps must be an integer ≥ 1, got 0/);
    rejects(() => apgd(model, x, y, { norm: "l2", eps: 0.1, steps: -3 }), RangeError, /steps must be an integer ≥ 1, got -3/);
    rejects(() => pgd(model, x, y, { ...o, restarts: 0 }), RangeError, /restarts must be an integer ≥ 1, got 0/);
    rejects(() => pgd(model, x, y, { ...o, seed: -1 }), RangeError, /seed must be an integer in \[0, 2\^32\), got -1/);
    rejects(() => pgd(model, x, y, { ...o, norm: "l1" as never }), RangeError, /norm must be one of "linf", "l2", got "l1"/);
    rejects(() => fgsm(model, x, y, { norm: "linf", eps: 0.1, loss: "hinge" as never }), RangeError, /loss must be one of "ce", "dlr", got "hinge"/);
    rejects(() => pgd(model, x, y, { ...o, bounds: [1, 0] }), RangeError, /bounds must be \[low, high\] with low < high.*got \[1, 0\]/);
    rejects(() => pgd(model, x, y, { ...o, randomStart: "yes" as never }), TypeError, /randomStart must be a boolean, got yes/);
  });

  it("unknown option names (a typo is not silently ignored)", () => {
    rejects(() => pgd(model, x, y, { ...o, stepsize: 0.1 } as never), TypeError, /unknown PGD option\(s\): stepsize/);
    rejects(() => fgsm(model, x, y, { norm: "linf", eps: 0.1, steps: 1 } as never), TypeError, /unknown FGSM option\(s\): steps/);
    rejects(() => apgd(model, x, y, { norm: "linf", eps: 0.1, stepSize: 0.1 } as never), TypeError, /unknown APGD option\(s\): stepSize/);
    rejects(() => convergedPgd(model, x, y, { norm: "linf", eps: 0.1, restarts: 2 } as never), TypeError, /unknown convergedPgd option\(s\): restarts/);
    rejects(() => robustAccuracy(model, x, y, pgdAttack(o), { batch: 3 } as never), TypeError, /unknown evaluation option\(s\): batch/);
  });

  it("inconsistent options: start vs norm and randomStart, restarts without a random start, targeted DLR, DLR on two classes", () => {
    rejects(() => pgd(model, x, y, { ...o, start: "uniform-ball" }), RangeError, /start \(for norm "linf"\) must be one of .*got "uniform-ball"/);
    rejects(
      () => pgd(model, x, y, { ...o, randomStart: false, start: "uniform" }),
      RangeError,
      /start must be "zero" when randomStart is false, got "uniform"/,
    );
    rejects(() => pgd(model, x, y, { ...o, randomStart: false, restarts: 3 }), RangeError, /restarts must be 1 when the start is deterministic.*got 3/);
    rejects(() => pgd(model, x, y, { ...o, norm: "l2", start: "uniform-data-box", bounds: [-Infinity, Infinity] }), RangeError, /needs finite bounds/);
    rejects(() => pgd(model, x, y, { ...o, loss: "dlr", targeted: true }), RangeError, /loss "dlr" cannot be targeted/);
    const binary = smallMlp(23, 10, 2);
    const labels = tf.tensor1d([0, 1, 1, 0], "int32");
    rejects(() => pgd(binary, x, labels, { ...o, loss: "dlr" }), RangeError, /loss "dlr" needs a model with at least 3 classes, got 2/);
    binary.dispose();
    labels.dispose();
  });

  it("inputs: outside the bounds, NaN, wrong shape or dtype", () => {
    const outside = tf.tensor2d([[1.5, ...new Array(9).fill(0.5)], ...new Array(3).fill(new Array(10).fill(0.5))]);
    rejects(() => pgd(model, outside, y, o), RangeError, /x must lie within bounds \[0, 1\], got values in \[0\.5, 1\.5\]/);
    outside.dispose();
    const withNaN = tf.tensor2d([[NaN, ...new Array(9).fill(0.5)], ...new Array(3).fill(new Array(10).fill(0.5))]);
    rejects(() => apgd(model, withNaN, y, { norm: "l2", eps: 0.1 }), RangeError, /x must not contain NaN, got 1 NaN entry/);
    withNaN.dispose();
    const wrongShape = tf.zeros([4, 7]);
    rejects(() => pgd(model, wrongShape, y, o), RangeError, /x must have shape \[batch, 10\].*got \[4, 7\]/);
    wrongShape.dispose();
    const ints = tf.zeros([4, 10], "int32");
    rejects(() => fgsm(model, ints, y, { norm: "l2", eps: 0.1 }), TypeError, /x must have dtype float32, got int32/);
    ints.dispose();
  });

  it("labels: wrong length, wrong dtype, out of range", () => {
    const short = tf.tensor1d([0, 1, 2], "int32");
    rejects(() => pgd(model, x, short, o), RangeError, /y must have shape \[4\] \(one class id per example\), got \[3\]/);
    short.dispose();
    const floats = tf.tensor1d([0, 1, 2, 0], "float32");
    rejects(() => pgd(model, x, floats as tf.Tensor1D, o), TypeError, /y must have dtype int32 \(class ids\), got float32/);
    floats.dispose();
    const large = tf.tensor1d([0, 1, 5, 0], "int32");
    rejects(() => pgd(model, x, large, o), RangeError, /y must hold class ids in \[0, 3\), got values in \[0, 5\]/);
    large.dispose();
    const negative = tf.tensor1d([0, -1, 2, 0], "int32");
    rejects(() => apgd(model, x, negative, { norm: "linf", eps: 0.1 }), RangeError, /y must hold class ids in \[0, 3\), got values in \[-1, 2\]/);
    negative.dispose();
  });

  it("a model whose outputs are probabilities is refused (AutoAttack's check, as an error)", () => {
    const softmaxModel: Classifier = { ...model, name: "softmax-output", logits: (input: tf.Tensor) => tf.tidy(() => tf.softmax(model.logits(input))) };
    rejects(() => pgd(softmaxModel, x, y, o), RangeError, /model softmax-output seems to output probabilities/);
    rejects(() => robustAccuracy(softmaxModel, x, y, pgdAttack(o)), RangeError, /seems to output probabilities/);
  });

  it("evaluation arguments", () => {
    rejects(() => robustAccuracy(model, x, y, pgdAttack(o), { batchSize: 0 }), RangeError, /batchSize must be an integer ≥ 1, got 0/);
    rejects(() => robustAccuracy(model, x, y, "pgd" as never), TypeError, /attack must be an Attack/);
    rejects(() => accuracyVsEps(model, x, y, (eps) => pgdAttack({ ...o, eps }), []), RangeError, /epsList must be a non-empty array/);
    rejects(() => accuracyVsEps(model, x, y, (eps) => pgdAttack({ ...o, eps }), [0.1, -0.2]), RangeError, /epsList\[1\] must be ≥ 0, got -0\.2/);
  });

  it("factories check their options when they are made, and calls check the seed", () => {
    rejects(() => pgdAttack({ ...o, eps: -1 }), RangeError, /eps must be ≥ 0, got -1/);
    rejects(() => apgdAttack({ norm: "l2", eps: 0.1, rho: 2 }), RangeError, /rho must be in \[0, 1\], got 2/);
    rejects(() => pgdAttack(o)(model, x, y, 1.5), RangeError, /seed must be an integer in \[0, 2\^32\), got 1\.5/);
  });
});
