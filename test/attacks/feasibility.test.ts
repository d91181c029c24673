// Every attack, every norm, every start: the output stays in the threat model and in the bounds.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Attack, StartMode, START_MODES, apgdAttack, convergedPgd, fgsmAttack, pgdAttack, pgdWithStats } from "../../lib/attacks";
import { Classifier } from "../../lib/models";
import { perturbationNorms, randomBatch, smallMlp } from "./support";

const SLACK = 1e-6;

function assertFeasible(x: tf.Tensor, xAdv: tf.Tensor, norm: "linf" | "l2", eps: number, bounds: [number, number], what: string): void {
  assert.deepEqual(xAdv.shape, x.shape, `${what}: shape`);
  const norms = perturbationNorms(x, xAdv, norm);
  norms.forEach((n, i) => assert.ok(n <= eps + SLACK, `${what}: example ${i} has ‖δ‖ = ${n} > ε = ${eps}`));
  const values = xAdv.dataSync();
  for (let i = 0; i < values.length; i++) {
    assert.ok(values[i] >= bounds[0] && values[i] <= bounds[1], `${what}: entry ${i} = ${values[i]} outside [${bounds}]`);
  }
}

describe("attacks: feasibility (‖δ‖ ≤ ε within 1e-6, x + δ within the bounds)", () => {
  const settings: { bounds: [number, number]; low: number; high: number }[] = [
    { bounds: [0, 1], low: 0, high: 1 },
    { bounds: [-1, 2], low: -1, high: 2 },
    { bounds: [-Infinity, Infinity], low: -3, high: 3 },
  ];
  let models: Classifier[];
  before(() => {
    models = [smallMlp(1, 10, 3, "softplus"), smallMlp(2, 10, 4, "relu", 5)];
  });
  after(() => models.forEach((m) => m.dispose()));

  for (const norm of ["linf", "l2"] as const) {
    const eps = norm === "linf" ? 0.2 : 0.8;
    for (const { bounds, low, high } of settings) {
      it(`${norm}, bounds [${bounds}]: FGSM, PGD (every start, restarts, both losses, targeted), converged PGD, APGD`, () => {
        const attacks: [string, Attack][] = [
          ["fgsm", fgsmAttack({ norm, eps, bounds })],
          ["fgsm-targeted", fgsmAttack({ norm, eps, bounds, targeted: true })],
          ["pgd-restarts", pgdAttack({ norm, eps, steps: 5, restarts: 3, bounds, seed: 3 })],
          ["pgd-dlr", pgdAttack({ norm, eps, steps: 5, bounds, loss: "dlr", seed: 4 })],
          ["pgd-large-step", pgdAttack({ norm, eps, steps: 3, stepSize: 3 * eps, bounds })],
          ["pgd-cosine", pgdAttack({ norm, eps, steps: 5, stepSchedule: "cosine", bounds })],
          ["apgd-ce", apgdAttack({ norm, eps, steps: 12, bounds, seed: 5 })],
          ["apgd-dlr-restarts", apgdAttack({ norm, eps, steps: 12, bounds, loss: "dlr", restarts: 2, keep: "max-loss" })],
        ];
        for (const start of START_MODES[norm] as readonly StartMode[]) {
          if (start === "uniform-data-box" && !Number.isFinite(bounds[0])) continue;
          attacks.push([`pgd-start-${start}`, pgdAttack({ norm, eps, steps: 4, start, randomStart: start !== "zero", bounds, seed: 6 })]);
          attacks.push([`apgd-start-${start}`, apgdAttack({ norm, eps, steps: 6, start, bounds, seed: 7 })]);
        }
        models.forEach((model, m) => {
          const { x, y } = randomBatch(10 + m, 6, 10, model.numClasses, low, high);
          for (const [name, attack] of attacks) {
            const xAdv = attack(model, x, y);
            assertFeasible(x, xAdv, norm, eps, bounds, `${name} on ${model.name}`);
            xAdv.dispose();
          }
          const stats = pgdWithStats(model, x, y, { norm, eps, steps: 4, restarts: 2, bounds });
          assertFeasible(x, stats.xAdv, norm, eps, bounds, "pgdWithStats");
          const converged = convergedPgd(model, x, y, { norm, eps, steps: 30, bounds });
          assertFeasible(x, converged.xAdv, norm, eps, bounds, "convergedPgd");
          tf.dispose([x, y, stats.xAdv, stats.loss, stats.gap, converged.xAdv, converged.loss, converged.gap]);
        });
      });
    }
  }

  it("ε = 0 returns x unchanged", () => {
    const model = models[0];
    const { x, y } = randomBatch(3, 4, 10, 3);
    for (const attack of [pgdAttack({ norm: "linf", eps: 0, steps: 3 }), fgsmAttack({ norm: "l2", eps: 0 }), apgdAttack({ norm: "l2", eps: 0, steps: 5 })]) {
      const xAdv = attack(model, x, y);
      assert.deepEqual(Array.from(xAdv.dataSync()), Array.from(x.dataSync()));
      xAdv.dispose();
    }
    tf.dispose([x, y]);
  });
});
