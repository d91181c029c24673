import { strict as assert } from "assert";
import * as fs from "fs";
import { readResult, stampCaption, validateStamp } from "../../lib/results";
import { fit, trainingStamp, writeTrainingResult, type TrainingData, type TrainingResults } from "../../lib/train";
import { disposeData, mnistSubset, smallMlp, temporaryFolder } from "./support";

describe("train/result", () => {
  let train: TrainingData;
  let test: TrainingData;
  let dir: string;
  before(() => {
    train = mnistSubset(64);
    test = mnistSubset(20, "test");
    dir = temporaryFolder("train-result");
  });
  after(() => {
    disposeData(train, test);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a training run's result file validates against the stamp schema and holds the log, budget and final evaluation", async () => {
    const model = smallMlp(50);
    try {
      const result = await fit(
        model,
        { train, test },
        {
          epochs: 2,
          batchSize: 32,
          attack: { norm: "linf", eps: 0.1, steps: 2 },
          optimizer: { kind: "entropy-sgd", L: 2 },
          evaluation: { final: { "pgd-4": { norm: "linf", eps: 0.1, steps: 4 } } },
          progress: false,
        },
      );
      const fields = { scale: "quick" as const, dataset: "MNIST train 64 (stratified, seed 0) / test 20" };
      const stamp = trainingStamp(result, fields);
      validateStamp(stamp);
      assert.equal(stamp.threat, "L∞ ε=0.1");
      assert.match(
        stamp.optimizer,
        /^EntropySGD \(project-default, L=2, γ0=0\.03 scoped γ1=0\.001, η′=0\.1, noise 0\.0001, lr 1 ×0\.2 at epoch 1, ×0\.2 at epoch 1\.5\)$/,
      );
      assert.match(stamp.attack, /^train PGD-2 linf eps=0\.1 .*; eval PGD-20 linf eps=0\.1 .*; final PGD-4 linf eps=0\.1/);
      assert.equal(stamp.budget, `2 epochs (batch 32), 2 steps, ${result.budget.gradientEvaluations} gradient evaluations`);
      assert.deepEqual(stamp.seeds, [0]);
      assert.equal(stamp.model, "mlp(784-16-10, relu)");

      const file = writeTrainingResult("e5-unit", result, fields, dir);
      assert.ok(file.endsWith("e5-unit.json"));
      const back = readResult<TrainingResults>("e5-unit", dir);
      assert.deepEqual(back.stamp, stamp);
      assert.deepEqual(back.config, JSON.parse(JSON.stringify(result.config)));
      assert.deepEqual(back.results.log, result.log);
      assert.equal(back.results.budget.gradientEvaluations, result.budget.gradientEvaluations);
      assert.ok(back.results.final !== null && back.results.final.attacks["pgd-4"].robustAccuracy <= back.results.final.cleanAccuracy);
      assert.equal(back.provenance.wallTimeSeconds, result.wallTimeSeconds);
      assert.match(stampCaption(back.stamp), /^Scale: quick · MNIST train 64 .* · mlp\(784-16-10, relu\) · L∞ ε=0\.1 · /);
      assert.throws(() => writeTrainingResult("e5-bad", result, { ...fields, dataset: "" }, dir), /lacks dataset/);
      assert.ok(!fs.existsSync(`${dir}/e5-bad.json`));
    } finally {
      model.dispose();
    }
  });
});
