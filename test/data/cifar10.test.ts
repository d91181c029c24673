import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { CIFAR10_FILES, loadCifar10, parseCifar10Batch } from "../../lib/data/cifar10";
import { assertNoLeak } from "../helpers";

// The byte the test writes for example `example`, channel c, row r, column col: distinct enough that a
// transposed or shifted layout cannot match.
function pixel(example: number, channel: number, row: number, col: number): number {
  return (example * 31 + channel * 101 + row * 7 + col * 3 + ((row * col) % 5)) % 256;
}

/** A binary batch in CIFAR-10's layout: label byte, then the R, G and B planes, each row-major. */
function writeBatch(file: string, firstExample: number, labels: number[]): void {
  const bytes = new Uint8Array(labels.length * 3073);
  labels.forEach((label, i) => {
    const record = i * 3073;
    bytes[record] = label;
    for (let c = 0; c < 3; c++)
      for (let r = 0; r < 32; r++) for (let col = 0; col < 32; col++) bytes[record + 1 + c * 1024 + r * 32 + col] = pixel(firstExample + i, c, r, col);
  });
  fs.writeFileSync(file, bytes);
}

describe("data/cifar10", () => {
  let dir: string;
  const trainLabels = [3, 9, 0, 1, 2, 8, 3, 3, 7, 4];
  const testLabels = [5, 6, 9];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cifar10-test-"));
    CIFAR10_FILES.train.forEach((name, b) => writeBatch(path.join(dir, name), 2 * b, trainLabels.slice(2 * b, 2 * b + 2)));
    writeBatch(path.join(dir, "test_batch.bin"), 100, testLabels);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("places channel-major pixels at NHWC positions, byte/255, with their labels", () => {
    const { x, y } = loadCifar10({ split: "test", dir });
    assert.deepEqual(x.shape, [3, 32, 32, 3]);
    assert.equal(x.dtype, "float32");
    assert.deepEqual(Array.from(y.dataSync()), testLabels);
    const values = x.dataSync();
    for (let i = 0; i < 3; i++)
      for (let r = 0; r < 32; r++)
        for (let col = 0; col < 32; col++)
          for (let c = 0; c < 3; c++) {
            const at = ((i * 32 + r) * 32 + col) * 3 + c;
            const expected = Math.fround(pixel(100 + i, c, r, col) / 255);
            if (values[at] !== expected) assert.fail(`example ${i} (${r}, ${col}) channel ${c}: ${values[at]} != ${expected}`);
          }
    tf.dispose([x, y]);
  });

  it("joins the five train batches in order, and takes subsets", () => {
    const { x, y } = loadCifar10({ split: "train", dir });
    assert.deepEqual(x.shape, [10, 32, 32, 3]);
    assert.deepEqual(Array.from(y.dataSync()), trainLabels);
    // Example 7 (batch 4, record 2): pixel (5, 6), green.
    assert.equal(x.dataSync()[((7 * 32 + 5) * 32 + 6) * 3 + 1], Math.fround(pixel(7, 1, 5, 6) / 255));
    tf.dispose([x, y]);
    const cats = loadCifar10({ split: "train", dir, classes: [3, 9] });
    assert.deepEqual(Array.from(cats.y.dataSync()), [0, 1, 0, 0]);
    assert.equal(cats.x.dataSync()[0], Math.fround(pixel(0, 0, 0, 0) / 255));
    assert.equal(cats.x.dataSync()[3 * 32 * 32 * 3], Math.fround(pixel(7, 0, 0, 0) / 255)); // 4th cat or truck is example 7
    tf.dispose(cats);
  });

  it("rejects truncated batches and labels outside 0-9", () => {
    assert.throws(() => parseCifar10Batch(new Uint8Array(3073 * 2 - 1), "b.bin"), /b\.bin: 6145 bytes is not a whole number of 3073-byte records/);
    const bad = new Uint8Array(3073 * 2);
    bad[3073] = 10;
    assert.throws(() => parseCifar10Batch(bad), /record 1 has label 10/);
  });

  it("a missing file says where to put CIFAR-10", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "cifar10-empty-"));
    try {
      assert.throws(
        () => loadCifar10({ split: "test", dir: empty }),
        (e: Error) =>
          e.message.includes("test_batch.bin") &&
          e.message.includes("data/datasets/cifar-10-batches-bin/") &&
          e.message.includes("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    assert.throws(() => loadCifar10({ split: "valid" as "test", dir }), /split must be one of "train", "test", got "valid"/);
    assert.throws(() => loadCifar10({ split: "test", dir, limit: -1 }), /limit must be an integer ≥ 1, got -1/);
    assert.throws(() => loadCifar10({ split: "test", dir, limit: 4 }), /at most the 3 examples in the split, got 4|at most the split's 3 examples, got 4/);
  });

  it("leaves no tensors behind", () => {
    assertNoLeak(() => loadCifar10({ split: "train", dir, limit: 4, seed: 2 }), "loadCifar10");
  });
});
