// Learning rates as data. Training options must be JSON (presets, checkpoint fingerprints, result
// files), so a schedule is given either as a Schedule built by lib/optim/schedules (a function that
// carries its description, `spec`) or as that description itself, which is rebuilt here with the same
// builder. Both record the same spec; a hand-written function records "custom" and cannot be checked
// on resume.
import { constant, cosine, describeSchedule, linearWarmup, piecewise, piecewiseConstant, type Schedule, type ScheduleSpec } from "../optim/schedules";

/** A learning rate option: a number, a schedule's description, or a Schedule. */
export type LearningRate = number | ScheduleSpec | Schedule;

const KINDS = ["constant", "piecewise", "piecewise-constant", "cosine", "linear-warmup"] as const;

function assertKeys(spec: object, keys: readonly string[], name: string): void {
  for (const key of Object.keys(spec)) {
    if (!keys.includes(key)) throw new TypeError(`${name}: unknown key "${key}" for a '${(spec as ScheduleSpec).kind}' schedule (known: ${keys.join(", ")})`);
  }
}

/** Rebuilds the Schedule a description came from (the builders check the values). */
export function scheduleFromSpec(spec: ScheduleSpec, name = "lr"): Schedule {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`${name} must be a number, a Schedule or a schedule description {kind, ...}, got ${String(spec)}`);
  }
  switch (spec.kind) {
    case "constant":
      assertKeys(spec, ["kind", "value"], name);
      return constant(spec.value);
    case "piecewise":
      assertKeys(spec, ["kind", "initial", "milestones"], name);
      return piecewise(spec.initial, spec.milestones);
    case "piecewise-constant":
      assertKeys(spec, ["kind", "boundaries", "values"], name);
      return piecewiseConstant(spec.boundaries, spec.values);
    case "cosine":
      assertKeys(spec, ["kind", "initial", "total", "min"], name);
      return cosine(spec.initial, spec.total, spec.min);
    case "linear-warmup":
      assertKeys(spec, ["kind", "warmup", "after"], name);
      if (spec.after === "custom") throw new TypeError(`${name}: a linear warm-up of a hand-written schedule cannot be rebuilt from its description`);
      return linearWarmup(scheduleFromSpec(spec.after, `${name}.after`), spec.warmup);
    default:
      throw new RangeError(`${name}.kind must be one of ${KINDS.map((k) => `'${k}'`).join(", ")}, got ${String((spec as { kind?: unknown }).kind)}`);
  }
}

/** The value the optimisers take (a number or a Schedule). */
export function toLearningRate(value: LearningRate, name = "lr"): number | Schedule {
  if (typeof value === "number" || typeof value === "function") return value;
  return scheduleFromSpec(value, name);
}

/** The JSON description a result file and a checkpoint fingerprint record. */
export function describeLearningRate(value: LearningRate): number | ScheduleSpec | "custom" {
  return describeSchedule(toLearningRate(value));
}
