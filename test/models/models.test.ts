import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { linear, mlp, smallCnn, modelFromConfig, weightsToJson, loadWeights, modelFromJson } from "../../lib/models";
import { Rng } from "../../lib/core/rng";
import { assertClose, assertNoLeak } from "../helpers";

// Independent float64 forward passes, written from the definitions, not from the library.
const act = (name: string, z: number) => (name === "relu" ? Math.max(0, z) : name === "tanh" ? Math.tanh(z) : Math.log1p(Math.exp(z)));

function denseForward(x: number[], kernel: Float32Array, bias: Float32Array, inDim: number, outDim: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < outDim; j++) {
    let s = bias[j];
    for (let i = 0; i < inDim; i++) s += x[i] * kernel[i * outDim + j];
    out.push(s);
  }
  return out;
}

function randomInputs(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, () => rng.uniform()),
    shape,
  );
}

describe("models", () => {
  it("mlp logits equal an independent float64 forward pass, for every activation", () => {
    for (const activation of ["relu", "softplus", "tanh"] as const) {
      const model = mlp({ inputShape: [3, 2], hidden: [5, 4], numClasses: 3, activation, seed: 7 });
      const x = randomInputs([4, 3, 2], 1);
      const got = model.logits(x);
      const xs = x.arraySync() as number[][][];
      const w = model.params.map((p) => p.dataSync() as Float32Array);
      const expected: number[] = [];
      for (const example of xs) {
        let h = example.flat();
        const widths = [6, 5, 4, 3];
        for (let l = 0; l < 3; l++) {
          h = denseForward(h, w[2 * l], w[2 * l + 1], widths[l], widths[l + 1]);
          if (l < 2) h = h.map((z) => act(activation, z));
        }
        expected.push(...h);
      }
      assertClose(got.dataSync(), expected, 1e-5, `mlp ${activation}`);
      assert.deepEqual(got.shape, [4, 3]);
      tf.dispose([x, got]);
      model.dispose();
    }
  });

  it("small CNN logits equal an independent float64 conv / pool / dense pass", () => {
    for (const pool of ["max", "mean"] as const) {
      const model = smallCnn({ inputShape: [7, 6, 2], channels: [3], hidden: [4], numClasses: 2, pool, seed: 3 });
      const x = randomInputs([2, 7, 6, 2], 2);
      const got = model.logits(x).dataSync();
      const xs = x.arraySync() as number[][][][];
      const [k, b, k1, b1, k2, b2] = model.params.map((p) => p.dataSync() as Float32Array);
      const expected: number[] = [];
      for (const img of xs) {
        // conv 3x3 valid: 7x6 -> 5x4, then 2x2 pooling -> 2x2, 3 channels -> 12 features (h, w, c order).
        const conv = (r: number, c: number, o: number) => {
          let s = b[o];
          for (let a = 0; a < 3; a++) for (let d = 0; d < 3; d++) for (let i = 0; i < 2; i++) s += img[r + a][c + d][i] * k[((a * 3 + d) * 2 + i) * 3 + o];
          return Math.max(0, s);
        };
        const features: number[] = [];
        for (let r = 0; r < 2; r++)
          for (let c = 0; c < 2; c++)
            for (let o = 0; o < 3; o++) {
              const window = [conv(2 * r, 2 * c, o), conv(2 * r, 2 * c + 1, o), conv(2 * r + 1, 2 * c, o), conv(2 * r + 1, 2 * c + 1, o)];
              features.push(pool === "max" ? Math.max(...window) : window.reduce((s, v) => s + v, 0) / 4);
            }
        const hidden = denseForward(features, k1, b1, 12, 4).map((z) => Math.max(0, z));
        expected.push(...denseForward(hidden, k2, b2, 4, 2));
      }
      assertClose(got, expected, 1e-5, `cnn ${pool}`);
      x.dispose();
      model.dispose();
    }
  });

  it("small CNN with max pooling: logits and all gradients equal the textbook order conv → bias → activation → pool", () => {
    // The model pools before the bias and the activation (small-cnn.ts); this is the order it replaces.
    for (const activation of ["relu", "softplus", "tanh"] as const) {
      const model = smallCnn({ inputShape: [12, 11, 2], channels: [3, 4], hidden: [5], numClasses: 3, activation, seed: 4 });
      const x = randomInputs([3, 12, 11, 2], 5);
      const labels = tf.oneHot(tf.tensor1d([0, 2, 1], "int32"), 3);
      const fn = (name: string) => (z: tf.Tensor) => (name === "relu" ? tf.relu(z) : name === "softplus" ? tf.softplus(z) : tf.tanh(z));
      const textbook = (input: tf.Tensor, p: tf.Tensor[]): tf.Tensor => {
        let a = input as tf.Tensor4D;
        for (let l = 0; l < 2; l++)
          a = tf.maxPool(fn(activation)(tf.add(tf.conv2d(a, p[2 * l] as tf.Tensor4D, 1, "valid"), p[2 * l + 1])) as tf.Tensor4D, 2, 2, "valid");
        const h = fn(activation)(tf.add(tf.matMul(a.reshape([a.shape[0], -1]), p[4] as tf.Tensor2D), p[5])) as tf.Tensor2D;
        return tf.add(tf.matMul(h, p[6] as tf.Tensor2D), p[7]);
      };
      const loss = (logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      const inputs = [x, ...model.params];
      const got = tf.grads((...t: tf.Tensor[]) => loss(model.logits(t[0])))(inputs);
      const want = tf.grads((...t: tf.Tensor[]) => loss(textbook(t[0], t.slice(1))))(inputs);
      assertClose(model.logits(x).dataSync(), textbook(x, model.params).dataSync(), 1e-6, `${activation} logits`);
      // Normwise (max |got − want| ≤ 1e-5 · max |want|): entries of the input gradient are sums that nearly
      // cancel, where float32 rounding alone gives relative errors of 1e-4; a misrouted gradient gives O(1).
      got.forEach((g, i) => {
        const expected = Array.from(want[i].dataSync());
        const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const worst = Array.from(g.dataSync()).reduce((m, v, j) => Math.max(m, Math.abs(v - expected[j])), 0);
        assert.ok(
          scale > 0 && worst <= 1e-5 * scale,
          `${activation} gradient ${i === 0 ? "x" : model.params[i - 1].name}: max error ${worst} against max ${scale}`,
        );
      });
      tf.dispose([x, labels, ...got, ...want]);
      model.dispose();
    }
  });

  it("binary linear model: softmax cross-entropy equals the logistic loss softplus(−ỹ(wᵀx + b))", () => {
    const model = linear({ inputShape: [4], numClasses: 2, seed: 1 });
    const x = randomInputs([5, 4], 4);
    const y = tf.tensor1d([0, 1, 1, 0, 1], "int32");
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(y, 2), model.logits(x), undefined, 0, tf.Reduction.NONE).dataSync();
    const w = model.params[0].dataSync();
    const bias = model.params[1].dataSync()[0];
    const xs = x.arraySync() as number[][];
    const expected = xs.map((row, n) => {
      const z = row.reduce((s, v, i) => s + v * w[i], bias);
      const sign = [0, 1, 1, 0, 1][n] === 1 ? 1 : -1;
      return Math.log1p(Math.exp(-sign * z));
    });
    assertClose(ce, expected, 1e-5, "logistic loss");
    tf.dispose([x, y]);
    model.dispose();
  });

  it("parameters follow the documented order: per layer, kernel [in, out] then bias", () => {
    const m = mlp({ inputShape: [10], hidden: [7], numClasses: 3 });
    assert.deepEqual(
      m.params.map((p) => p.shape),
      [[10, 7], [7], [7, 3], [3]],
    );
    const c = smallCnn({ inputShape: [28, 28, 1], numClasses: 10 });
    assert.deepEqual(
      c.params.map((p) => p.shape),
      [[3, 3, 1, 32], [32], [3, 3, 32, 64], [64], [1600, 128], [128], [128, 10], [10]],
    );
    const l = linear({ inputShape: [28, 28, 1], numClasses: 10 });
    assert.deepEqual(
      l.params.map((p) => p.shape),
      [[784, 10], [10]],
    );
    [m, c, l].forEach((model) => model.dispose());
  });

  it("the same seed gives identical initial weights; a different seed different ones", () => {
    const a = mlp({ inputShape: [5], hidden: [4], numClasses: 2, seed: 11 });
    const b = mlp({ inputShape: [5], hidden: [4], numClasses: 2, seed: 11 });
    const c = mlp({ inputShape: [5], hidden: [4], numClasses: 2, seed: 12 });
    a.params.forEach((p, i) => assert.deepEqual(p.dataSync(), b.params[i].dataSync()));
    assert.notDeepEqual(a.params[0].dataSync(), c.params[0].dataSync());
    [a, b, c].forEach((m) => m.dispose());
  });

  it("initial weights follow U(−1/√fan_in, 1/√fan_in)", () => {
    const m = mlp({ inputShape: [400], hidden: [300], numClasses: 2, seed: 5 });
    const w = m.params[0].dataSync();
    const bound = 1 / Math.sqrt(400);
    let max = 0,
      sumSq = 0;
    for (const v of w) {
      max = Math.max(max, Math.abs(v));
      sumSq += v * v;
    }
    assert.ok(max <= bound && max > 0.99 * bound, `max |w| ${max} vs bound ${bound}`);
    // Variance of U(−a, a) is a²/3.
    assertClose([sumSq / w.length], [(bound * bound) / 3], 0.01, "variance");
    m.dispose();
  });

  it("weights round-trip through JSON exactly and rebuild from config", () => {
    const m = smallCnn({ inputShape: [8, 8, 1], channels: [2], hidden: [], numClasses: 3, seed: 9 });
    m.params.forEach((p) => p.assign(tf.add(p, 0.123456789)));
    const json = JSON.parse(JSON.stringify(weightsToJson(m)));
    const rebuilt = modelFromJson(json);
    m.params.forEach((p, i) => assert.deepEqual(rebuilt.params[i].dataSync(), p.dataSync()));
    const other = mlp({ inputShape: [64], hidden: [3], numClasses: 3 });
    assert.throws(() => loadWeights(other, json), /weights are for/);
    const fresh = modelFromConfig(m.config);
    assert.notDeepEqual(fresh.params[0].dataSync(), m.params[0].dataSync());
    [m, rebuilt, other, fresh].forEach((model) => model.dispose());
  });

  it("rejects bad input before any work", () => {
    const m = mlp({ inputShape: [4], hidden: [3], numClasses: 2 });
    assert.throws(() => m.logits(tf.zeros([2, 5])), /x must have shape \[batch, 4\]/);
    assert.throws(() => mlp({ inputShape: [4], hidden: [0], numClasses: 2 }), /hidden\[0\]/);
    assert.throws(() => mlp({ inputShape: [4], hidden: [3], numClasses: 1 }), /numClasses/);
    assert.throws(() => mlp({ inputShape: [4], hidden: [3], numClasses: 2, activation: "gelu" as never }), /activation/);
    assert.throws(() => smallCnn({ inputShape: [4, 4, 1], numClasses: 2 }), /too small/);
    assert.throws(() => modelFromConfig({ kind: "resnet", seed: 0 }), /config.kind/);
    m.dispose();
  });

  it("building and disposing a model leaves no tensors behind", () => {
    assertNoLeak(() => {
      const model = smallCnn({ inputShape: [6, 6, 1], channels: [2], hidden: [3], numClasses: 2 });
      model.dispose();
    }, "model construction");
  });

  it("forward passes leak no tensors", () => {
    const models = [
      linear({ inputShape: [6], numClasses: 2 }),
      mlp({ inputShape: [6], hidden: [5], numClasses: 3, activation: "softplus" }),
      smallCnn({ inputShape: [6, 6, 1], channels: [2], hidden: [3], numClasses: 2, pool: "mean", activation: "tanh" }),
    ];
    for (const model of models) {
      const x = tf.zeros([2, ...model.inputShape]);
      assertNoLeak(() => model.logits(x), model.name);
      x.dispose();
      model.dispose();
    }
  });
});
