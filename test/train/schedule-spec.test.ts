import { strict as assert } from "assert";
import { constant, cosine, linearWarmup, piecewise, piecewiseConstant, stepDecay, type Schedule } from "../../lib/optim";
import { describeLearningRate, scheduleFromSpec, toLearningRate } from "../../lib/train";

describe("train/schedule-spec", () => {
  const schedules: [string, Schedule][] = [
    ["constant", constant(0.1)],
    ["piecewise", piecewise(0.05, [{ at: 1, factor: 0.1 }, { at: 1.5, factor: 0.1 }])],
    ["stepDecay", stepDecay(1, 0.2, 10)],
    ["piecewise-constant", piecewiseConstant([1, 2], [0.3, 0.2, 0.1])],
    ["cosine", cosine(0.1, 5, 0.001)],
    ["linear-warmup", linearWarmup(stepDecay(0.05, 0.1, 4), 0.5)],
  ];
  for (const [name, schedule] of schedules) {
    it(`${name}: rebuilt from its JSON description, it gives the same values`, () => {
      const spec = JSON.parse(JSON.stringify(schedule.spec));
      const rebuilt = scheduleFromSpec(spec);
      for (let t = 0; t <= 6; t += 0.125) assert.equal(rebuilt(t), schedule(t), `at ${t}`);
      assert.deepEqual(rebuilt.spec, schedule.spec);
      assert.deepEqual(describeLearningRate(spec), schedule.spec);
      assert.deepEqual(describeLearningRate(schedule), schedule.spec);
    });
  }
  it("numbers pass through; hand-written functions are 'custom'; bad descriptions are refused", () => {
    assert.equal(toLearningRate(0.3), 0.3);
    assert.equal(describeLearningRate(0.3), 0.3);
    assert.equal(describeLearningRate((t: number) => 1 / (1 + t)), "custom");
    assert.throws(() => scheduleFromSpec({ kind: "exponential" } as never), /lr\.kind must be one of 'constant', 'piecewise'/);
    assert.throws(() => scheduleFromSpec({ kind: "constant", value: 1, decay: 2 } as never), /unknown key "decay"/);
    assert.throws(() => scheduleFromSpec({ kind: "linear-warmup", warmup: 1, after: "custom" }), /cannot be rebuilt/);
    assert.throws(() => scheduleFromSpec(null as never), /must be a number, a Schedule or a schedule description/);
  });
});
