import { strict as assert } from "assert";
import * as fs from "fs";
import * as tf from "@tensorflow/tfjs";
import { fgsmAttack } from "../../lib/attacks";
import type { Classifier } from "../../lib/models";
import { checkpointFile, fit, type FitOptions, type TrainingData } from "../../lib/train";
import { disposeData, mnistSubset, sameBits, smallMlp, temporaryFolder, weightsOf } from "./support";

describe("train/validation: bad input fails before training starts", () => {
  let train: TrainingData;
  let test: TrainingData;
  let model: Classifier;
  let dir: string;
  before(() => {
    train = mnistSubset(50);
    test = mnistSubset(20, "test");
    model = smallMlp(40);
    dir = temporaryFolder("validation");
  });
  after(() => {
    disposeData(train, test);
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const attack = { norm: "linf" as const, eps: 0.1, steps: 2 };
  const base: FitOptions = { epochs: 1, batchSize: 10, attack, progress: false };
  const cases: { name: string; options: object; error: RegExp; data?: () => { train: TrainingData; test?: TrainingData } }[] = [
    { name: "an unknown fit option", options: { ...base, epoch: 3 }, error: /unknown fit option\(s\): epoch/ },
    {
      name: "an unknown optimiser option (SGD)",
      options: { ...base, optimizer: { kind: "sgd", lr: 0.1, momentun: 0.9 } },
      error: /unknown Sgd option\(s\): momentun/,
    },
    {
      name: "an unknown optimiser option (EntropySGD)",
      options: { ...base, optimizer: { kind: "entropy-sgd", gamma: 0.1 } },
      error: /unknown EntropySgd option\(s\): gamma \(/,
    },
    {
      name: "an unknown optimiser kind",
      options: { ...base, optimizer: { kind: "adam", lr: 0.1 } },
      error: /optimizer\.kind must be one of "sgd", "sam", "entropy-sgd", got "adam"/,
    },
    { name: "L negative", options: { ...base, optimizer: { kind: "entropy-sgd", L: -1 } }, error: /L must be an integer ≥ 0, got -1/ },
    { name: "L not an integer", options: { ...base, optimizer: { kind: "entropy-sgd", L: 2.5 } }, error: /L must be an integer ≥ 0, got 2\.5/ },
    { name: "a negative γ", options: { ...base, optimizer: { kind: "entropy-sgd", gamma0: -0.03 } }, error: /gamma0 must be ≥ 0, got -0\.03/ },
    { name: "a negative scoping rate", options: { ...base, optimizer: { kind: "entropy-sgd", gamma1: -1e-3 } }, error: /gamma1 must be ≥ 0, got -0\.001/ },
    { name: "a negative learning rate (SGD)", options: { ...base, optimizer: { kind: "sgd", lr: -0.1 } }, error: /lr must be ≥ 0, got -0\.1/ },
    {
      name: "a negative learning rate (EntropySGD inner)",
      options: { ...base, optimizer: { kind: "entropy-sgd", innerLr: -0.1 } },
      error: /innerLr must be ≥ 0, got -0\.1/,
    },
    {
      name: "a negative learning rate (schedule description)",
      options: { ...base, optimizer: { kind: "sam", lr: { kind: "piecewise", initial: -1, milestones: [] } } },
      error: /piecewise: initial must be ≥ 0, got -1/,
    },
    { name: "a negative ρ", options: { ...base, optimizer: { kind: "sam", lr: 0.1, rho: -0.05 } }, error: /rho must be ≥ 0, got -0\.05/ },
    {
      name: "a batch larger than the data",
      options: { ...base, batchSize: 51 },
      error: /batchSize must be at most the number of training examples \(50\), got 51/,
    },
    { name: "a batch size of 0", options: { ...base, batchSize: 0 }, error: /batchSize must be an integer ≥ 1, got 0/ },
    { name: "epochs ≤ 0", options: { ...base, epochs: 0 }, error: /epochs must be > 0, got 0/ },
    { name: "an unknown attack option", options: { ...base, attack: { ...attack, step: 0.01 } }, error: /unknown PGD option\(s\): step/ },
    { name: "a negative ε", options: { ...base, attack: { ...attack, eps: -0.1 } }, error: /eps must be ≥ 0, got -0\.1/ },
    { name: "ε warm-up without an attack", options: { ...base, attack: null, epsWarmup: 1 }, error: /epsWarmup needs a training attack/ },
    {
      name: "reuseAdversarial with SGD",
      options: { ...base, optimizer: { kind: "sgd", lr: 0.1, reuseAdversarial: true } },
      error: /unknown Sgd option\(s\): reuseAdversarial/,
    },
    {
      name: "SAM's reattack with EntropySGD",
      options: { ...base, optimizer: { kind: "entropy-sgd", reattack: false } },
      error: /unknown EntropySgd option\(s\): reattack/,
    },
    {
      name: "an unknown optimiser kind",
      options: { ...base, optimizer: { kind: "adam", lr: 0.1 } },
      error: /optimizer\.kind must be one of "sgd", "sam", "entropy-sgd", got "adam"/,
    },
    {
      name: "a bound attack with an ε warm-up",
      options: { ...base, attack: fgsmAttack({ norm: "linf", eps: 0.1 }), epsWarmup: 1, evaluation: null },
      error: /epsWarmup needs PGD options \(rebuilt at every radius\), got the bound attack FGSM/,
    },
    {
      name: "a bound attack without an evaluation attack",
      options: { ...base, attack: fgsmAttack({ norm: "linf", eps: 0.1 }) },
      error: /evaluation\.attack must be given \(PGD options or null\) when the training attack is a bound Attack/,
    },
    { name: "a negative budget", options: { ...base, maxGradientEvaluations: -5 }, error: /maxGradientEvaluations must be an integer ≥ 1, got -5/ },
    { name: "an unknown evaluation option", options: { ...base, evaluation: { attacks: [] } }, error: /unknown evaluation option\(s\): attacks/ },
    { name: "evaluation without held-out data", options: { ...base, evaluation: {} }, error: /evaluation needs held-out data/, data: () => ({ train }) },
    {
      name: "more evaluation examples than held out",
      options: { ...base, evaluation: { examples: 21 } },
      error: /evaluation\.examples must be at most the 20 held-out examples, got 21/,
    },
    { name: "a run name that is a path", options: { ...base, run: "../x" }, error: /run must be a plain name/ },
    {
      name: "inputs of another shape",
      options: base,
      error: /data\.train\.x must have shape \[n ≥ 1, 28, 28, 1\]/,
      data: () => ({ train: { x: tf.zeros([50, 784]), y: train.y } }),
    },
    {
      name: "inputs outside the attack's box",
      options: base,
      error: /data\.train\.x must lie within the attack's bounds \[0, 1\], got values in \[0, 2\]/,
      data: () => ({ train: { x: tf.mul(train.x, 2), y: train.y } }),
    },
    {
      name: "labels that are not class ids",
      options: base,
      error: /data\.train\.y\[0\] must be a class id in \[0, 10\), got 12/,
      data: () => ({ train: { x: train.x, y: tf.fill([50], 12, "int32") as tf.Tensor1D } }),
    },
  ];

  for (const { name, options, error, data } of cases) {
    it(`${name}: ${error.source.replace(/\\/g, "").slice(0, 70)}`, async () => {
      const given = data?.() ?? { train, test };
      const before = weightsOf(model);
      const tensors = tf.memory().numTensors;
      await assert.rejects(fit(model, given, { ...(options as unknown as FitOptions), checkpointDir: dir }), error);
      assert.ok(sameBits(weightsOf(model), before), "weights untouched");
      assert.equal(tf.memory().numTensors, tensors, "no tensor left behind");
      assert.ok(!fs.existsSync(checkpointFile(dir)), "no checkpoint written");
      const shared = new Set<tf.Tensor>([train.x, train.y, test.x, test.y]);
      for (const d of [given.train, given.test]) if (d) tf.dispose([d.x, d.y].filter((t) => !shared.has(t)));
    });
  }
});
