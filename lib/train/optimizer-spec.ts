// Optimisers named by data: `{ kind: "sgd", lr, momentum, ... }`, `{ kind: "sam", ... }`,
// `{ kind: "entropy-sgd", L, gamma0, ... }`. The trainer builds the optimiser itself because it knows
// the run's horizon (EntropySGD's preset learning rate decays at 50% and 75% of it) and derives the
// Langevin noise seed from the run's seed; a description, unlike an optimiser object, can be written
// into presets, checkpoints and result files. The options are those of lib/optim, checked there
// (unknown names, negative rates, a non-integer L, ...).
import type * as tf from "@tensorflow/tfjs";
import { assertObject, assertOneOf } from "../core/validate";
import { EntropySgd, type EntropySgdOptions } from "../optim/entropy-sgd";
import { Sam, type SamOptions } from "../optim/sam";
import { describeSchedule, stepDecay, toLearningRate, type LearningRate } from "../optim/schedules";
import { Sgd, type SgdOptions } from "../optim/sgd";
import type { Optimizer, OptimizerKind } from "../optim/types";

export type SgdSpec = { kind: "sgd"; lr: LearningRate } & Omit<SgdOptions, "lr">;
export type SamSpec = { kind: "sam"; lr: LearningRate } & Omit<SamOptions, "lr">;
export type EntropySgdSpec = { kind: "entropy-sgd"; lr?: LearningRate } & Omit<EntropySgdOptions, "lr">;
export type OptimizerSpec = SgdSpec | SamSpec | EntropySgdSpec;

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ["sgd", "sam", "entropy-sgd"];

/**
 * The optimiser of paper-spec §6 (after Rice et al. 2020): SGD with momentum 0.9, weight decay 5e-4,
 * lr 0.05 multiplied by 0.1 at 50% and 75% of the run's epochs.
 */
export function defaultOptimizer(epochs: number): SgdSpec {
  return { kind: "sgd", lr: stepDecay(0.05, 0.1, epochs).spec as LearningRate, momentum: 0.9, weightDecay: 5e-4 };
}

export function assertOptimizerSpec(spec: unknown): asserts spec is OptimizerSpec {
  assertObject("optimizer", spec);
  assertOneOf("optimizer.kind", (spec as { kind?: unknown }).kind, OPTIMIZER_KINDS);
}

export interface OptimizerDefaults {
  /** The run's length in epochs: EntropySGD's horizon unless the spec gives one. */
  readonly horizon: number;
  /** EntropySGD's noise seed unless the spec gives one. */
  readonly seed: number;
}

/** The spec with the trainer's defaults filled in and the learning rate as its description (JSON). */
export function resolveOptimizerSpec(spec: OptimizerSpec, defaults: OptimizerDefaults): Record<string, unknown> {
  assertOptimizerSpec(spec);
  const out: Record<string, unknown> = { ...spec };
  if (spec.lr !== undefined) out.lr = describeSchedule(spec.lr);
  if (spec.kind === "entropy-sgd") {
    out.horizon = spec.horizon ?? defaults.horizon;
    out.seed = spec.seed ?? defaults.seed;
  }
  return out;
}

/** Builds the optimiser a spec describes, over `params`. Throws on bad options before training starts. */
export function createOptimizer(params: readonly tf.Variable[], spec: OptimizerSpec, defaults: OptimizerDefaults): Optimizer {
  assertOptimizerSpec(spec);
  switch (spec.kind) {
    case "sgd": {
      const { kind: _kind, lr, ...rest } = spec;
      if (lr === undefined) throw new TypeError("optimizer: option lr is required for 'sgd' (a number, a Schedule or a schedule description)");
      return new Sgd(params, { ...rest, lr: toLearningRate(lr, "optimizer.lr") });
    }
    case "sam": {
      const { kind: _kind, lr, ...rest } = spec;
      if (lr === undefined) throw new TypeError("optimizer: option lr is required for 'sam' (a number, a Schedule or a schedule description)");
      return new Sam(params, { ...rest, lr: toLearningRate(lr, "optimizer.lr") });
    }
    case "entropy-sgd": {
      const { kind: _kind, lr, ...rest } = spec;
      const options: EntropySgdOptions = { ...rest, horizon: rest.horizon ?? defaults.horizon, seed: rest.seed ?? defaults.seed };
      if (lr !== undefined) options.lr = toLearningRate(lr, "optimizer.lr");
      return new EntropySgd(params, options);
    }
  }
}
