// Learning-rate schedules: functions of a training-progress clock chosen by the caller. The trainer
// passes epochs as a real number (1.5 = halfway through the second epoch), so milestones such as
// "×0.1 at 50% and 75% of training" are written in epochs. A schedule never sees the step count, so
// the same schedule serves SGD (one oracle call per step) and EntropySGD (L calls per step) at equal
// epoch positions.
//
// Every builder attaches a JSON description (`spec`) so a result file can record the schedule it ran
// with; a hand-written function is accepted wherever a Schedule is, and is recorded as "custom".
// Options that must be JSON (presets, checkpoint fingerprints, result files) give that description
// itself, and `scheduleFromSpec` rebuilds the schedule with the same builder: both record the same spec.
import { assertInRange, assertKnownOptions, assertNonNegative, assertOneOf, assertPositive } from "../core/validate";

/** The progress clock of a schedule (the trainer passes epochs). */
export function assertProgress(progress: unknown): asserts progress is number {
  assertNonNegative("progress", progress);
}

/** A value (learning rate, scope, ...) as a function of training progress. */
export interface Schedule {
  (progress: number): number;
  /** How the schedule was built; absent for a hand-written function. */
  readonly spec?: ScheduleSpec;
}

export type ScheduleSpec =
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "piecewise"; readonly initial: number; readonly milestones: readonly Milestone[] }
  | { readonly kind: "piecewise-constant"; readonly boundaries: readonly number[]; readonly values: readonly number[] }
  | { readonly kind: "cosine"; readonly initial: number; readonly total: number; readonly min: number }
  | { readonly kind: "linear-warmup"; readonly warmup: number; readonly after: ScheduleSpec | "custom" };

export const SCHEDULE_KINDS: readonly ScheduleSpec["kind"][] = ["constant", "piecewise", "piecewise-constant", "cosine", "linear-warmup"];

/** A learning rate (or any scheduled value) as an option: a number, a Schedule, or a schedule's description. */
export type LearningRate = number | Schedule | ScheduleSpec;

/** From progress `at` on, the value is multiplied by `factor` (factors of passed milestones compound). */
export interface Milestone {
  readonly at: number;
  readonly factor: number;
}

function withSpec(f: (progress: number) => number, spec: ScheduleSpec): Schedule {
  const schedule = (progress: number): number => {
    assertProgress(progress);
    return f(progress);
  };
  return Object.assign(schedule, { spec });
}

/**
 * The description a result file records for a number, a Schedule or a description (checked by
 * rebuilding it); a hand-written function is "custom".
 */
export function describeSchedule(value: LearningRate): number | ScheduleSpec | "custom" {
  if (typeof value === "number") return value;
  if (typeof value === "function") return value.spec ?? "custom";
  return scheduleFromSpec(value).spec as ScheduleSpec;
}

/** The schedule of an option given as a number, a Schedule or a description, validated (`name` names it in messages). */
export function toSchedule(value: LearningRate, name: string): Schedule {
  if (typeof value === "function") return value;
  if (typeof value === "number") {
    assertNonNegative(name, value);
    return constant(value);
  }
  return scheduleFromSpec(value, name);
}

/** "lr 0.05 ×0.1 at epoch 1, ×0.1 at epoch 1.5" for result stamps. */
export function describeLearningRate(value: LearningRate | "custom"): string {
  const spec = value === "custom" ? value : describeSchedule(value);
  if (typeof spec === "number") return `lr ${spec}`;
  if (spec === "custom") return "lr custom schedule";
  if (spec.kind === "constant") return `lr ${spec.value}`;
  if (spec.kind === "piecewise") return `lr ${spec.initial}${spec.milestones.map((m) => ` ×${m.factor} at epoch ${+m.at.toPrecision(4)}`).join(",")}`;
  return `lr ${JSON.stringify(spec)}`;
}

/** Rebuilds the Schedule a description came from (the builders check the values). */
export function scheduleFromSpec(spec: ScheduleSpec, name = "lr"): Schedule {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`${name} must be a number, a Schedule or a schedule description {kind, ...}, got ${String(spec)}`);
  }
  assertOneOf(`${name}.kind`, spec.kind, SCHEDULE_KINDS);
  const keys = (...fields: string[]) => assertKnownOptions(`${name} (${spec.kind} schedule)`, spec, ["kind", ...fields]);
  switch (spec.kind) {
    case "constant":
      keys("value");
      return constant(spec.value);
    case "piecewise":
      keys("initial", "milestones");
      return piecewise(spec.initial, spec.milestones);
    case "piecewise-constant":
      keys("boundaries", "values");
      return piecewiseConstant(spec.boundaries, spec.values);
    case "cosine":
      keys("initial", "total", "min");
      return cosine(spec.initial, spec.total, spec.min);
    case "linear-warmup":
      keys("warmup", "after");
      if (spec.after === "custom") throw new TypeError(`${name}: a linear warm-up of a hand-written schedule cannot be rebuilt from its description`);
      return linearWarmup(scheduleFromSpec(spec.after, `${name}.after`), spec.warmup);
  }
}

export function constant(value: number): Schedule {
  assertNonNegative("constant: value", value);
  return withSpec(() => value, { kind: "constant", value });
}

/**
 * `initial`, multiplied by each milestone's factor once progress reaches its `at` (compounding, as
 * PyTorch's MultiStepLR). Milestones must be strictly increasing in `at`.
 */
export function piecewise(initial: number, milestones: readonly Milestone[]): Schedule {
  assertNonNegative("piecewise: initial", initial);
  if (!Array.isArray(milestones)) throw new TypeError(`piecewise: milestones must be an array, got ${String(milestones)}`);
  milestones.forEach((m, i) => {
    if (m === null || typeof m !== "object") throw new TypeError(`piecewise: milestones[${i}] must be {at, factor}, got ${String(m)}`);
    assertKnownOptions(`piecewise: milestones[${i}]`, m, ["at", "factor"]);
    assertNonNegative(`piecewise: milestones[${i}].at`, m.at);
    assertNonNegative(`piecewise: milestones[${i}].factor`, m.factor);
    if (i > 0 && !(m.at > milestones[i - 1].at)) {
      throw new RangeError(`piecewise: milestones must be strictly increasing in at, got ${milestones[i - 1].at} then ${m.at}`);
    }
  });
  const copy = milestones.map((m) => ({ at: m.at, factor: m.factor }));
  return withSpec(
    (progress) => {
      let value = initial;
      for (const m of copy) if (progress >= m.at) value *= m.factor;
      return value;
    },
    { kind: "piecewise", initial, milestones: copy },
  );
}

/**
 * `values[0]` before `boundaries[0]`, `values[i]` on [boundaries[i-1], boundaries[i]), the last value
 * after the last boundary (as Keras' PiecewiseConstantDecay, with the boundary itself in the later piece).
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  if (!Array.isArray(boundaries)) throw new TypeError(`piecewiseConstant: boundaries must be an array, got ${String(boundaries)}`);
  if (!Array.isArray(values)) throw new TypeError(`piecewiseConstant: values must be an array, got ${String(values)}`);
  if (values.length !== boundaries.length + 1) {
    throw new RangeError(`piecewiseConstant: values must have boundaries.length + 1 = ${boundaries.length + 1} entries, got ${values.length}`);
  }
  boundaries.forEach((b, i) => {
    assertNonNegative(`piecewiseConstant: boundaries[${i}]`, b);
    if (i > 0 && !(b > boundaries[i - 1])) {
      throw new RangeError(`piecewiseConstant: boundaries must be strictly increasing, got ${boundaries[i - 1]} then ${b}`);
    }
  });
  values.forEach((v, i) => assertNonNegative(`piecewiseConstant: values[${i}]`, v));
  const b = [...boundaries];
  const v = [...values];
  return withSpec(
    (progress) => {
      let i = 0;
      while (i < b.length && progress >= b[i]) i++;
      return v[i];
    },
    { kind: "piecewise-constant", boundaries: b, values: v },
  );
}

/**
 * Step decay at fractions of a run: `initial`, ×`factor` at each `fraction × total`. The spec's
 * schedules are `stepDecay(lr, 0.1, epochs)` for SGD and `stepDecay(1, 0.2, epochs)` for EntropySGD
 * (paper-spec §5.5, §6: decays at 50% and 75%).
 */
export function stepDecay(initial: number, factor: number, total: number, fractions: readonly number[] = [0.5, 0.75]): Schedule {
  assertPositive("stepDecay: total", total);
  if (!Array.isArray(fractions)) throw new TypeError(`stepDecay: fractions must be an array, got ${String(fractions)}`);
  fractions.forEach((f, i) => assertInRange(`stepDecay: fractions[${i}]`, f, 0, 1));
  return piecewise(
    initial,
    fractions.map((f) => ({ at: f * total, factor })),
  );
}

/**
 * Cosine annealing from `initial` at progress 0 to `min` at `total` (Loshchilov & Hutter 2017, without
 * restarts); `min` after `total`.
 */
export function cosine(initial: number, total: number, min = 0): Schedule {
  assertNonNegative("cosine: initial", initial);
  assertPositive("cosine: total", total);
  assertNonNegative("cosine: min", min);
  if (min > initial) throw new RangeError(`cosine: min must be <= initial (${initial}), got ${min}`);
  return withSpec((progress) => (progress >= total ? min : min + ((initial - min) * (1 + Math.cos((Math.PI * progress) / total))) / 2), {
    kind: "cosine",
    initial,
    total,
    min,
  });
}

/**
 * `schedule(progress) × progress / warmup` while progress < warmup, then `schedule(progress)`: a linear
 * ramp from 0 (Goyal et al. 2017). The wrapped schedule keeps its own clock, so its milestones stay at
 * the same epochs. The value at progress 0 is 0, so the very first step does not move the weights.
 */
export function linearWarmup(schedule: Schedule, warmup: number): Schedule {
  if (typeof schedule !== "function") throw new TypeError(`linearWarmup: schedule must be a Schedule, got ${String(schedule)}`);
  assertPositive("linearWarmup: warmup", warmup);
  return withSpec((progress) => (progress < warmup ? (schedule(progress) * progress) / warmup : schedule(progress)), {
    kind: "linear-warmup",
    warmup,
    after: schedule.spec ?? "custom",
  });
}

/** The rate a schedule gives at `progress`, checked: a hand-written schedule may return anything. */
export function rateAt(schedule: Schedule, progress: number, name: string): number {
  assertProgress(progress);
  const value = schedule(progress);
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} schedule returned ${String(value)} at progress ${progress}; it must be a finite number ≥ 0`);
  }
  return value;
}
