import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { checkpointFile, fit, readCheckpoint, type FitOptions, type FitResult, type TrainingData } from "../../lib/train";
import { disposeData, mnistSubset, sameBits, smallMlp, temporaryFolder, weightsOf } from "./support";

const BATCH = 32;

/** A log without its timings, which differ between runs. */
function withoutTimes(result: FitResult) {
  return result.log.map(({ trainSeconds: _t, evaluationSeconds: _e, wallTimeSeconds: _w, elapsedSeconds: _s, ...rest }) => rest);
}

class Interruption extends Error {}

describe("train/checkpoint", () => {
  let train: TrainingData;
  let test: TrainingData;
  const folders: string[] = [];
  const folder = (name: string) => {
    const f = temporaryFolder(`checkpoint-${name}`);
    folders.push(f);
    return f;
  };
  before(() => {
    train = mnistSubset(100);
    test = mnistSubset(30, "test");
  });
  after(() => {
    disposeData(train, test);
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  });

  const attack = { norm: "linf" as const, eps: 0.1, steps: 2 };
  const runs: { name: string; options: FitOptions }[] = [
    { name: "SGD with momentum", options: { epochs: 3, batchSize: BATCH, attack, optimizer: { kind: "sgd", lr: 0.05, momentum: 0.9, weightDecay: 5e-4 } } },
    { name: "SAM", options: { epochs: 3, batchSize: BATCH, attack, optimizer: { kind: "sam", lr: 0.05, momentum: 0.9, reattack: true } } },
    // L = 3 with 4 minibatches per epoch: outer steps straddle the epoch boundaries.
    {
      name: "EntropySGD (noise, scoped γ, momenta)",
      options: {
        epochs: 3,
        batchSize: BATCH,
        attack,
        optimizer: { kind: "entropy-sgd", L: 3, noise: 1e-3, innerMomentum: 0.5, outerMomentum: 0.5 },
        epsWarmup: 1,
      },
    },
  ];

  for (const { name, options } of runs) {
    it(`${name}: an interrupted run resumed from its checkpoint ends with the same weights, bit for bit, as an uninterrupted one`, async () => {
      const uninterrupted = smallMlp(20);
      const reference = await fit(uninterrupted, { train, test }, { ...options, checkpointDir: folder("whole"), progress: false });
      const expected = weightsOf(uninterrupted);
      uninterrupted.dispose();

      const dir = folder("interrupted");
      const first = smallMlp(20);
      // The process "dies" after epoch 1's checkpoint was written.
      const interrupt = () => {
        throw new Interruption("killed after epoch 1");
      };
      await assert.rejects(fit(first, { train, test }, { ...options, checkpointDir: dir, progress: false, onEpochEnd: interrupt }), Interruption);
      first.dispose();
      assert.equal(readCheckpoint(dir)?.epoch, 1);

      const before = tf.memory().numTensors;
      const second = smallMlp(20); // a fresh process builds the model again from its config
      const resumed = await fit(second, { train, test }, { ...options, checkpointDir: dir, progress: false });
      assert.ok(sameBits(weightsOf(second), expected), "final weights equal bit for bit");
      assert.equal(resumed.resumedFromEpoch, 1);
      assert.deepEqual(withoutTimes(resumed), withoutTimes(reference), "the same log");
      assert.deepEqual(resumed.budget, reference.budget, "the same budget");
      second.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it("a finished run resumes at once: the recorded log and the final weights, no training", async () => {
    const dir = folder("finished");
    const options: FitOptions = { epochs: 2, batchSize: BATCH, attack, checkpointDir: dir, progress: false };
    const model = smallMlp(21);
    const done = await fit(model, { train }, options);
    const trained = weightsOf(model);
    model.dispose();
    const fresh = smallMlp(21);
    let epochs = 0;
    const again = await fit(fresh, { train }, { ...options, onEpochEnd: () => void epochs++ });
    assert.equal(epochs, 0, "no epoch ran");
    assert.deepEqual(again.log, done.log);
    assert.ok(sameBits(weightsOf(fresh), trained));
    fresh.dispose();
  });

  it("refuses a checkpoint from another model, other options or other data, naming the difference, before any training", async () => {
    const dir = folder("mismatch");
    const options: FitOptions = { epochs: 1, batchSize: BATCH, attack, checkpointDir: dir, progress: false };
    const model = smallMlp(22);
    await fit(model, { train }, options);
    model.dispose();
    const saved = fs.readFileSync(checkpointFile(dir), "utf8");

    const other = smallMlp(22, [24]);
    const before = weightsOf(other);
    await assert.rejects(
      fit(other, { train }, options),
      (e: Error) => e instanceof RangeError && /from another model/.test(e.message) && /model\.hidden/.test(e.message),
    );
    assert.ok(sameBits(weightsOf(other), before), "weights untouched");
    other.dispose();

    const reseeded = smallMlp(23);
    await assert.rejects(fit(reseeded, { train }, options), /from another model \(model\.seed: checkpoint 22, now 23/);
    reseeded.dispose();

    const same = smallMlp(22);
    await assert.rejects(
      fit(same, { train }, { ...options, attack: { ...attack, eps: 0.2 } }),
      /from other options \(config\.attack\.eps: checkpoint 0\.1, now 0\.2/,
    );
    await assert.rejects(fit(same, { train }, { ...options, batchSize: 16 }), /from other options \(config\.batchSize/);
    const otherData = mnistSubset(100, "train", 5);
    await assert.rejects(fit(same, { train: otherData }, options), /from other data \(data\.train\.hash/);
    disposeData(otherData);
    assert.equal(fs.readFileSync(checkpointFile(dir), "utf8"), saved, "the checkpoint is left as it was");

    // The same configuration written with its keys in another order is the same run.
    await fit(same, { train }, { ...options, attack: { steps: 2, eps: 0.1, norm: "linf" } });
    // resume: false starts over and replaces the checkpoint.
    const restarted = await fit(same, { train }, { ...options, epochs: 2, resume: false });
    assert.equal(restarted.resumedFromEpoch, null);
    assert.equal(readCheckpoint(dir)?.epoch, 2);
    same.dispose();
  });

  it("a file that is not a checkpoint is refused with its name", async () => {
    const dir = folder("garbage");
    fs.writeFileSync(path.join(dir, "checkpoint.json"), '{"format": "at-checkpoint/1", "weights": ');
    const model = smallMlp(24);
    await assert.rejects(fit(model, { train }, { epochs: 1, batchSize: BATCH, checkpointDir: dir, progress: false }), /is not a readable checkpoint/);
    model.dispose();
  });

  it("the checkpoint holds weights and buffers exactly, in compact form, and no temporary files are left", async () => {
    const dir = folder("compact");
    const model = smallMlp(25);
    await fit(model, { train }, { epochs: 1, batchSize: BATCH, optimizer: { kind: "sgd", lr: 0.05, momentum: 0.9 }, checkpointDir: dir, progress: false });
    const checkpoint = readCheckpoint(dir);
    assert.ok(checkpoint !== null);
    checkpoint.weights.params.forEach((p, i) =>
      assert.ok(sameBits([Float32Array.from(p.values)], [model.params[i].dataSync() as Float32Array]), `parameter ${i}`),
    );
    assert.deepEqual(fs.readdirSync(dir), ["checkpoint.json"]);
    // 12,730 parameters and as many momentum values: base64 float32, not decimal JSON.
    assert.ok(fs.statSync(checkpointFile(dir)).size < 2 * 12730 * 6, `size ${fs.statSync(checkpointFile(dir)).size}`);
    model.dispose();
  });
});
