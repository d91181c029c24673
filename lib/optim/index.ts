// Optimisers for (adversarial) training: SGD with (Nesterov) momentum, EntropySGD with every variant
// of paper-spec §5.5, SAM, the registry that builds them from JSON specs, the learning-rate schedules
// that drive them, and the fast seeded normal sampler of the Langevin noise.
export * from "./types";
export * from "./schedules";
export { Sgd, type SgdOptions, type SgdResolvedOptions, type SgdState } from "./sgd";
export {
  EntropySgd,
  ENTROPY_SGD_PRESETS,
  ENTROPY_SGD_PRESET_NAMES,
  langevinInverseTemperature,
  type EntropySgdOptions,
  type EntropySgdPreset,
  type EntropySgdPresetValues,
  type EntropySgdResolvedOptions,
  type EntropySgdState,
  type GammaSchedule,
  type NoiseScaling,
  type OuterStep,
  type PresetLearningRate,
} from "./entropy-sgd";
export { Sam, type SamOptions, type SamResolvedOptions, type SamState } from "./sam";
export { createOptimizer, resolveOptimizerSpec, assertOptimizerSpec, OPTIMIZER_KINDS, type OptimizerSpec } from "./registry";
