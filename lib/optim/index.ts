// Optimisers for (adversarial) training: SGD with (Nesterov) momentum, EntropySGD with every variant
// of paper-spec §5.5, SAM, the learning-rate schedules that drive them, and the fast seeded normal
// sampler of the Langevin noise.
export * from "./types";
export * from "./schedules";
export { Sgd, type SgdOptions, type SgdResolvedOptions } from "./sgd";
export {
  EntropySgd,
  ENTROPY_SGD_PRESETS,
  ENTROPY_SGD_PRESET_NAMES,
  langevinInverseTemperature,
  type EntropySgdOptions,
  type EntropySgdPreset,
  type EntropySgdPresetValues,
  type EntropySgdResolvedOptions,
  type GammaSchedule,
  type NoiseScaling,
  type OuterStep,
  type PresetLearningRate,
} from "./entropy-sgd";
export { Sam, type SamOptions, type SamResolvedOptions } from "./sam";
export { fillNormal, gaussianNoise } from "./gaussian-noise";
