import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { batches, EpochSampler } from "../../lib/data/batches";

function sorted(a: ArrayLike<number>): number[] {
  return Array.from(a).sort((p, q) => p - q);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe("data/batches", () => {
  it("each epoch is a permutation of all examples, reshuffled from epoch to epoch", () => {
    const sampler = new EpochSampler(103, { batchSize: 10, seed: 1 });
    assert.equal(sampler.batchesPerEpoch, 11);
    const epochs: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const seen: number[] = [];
      for (let b = 0; b < sampler.batchesPerEpoch; b++) {
        const batch = sampler.nextBatch();
        assert.equal(batch.length, b < 10 ? 10 : 3);
        seen.push(...batch);
      }
      assert.deepEqual(sorted(seen), range(103));
      epochs.push(seen);
    }
    assert.notDeepEqual(epochs[0], epochs[1]);
    assert.notDeepEqual(epochs[1], epochs[2]);
    assert.equal(sampler.epoch, 3);
    // nextEpoch hands out the same sequence of epochs.
    const whole = new EpochSampler(103, { batchSize: 10, seed: 1 });
    for (let e = 0; e < 3; e++) assert.deepEqual(Array.from(whole.nextEpoch()), epochs[e]);
  });

  it("dropLast skips the short batch; shuffle: false keeps the order", () => {
    const sampler = new EpochSampler(103, { batchSize: 10, seed: 2, dropLast: true });
    assert.equal(sampler.batchesPerEpoch, 10);
    const seen: number[] = [];
    for (let b = 0; b < 10; b++) {
      const batch = sampler.nextBatch();
      assert.equal(batch.length, 10);
      seen.push(...batch);
    }
    assert.equal(new Set(seen).size, 100);
    assert.equal(sampler.nextBatch().length, 10); // the next epoch begins
    assert.equal(sampler.epoch, 2);
    assert.equal(new EpochSampler(25, { batchSize: 10, seed: 2, dropLast: true }).nextEpoch().length, 20);
    const ordered = new EpochSampler(7, { batchSize: 3, shuffle: false });
    assert.deepEqual(Array.from(ordered.nextBatch()), [0, 1, 2]);
    assert.deepEqual(Array.from(ordered.nextEpoch()), range(7));
  });

  it("resuming from state() gives the same sequence as an uninterrupted run, mid-epoch too", () => {
    const options = { batchSize: 8, seed: 42 };
    const reference = new EpochSampler(30, options);
    const expected = range(17).map(() => Array.from(reference.nextBatch()));
    for (const stop of [0, 1, 3, 4, 9, 12]) {
      const first = new EpochSampler(30, options);
      const got: number[][] = [];
      for (let i = 0; i < stop; i++) got.push(Array.from(first.nextBatch()));
      // Through JSON, as a checkpoint would store it.
      const resumed = EpochSampler.fromState(JSON.parse(JSON.stringify(first.state())));
      assert.equal(resumed.epoch, first.epoch);
      assert.equal(resumed.batch, first.batch);
      while (got.length < 17) got.push(Array.from(resumed.nextBatch()));
      assert.deepEqual(got, expected, `stopped after ${stop} batches`);
    }
    assert.throws(() => EpochSampler.fromState({ ...reference.state(), batch: 99 }), /state.batch must be an integer in \[0, 4\], got 99/);
  });

  it("batches(): tensors gathered in the sampler's order; a sampler carries on across epochs", () => {
    const n = 13;
    const x = tf.tensor2d(range(2 * n), [n, 2]);
    const y = tf.tensor1d(
      range(n).map((i) => i % 3),
      "int32",
    );
    const order = new EpochSampler(n, { batchSize: 5, seed: 7 }).nextEpoch();
    const seen: number[] = [];
    for (const batch of batches({ x, y }, { batchSize: 5, seed: 7 })) {
      const xs = batch.x.arraySync() as number[][];
      const ys = batch.y.dataSync();
      xs.forEach((row, i) => {
        const index = row[0] / 2;
        assert.deepEqual(row, [2 * index, 2 * index + 1]);
        assert.equal(ys[i], index % 3);
        seen.push(index);
      });
      tf.dispose(batch);
    }
    assert.deepEqual(seen, Array.from(order));
    const sampler = new EpochSampler(n, { batchSize: 5, seed: 7, dropLast: true });
    const counts: number[] = [];
    for (let e = 0; e < 3; e++) {
      let k = 0;
      for (const batch of batches({ x, y }, sampler)) {
        assert.equal(batch.x.shape[0], 5);
        k++;
        tf.dispose(batch);
      }
      counts.push(k);
    }
    assert.deepEqual(counts, [2, 2, 2]);
    assert.equal(sampler.epoch, 3);
    const before = tf.memory().numTensors;
    for (const batch of batches({ x, y }, { batchSize: 4, seed: 1 })) tf.dispose(batch);
    assert.equal(tf.memory().numTensors, before, "batches() leaked tensors");
    tf.dispose([x, y]);
  });

  it("errors before any work", () => {
    const x = tf.zeros([6, 2]);
    const y = tf.zeros([6], "int32");
    assert.throws(() => batches({ x, y }, { batchSize: 7, seed: 1 }), /batchSize must be at most the number of examples \(6\), got 7/);
    assert.throws(() => batches({ x, y }, { batchSize: 0, seed: 1 }), /batchSize must be an integer ≥ 1, got 0/);
    assert.throws(() => batches({ x, y }, { batchSize: 2 }), /seed is required when shuffling/);
    assert.throws(() => batches({ x, y: tf.zeros([5]) }, { batchSize: 2, seed: 1 }), /same first dimension/);
    assert.throws(() => batches({ x, y }, new EpochSampler(7, { batchSize: 2, seed: 1 })), /sampler is for 7 examples, but data has 6/);
    tf.dispose([x, y]);
    tf.disposeVariables();
  });
});
