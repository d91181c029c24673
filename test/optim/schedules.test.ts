import { strict as assert } from "assert";
import {
  constant,
  cosine,
  describeSchedule,
  linearWarmup,
  piecewise,
  piecewiseConstant,
  scheduleFromSpec,
  stepDecay,
  toSchedule,
  type Schedule,
} from "../../lib/optim/schedules";

describe("optim/schedules", () => {
  it("constant returns its value everywhere and records it", () => {
    const s = constant(0.05);
    for (const t of [0, 0.3, 7, 1e6]) assert.equal(s(t), 0.05);
    assert.deepEqual(describeSchedule(s), { kind: "constant", value: 0.05 });
    assert.equal(describeSchedule(0.1), 0.1);
    assert.equal(
      describeSchedule((t: number) => t),
      "custom",
    );
  });

  it("piecewise multiplies by each passed milestone's factor (compounding, milestone inclusive)", () => {
    const s = piecewise(0.1, [
      { at: 5, factor: 0.1 },
      { at: 7.5, factor: 0.1 },
    ]);
    assert.equal(s(0), 0.1);
    assert.equal(s(4.999), 0.1);
    assert.equal(s(5), 0.1 * 0.1);
    assert.equal(s(7.49), 0.1 * 0.1);
    assert.equal(s(7.5), 0.1 * 0.1 * 0.1);
    assert.equal(s(100), 0.1 * 0.1 * 0.1);
  });

  it("stepDecay places the spec's decays at 50% and 75% of the run", () => {
    // SGD: lr × 0.1 at 50% and 75%; EntropySGD: lr 1 × 0.2 at 50% and 75% (paper-spec §5.5, §6).
    const sgd = stepDecay(0.05, 0.1, 20);
    assert.deepEqual(describeSchedule(sgd), {
      kind: "piecewise",
      initial: 0.05,
      milestones: [
        { at: 10, factor: 0.1 },
        { at: 15, factor: 0.1 },
      ],
    });
    assert.equal(sgd(9.99), 0.05);
    assert.equal(sgd(10), 0.05 * 0.1);
    assert.equal(sgd(15), 0.05 * 0.1 * 0.1);
    const entropy = stepDecay(1, 0.2, 3);
    assert.equal(entropy(1.49), 1);
    assert.equal(entropy(1.5), 0.2);
    assert.equal(entropy(2.25), 0.2 * 0.2);
  });

  it("piecewiseConstant uses the later value at a boundary", () => {
    const s = piecewiseConstant([1, 2], [0.3, 0.2, 0.1]);
    assert.equal(s(0), 0.3);
    assert.equal(s(0.999), 0.3);
    assert.equal(s(1), 0.2);
    assert.equal(s(2), 0.1);
    assert.equal(s(50), 0.1);
  });

  it("cosine follows min + (v − min)(1 + cos(πt/T))/2 and stays at min after T", () => {
    const s = cosine(0.1, 10, 0.01);
    for (const t of [0, 1, 2.5, 5, 9.9, 10, 12]) {
      const expected = t >= 10 ? 0.01 : 0.01 + (0.09 * (1 + Math.cos((Math.PI * t) / 10))) / 2;
      assert.ok(Math.abs(s(t) - expected) <= 1e-15, `t=${t}: ${s(t)} vs ${expected}`);
    }
    assert.ok(Math.abs(s(5) - 0.055) < 1e-15);
    assert.equal(cosine(1, 4)(4), 0);
  });

  it("linearWarmup ramps the wrapped schedule linearly from 0 and keeps its clock", () => {
    const inner = stepDecay(0.1, 0.1, 10);
    const s = linearWarmup(inner, 2);
    assert.equal(s(0), 0);
    assert.ok(Math.abs(s(0.5) - 0.025) < 1e-15);
    assert.ok(Math.abs(s(1.5) - 0.075) < 1e-15);
    assert.equal(s(2), 0.1);
    assert.equal(s(5), 0.1 * 0.1); // the wrapped milestone stays at epoch 5
    assert.deepEqual(describeSchedule(s), { kind: "linear-warmup", warmup: 2, after: inner.spec });
    assert.deepEqual(describeSchedule(linearWarmup((t: number) => 1 + t, 1)), { kind: "linear-warmup", warmup: 1, after: "custom" });
  });

  it("rejects bad inputs with errors naming the argument and value", () => {
    assert.throws(
      () => constant(-1),
      (e: Error) => e instanceof RangeError && /value.*-1/.test(e.message),
    );
    assert.throws(() => constant(NaN), RangeError);
    assert.throws(
      () =>
        piecewise(0.1, [
          { at: 5, factor: 0.1 },
          { at: 5, factor: 0.1 },
        ]),
      (e: Error) => e instanceof RangeError && /strictly increasing/.test(e.message),
    );
    assert.throws(
      () => piecewise(0.1, [{ at: -1, factor: 0.1 }]),
      (e: Error) => /milestones\[0\]\.at.*-1/.test(e.message),
    );
    assert.throws(
      () => piecewise(0.1, [{ at: 1, factor: 0.1, fator: 2 } as never]),
      (e: Error) => e instanceof TypeError && /fator/.test(e.message),
    );
    assert.throws(
      () => piecewiseConstant([1, 2], [0.1, 0.2]),
      (e: Error) => e instanceof RangeError && /values/.test(e.message),
    );
    assert.throws(() => piecewiseConstant([2, 1], [0.1, 0.2, 0.3]), RangeError);
    assert.throws(
      () => stepDecay(0.1, 0.1, 0),
      (e: Error) => /total.*0/.test(e.message),
    );
    assert.throws(
      () => stepDecay(0.1, 0.1, 10, [1.5]),
      (e: Error) => /fractions\[0\].*1\.5/.test(e.message),
    );
    assert.throws(
      () => cosine(0.1, 10, 0.2),
      (e: Error) => /min/.test(e.message),
    );
    assert.throws(
      () => linearWarmup(constant(1), 0),
      (e: Error) => /warmup.*0/.test(e.message),
    );
    assert.throws(
      () => constant(1)(-0.5),
      (e: Error) => e instanceof RangeError && /progress.*-0.5/.test(e.message),
    );
    assert.throws(() => constant(1)(Infinity), RangeError);
    assert.throws(
      () => toSchedule(-0.1, "lr"),
      (e: Error) => /lr.*-0.1/.test(e.message),
    );
  });

  describe("descriptions (JSON options)", () => {
    const schedules: [string, Schedule][] = [
      ["constant", constant(0.1)],
      [
        "piecewise",
        piecewise(0.05, [
          { at: 1, factor: 0.1 },
          { at: 1.5, factor: 0.1 },
        ]),
      ],
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
        assert.deepEqual(describeSchedule(spec), schedule.spec);
        assert.deepEqual(describeSchedule(schedule), schedule.spec);
        assert.deepEqual(describeSchedule(toSchedule(spec, "lr")), schedule.spec);
      });
    }
    it("numbers pass through; hand-written functions are 'custom'; bad descriptions are refused", () => {
      assert.equal(toSchedule(0.3, "lr")(7), 0.3);
      assert.equal(describeSchedule(0.3), 0.3);
      assert.equal(
        describeSchedule((t: number) => 1 / (1 + t)),
        "custom",
      );
      assert.throws(() => scheduleFromSpec({ kind: "exponential" } as never), /lr\.kind must be one of "constant", "piecewise", .*got "exponential"/);
      assert.throws(
        () => scheduleFromSpec({ kind: "constant", value: 1, decay: 2 } as never),
        (e: Error) => e instanceof TypeError && /unknown lr \(constant schedule\) option\(s\): decay/.test(e.message),
      );
      assert.throws(() => scheduleFromSpec({ kind: "linear-warmup", warmup: 1, after: "custom" }), /cannot be rebuilt/);
      assert.throws(() => scheduleFromSpec(null as never), /must be a number, a Schedule or a schedule description/);
      assert.throws(() => describeSchedule({ kind: "cosine", initial: 0.1, total: -1, min: 0 }), /cosine: total must be > 0, got -1/);
    });
  });
});
