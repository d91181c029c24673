// MNIST and Fashion-MNIST as prepared by scripts/prepare-datasets.ts: counts, label histograms and pixel
// statistics against the published values; the tensors against the raw bytes; subsets; errors.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import * as tf from "@tensorflow/tfjs";
import { clearDatasetCache, datasetsDir } from "../../lib/data/dataset-files";
import { loadFashionMnist, readFashionMnistBytes } from "../../lib/data/fashion-mnist";
import { ByteImages } from "../../lib/data/labelled-images";
import { loadMnist, readMnistBytes } from "../../lib/data/mnist";
import { assertNoLeak } from "../helpers";

function histogram(labels: ArrayLike<number>, k = 10): number[] {
  const h = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) h[labels[i]]++;
  return h;
}

/** Mean and standard deviation of all pixels in [0, 1], from the bytes (exact integer sums). */
function pixelStats(images: Uint8Array): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < images.length; i++) {
    sum += images[i];
    squares += images[i] * images[i];
  }
  const mean = sum / images.length / 255;
  return { mean, std: Math.sqrt(squares / images.length / (255 * 255) - mean * mean) };
}

/** Check that x[i] is image indices[i] of the raw bytes divided by 255, and y[i] its label. */
function assertMatchesBytes(x: tf.Tensor, y: tf.Tensor, raw: ByteImages, indices: number[], labels: number[]): void {
  const size = 28 * 28;
  const xs = x.dataSync();
  const ys = y.dataSync();
  indices.forEach((index, i) => {
    assert.equal(ys[i], labels[i]);
    for (let p = 0; p < size; p++) {
      const expected = Math.fround(raw.images[index * size + p] / 255);
      if (xs[i * size + p] !== expected) assert.fail(`example ${i}, pixel ${p}: ${xs[i * size + p]} != ${expected}`);
    }
  });
}

const MNIST_TRAIN_HISTOGRAM = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const MNIST_TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe("data/mnist and data/fashion-mnist", () => {
  let scratch: string;
  before(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-test-"))));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("MNIST: 60,000 + 10,000 examples, the published label histograms, mean 0.1307, std 0.3081", () => {
    const train = readMnistBytes("train");
    const test = readMnistBytes("test");
    assert.deepEqual([train.count, train.height, train.width, train.channels], [60000, 28, 28, 1]);
    assert.equal(test.count, 10000);
    assert.deepEqual(histogram(train.labels), MNIST_TRAIN_HISTOGRAM);
    assert.deepEqual(histogram(test.labels), MNIST_TEST_HISTOGRAM);
    const { mean, std } = pixelStats(train.images);
    assert.ok(Math.abs(mean - 0.1307) <= 0.001, `mean ${mean}`);
    assert.ok(Math.abs(std - 0.3081) <= 0.001, `std ${std}`);
  });

  it("Fashion-MNIST: 60,000 + 10,000 examples, 6,000 / 1,000 per class, mean 0.2860", () => {
    const train = readFashionMnistBytes("train");
    const test = readFashionMnistBytes("test");
    assert.equal(train.count, 60000);
    assert.equal(test.count, 10000);
    assert.deepEqual(histogram(train.labels), new Array(10).fill(6000));
    assert.deepEqual(histogram(test.labels), new Array(10).fill(1000));
    const { mean, std } = pixelStats(train.images);
    assert.ok(Math.abs(mean - 0.286) <= 0.001, `mean ${mean}`);
    assert.ok(Math.abs(std - 0.353) <= 0.001, `std ${std}`); // the commonly quoted 0.3530
  });

  it("pixel means through the tensor API (x.mean(), tf.sum(x), the per-pixel mean image) match the bytes within 1e-6", function () {
    this.timeout(120_000);
    // 47·10⁶ pixels: a float32 running sum (the stock wasm kernels) gave 0.2995 for Fashion-MNIST's 0.2860.
    for (const [name, load, read] of [
      ["MNIST", loadMnist, readMnistBytes],
      ["Fashion-MNIST", loadFashionMnist, readFashionMnistBytes],
    ] as const) {
      const raw = read("train");
      const size = 28 * 28;
      const pixelSums = new Float64Array(size);
      for (let i = 0; i < raw.images.length; i++) pixelSums[i % size] += raw.images[i];
      const n = raw.images.length;
      const mean = pixelSums.reduce((a, b) => a + b, 0) / n / 255;
      const { x, y } = load({ split: "train" });
      const viaMean = tf.tidy(() => x.mean().dataSync()[0]);
      const viaSum = tf.tidy(() => tf.sum(x).dataSync()[0]) / n;
      for (const [what, value] of [
        ["x.mean()", viaMean],
        ["tf.sum(x) / n", viaSum],
      ] as const) {
        assert.ok(Math.abs(value - mean) <= 1e-6 * mean, `${name} ${what} = ${value}, bytes give ${mean}`);
      }
      const image = tf.tidy(() => tf.mean(x, 0).dataSync());
      for (let p = 0; p < size; p++) {
        const expected = pixelSums[p] / raw.count / 255;
        assert.ok(Math.abs(image[p] - expected) <= 1e-6 * expected, `${name} mean of pixel ${p}: ${image[p]}, bytes give ${expected}`);
      }
      tf.dispose([x, y]);
    }
  });

  it("tensors: [n, 28, 28, 1] float32 = byte/255, int32 labels, in file order without a seed", () => {
    const raw = readMnistBytes("test");
    const { x, y } = loadMnist({ split: "test", limit: 50 });
    assert.deepEqual(x.shape, [50, 28, 28, 1]);
    assert.equal(x.dtype, "float32");
    assert.equal(y.dtype, "int32");
    const first = Array.from({ length: 50 }, (_, i) => i);
    assertMatchesBytes(
      x,
      y,
      raw,
      first,
      first.map((i) => raw.labels[i]),
    );
    tf.dispose([x, y]);
  });

  it("binary subsets: 3-vs-7 relabelled 0/1, stratified and seeded", () => {
    const raw = readMnistBytes("train");
    const a = loadMnist({ split: "train", classes: [3, 7], limit: 1000, seed: 4 });
    const b = loadMnist({ split: "train", classes: [3, 7], limit: 1000, seed: 4 });
    const c = loadMnist({ split: "train", classes: [3, 7], limit: 1000, seed: 5 });
    const ya = a.y.dataSync();
    const h = histogram(ya, 2);
    const share3 = (1000 * 6131) / (6131 + 6265);
    assert.ok(Math.abs(h[0] - share3) < 1 && Math.abs(h[1] - (1000 - share3)) < 1, `histogram ${h}`);
    assert.deepEqual(Array.from(a.x.dataSync()), Array.from(b.x.dataSync()));
    assert.deepEqual(Array.from(ya), Array.from(b.y.dataSync()));
    assert.notDeepEqual(Array.from(ya), Array.from(c.y.dataSync()));
    // Every returned image is a 3 (label 0) or a 7 (label 1) of the split: find each among its class.
    const size = 784;
    const xa = a.x.dataSync();
    const byImage = new Map<string, number>();
    for (let i = 0; i < raw.count; i++) {
      if (raw.labels[i] === 3 || raw.labels[i] === 7) byImage.set(raw.images.subarray(i * size, (i + 1) * size).join(","), raw.labels[i]);
    }
    for (let i = 0; i < 1000; i += 97) {
      const bytes = Array.from(xa.subarray(i * size, (i + 1) * size), (v) => Math.round(v * 255)).join(",");
      assert.equal(byImage.get(bytes), ya[i] === 0 ? 3 : 7, `example ${i}`);
    }
    tf.dispose([a, b, c]);
  });

  it("Fashion-MNIST T-shirt-vs-shirt subset with a seed is balanced", () => {
    const { x, y } = loadFashionMnist({ split: "test", classes: [0, 6], limit: 301, seed: 1 });
    assert.deepEqual(x.shape, [301, 28, 28, 1]);
    const h = histogram(y.dataSync(), 2);
    assert.ok(h[0] === 151 || h[0] === 150, `${h}`);
    tf.dispose([x, y]);
  });

  // A guard against a pathological slowdown (the loaders once took minutes), not a benchmark: the limits
  // are ~10× the times on an idle 2-core machine (0.2 s and 1.5 s), so a busy machine does not fail it.
  it("a quick-preset subset loads in a few seconds, the full train split in well under a minute", function () {
    clearDatasetCache();
    let started = process.hrtime.bigint();
    const quick = loadMnist({ split: "train", limit: 2000, seed: 0 });
    const quickSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    tf.dispose(quick);
    assert.ok(quickSeconds < 5, `quick subset took ${quickSeconds.toFixed(3)} s`);
    started = process.hrtime.bigint();
    const full = loadFashionMnist({ split: "train" });
    const fullSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.deepEqual(full.x.shape, [60000, 28, 28, 1]);
    assert.deepEqual(histogram(full.y.dataSync()), new Array(10).fill(6000));
    tf.dispose(full);
    assert.ok(fullSeconds < 30, `full train split took ${fullSeconds.toFixed(3)} s`);
    if (process.env.AT_DATA_TIMINGS) console.log(`      quick subset ${quickSeconds.toFixed(3)} s (cold), full train ${fullSeconds.toFixed(3)} s (cold)`);
  });

  it("reads gzipped IDX files from a custom folder", () => {
    const images = Buffer.alloc(16 + 3 * 784);
    images.writeUInt32BE(0x803, 0);
    images.writeUInt32BE(3, 4);
    images.writeUInt32BE(28, 8);
    images.writeUInt32BE(28, 12);
    for (let i = 0; i < 3 * 784; i++) images[16 + i] = (i * 13) % 256;
    const labels = Buffer.from([0, 0, 8, 1, 0, 0, 0, 3, 9, 2, 4]);
    fs.writeFileSync(path.join(scratch, "t10k-images-idx3-ubyte.gz"), zlib.gzipSync(images));
    fs.writeFileSync(path.join(scratch, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(labels));
    const { x, y } = loadMnist({ split: "test", dir: scratch });
    assert.deepEqual(x.shape, [3, 28, 28, 1]);
    assert.deepEqual(Array.from(y.dataSync()), [9, 2, 4]);
    assert.equal(x.dataSync()[2 * 784 + 5], Math.fround((((2 * 784 + 5) * 13) % 256) / 255));
    tf.dispose([x, y]);
  });

  it("errors: unknown split, bad limit, bad classes, missing files name `npm run setup`", () => {
    assert.throws(() => loadMnist({ split: "validation" as "train" }), /split must be one of "train", "test", got "validation"/);
    assert.throws(() => loadMnist({ split: "train", limit: 0 }), /limit must be an integer ≥ 1, got 0/);
    assert.throws(() => loadMnist({ split: "test", limit: 10001 }), /at most the split's 10000 examples, got 10001/);
    assert.throws(() => loadMnist({ split: "train", classes: [3, 3] }), /classes must be distinct/);
    assert.throws(() => loadFashionMnist({ split: "train", classes: [0, 10] }), /classes must hold integers in \[0, 9\]/);
    const empty = path.join(scratch, "empty");
    fs.mkdirSync(empty);
    assert.throws(
      () => loadMnist({ split: "train", dir: empty }),
      (e: Error) => /MNIST: file .*train-images-idx3-ubyte \(or train-images-idx3-ubyte\.gz\) not found/.test(e.message) && e.message.includes("npm run setup"),
    );
    assert.throws(
      () => loadFashionMnist({ split: "test", dir: empty }),
      (e: Error) => e.message.includes("npm run setup") && e.message.includes("apt-get install dataset-fashion-mnist"),
    );
    assert.ok(fs.existsSync(path.join(datasetsDir(), "mnist", "train-images-idx3-ubyte")), "datasetsDir() points at the prepared files");
  });

  it("leaves no tensors behind", () => {
    assertNoLeak(() => loadMnist({ split: "test", limit: 64, seed: 1 }), "loadMnist");
    assertNoLeak(() => loadFashionMnist({ split: "test", classes: [0, 6], limit: 64 }), "loadFashionMnist");
  });
});
