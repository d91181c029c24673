// Optimisers named by data: `{ kind: "sgd", lr, momentum, ... }`, `{ kind: "sam", ... }`,
// `{ kind: "entropy-sgd", L, gamma0, ... }`. A description, unlike an optimiser object, can be written
// into presets, checkpoints and result files. The trainer builds the optimiser from it, lending the
// run's horizon and a seed (RunContext) to the options a kind takes from the run. Adding an optimiser:
// its file exports an OptimizerDefinition, listed here once, and its options join OptimizerSpec.
import type * as tf from "@tensorflow/tfjs";
import { assertObject, assertOneOf } from "../core/validate";
import { ENTROPY_SGD, type EntropySgdOptions } from "./entropy-sgd";
import { SAM, type SamOptions } from "./sam";
import { describeSchedule } from "./schedules";
import { SGD, type SgdOptions } from "./sgd";
import type { Optimizer, OptimizerDefinition, RunContext } from "./types";

export type OptimizerSpec = ({ kind: "sgd" } & SgdOptions) | ({ kind: "sam" } & SamOptions) | ({ kind: "entropy-sgd" } & EntropySgdOptions);

const DEFINITIONS: readonly OptimizerDefinition<object>[] = [SGD, SAM, ENTROPY_SGD];

export const OPTIMIZER_KINDS: readonly OptimizerSpec["kind"][] = DEFINITIONS.map((d) => d.kind as OptimizerSpec["kind"]);

function definitionOf(spec: unknown): OptimizerDefinition<object> {
  assertObject("optimizer", spec);
  const kind = (spec as { kind?: unknown }).kind;
  assertOneOf("optimizer.kind", kind, OPTIMIZER_KINDS);
  return DEFINITIONS.find((d) => d.kind === kind) as OptimizerDefinition<object>;
}

/** Throws unless `spec` names a known optimiser kind (its options are checked when it is built). */
export function assertOptimizerSpec(spec: unknown): asserts spec is OptimizerSpec {
  definitionOf(spec);
}

/** The options of a spec, with what the kind takes from the run filled in. */
function optionsOf(spec: OptimizerSpec, run: RunContext): Record<string, unknown> {
  const definition = definitionOf(spec);
  const { kind: _kind, ...options } = spec;
  return { ...options, ...definition.runDefaults?.(options, run) };
}

/** The spec as JSON: run defaults filled in, a learning rate given as a Schedule replaced by its description. */
export function resolveOptimizerSpec(spec: OptimizerSpec, run: RunContext): Record<string, unknown> {
  const options = optionsOf(spec, run);
  if (options.lr !== undefined) options.lr = describeSchedule(options.lr as Parameters<typeof describeSchedule>[0]);
  return { kind: spec.kind, ...options };
}

/** Builds the optimiser a spec describes, over `params`. Throws on bad options before training starts. */
export function createOptimizer(params: readonly tf.Variable[], spec: OptimizerSpec, run: RunContext): Optimizer {
  return definitionOf(spec).create(params, optionsOf(spec, run));
}
