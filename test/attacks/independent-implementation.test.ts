// The library against an independent float64 numpy implementation with hand-written backpropagation
// (scripts/fixtures/attacks_numpy.py; regenerate with the command in its header). The fixtures were
// drawn so that no discrete decision (sign of a gradient coordinate, ReLU kink, argmax, APGD's loss
// comparisons) is close enough to a tie for float32 and float64 to take it differently, so the two
// implementations must agree to float32 rounding along the whole path.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { ApgdOptions, apgd, fgsm, pgd } from "../../lib/attacks";
import { Classifier, linear, mlp } from "../../lib/models";
import { assertClose } from "../helpers";

interface FixtureCase {
  attack: "fgsm" | "pgd" | "apgd";
  options: Record<string, unknown>;
  expected: number[][];
  expectedMaxLoss?: number[][];
  fooled?: number[];
}

interface Fixture {
  seed: number;
  model: { kind: string; inputShape: number[]; numClasses: number; hidden?: number[]; activation?: "relu" | "softplus"; bias?: boolean };
  params: unknown[];
  x: number[][];
  y: number[];
  cases: FixtureCase[];
}

const FIXTURES = ["mlp-softplus", "mlp-relu", "logistic"];
const TOLERANCE = 1e-4;

function load(name: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "attacks", `${name}.json`), "utf8")) as Fixture;
}

function buildModel(f: Fixture): Classifier {
  const m = f.model;
  const model =
    m.kind === "linear"
      ? linear({ inputShape: m.inputShape, numClasses: m.numClasses, bias: m.bias })
      : mlp({ inputShape: m.inputShape, hidden: m.hidden as number[], numClasses: m.numClasses, activation: m.activation });
  assert.equal(model.params.length, f.params.length);
  model.params.forEach((p, i) => {
    const value = tf.tensor(f.params[i] as number[], p.shape, "float32");
    p.assign(value);
    value.dispose();
  });
  return model;
}

describe("attacks against an independent numpy implementation (float64, hand-written backprop)", () => {
  for (const name of FIXTURES) {
    describe(name, () => {
      const fixture = load(name);
      let model: Classifier;
      let x: tf.Tensor2D;
      let y: tf.Tensor1D;
      before(() => {
        model = buildModel(fixture);
        x = tf.tensor2d(fixture.x);
        y = tf.tensor1d(fixture.y, "int32");
      });
      after(() => {
        model.dispose();
        tf.dispose([x, y]);
      });

      for (const c of fixture.cases) {
        const o = c.options as { norm: "linf" | "l2"; eps: number; loss: "ce" | "dlr" };
        it(`${c.attack} ${o.norm} eps=${o.eps} loss=${o.loss}: element-wise within ${TOLERANCE}`, () => {
          const run = (keep?: "adversarial" | "max-loss"): tf.Tensor => {
            if (c.attack === "fgsm") return fgsm(model, x, y, c.options as never);
            if (c.attack === "pgd") return pgd(model, x, y, c.options as never);
            return apgd(model, x, y, { ...c.options, ...(keep ? { keep } : {}) } as unknown as ApgdOptions);
          };
          const xAdv = run();
          assertClose(xAdv.dataSync(), c.expected.flat(), TOLERANCE, `${name} ${c.attack} ${o.norm}`, 1);
          xAdv.dispose();
          if (c.expectedMaxLoss) {
            const best = run("max-loss");
            assertClose(best.dataSync(), c.expectedMaxLoss.flat(), TOLERANCE, `${name} ${c.attack} ${o.norm} (max-loss)`, 1);
            best.dispose();
          }
        });
      }
    });
  }
});
