// Smoothness estimators of paper-spec §4: S1/S1-fixed and S2 (gradient-lipschitz.ts), S3 (hessian.ts),
// S4 (flatness.ts), S5/S6 (attack-stats.ts), with the attack re-run at every θ (attack-spec.ts).
export type { StepScale } from "./inputs";
export { STEP_SCALES } from "./inputs";
export type { DirectionKind } from "./parameter-space";
export { DIRECTION_KINDS } from "./parameter-space";
export type { AttackSpec, ParameterAttack, AttackOutcome } from "./attack-spec";
export { resolveAttack, CONVERGED_STEPS } from "./attack-spec";
export type { LossMode, EstimatorCost } from "./danskin-gradient";
export { LOSS_MODES } from "./danskin-gradient";
export type { Spread, StepSummary } from "./statistics";
export { quantile, median, spread, logLogSlope, stepSummary } from "./statistics";
export type {
  GradientLipschitzOptions,
  GradientLipschitzResult,
  RatioSeries,
  PerExampleRatios,
  RatioRow,
  RatioSummaryRow,
  GradientFunction,
  FunctionLipschitzOptions,
  FunctionLipschitzResult,
  TrajectoryRatioOptions,
  TrajectoryRatioResult,
} from "./gradient-lipschitz";
export { gradientLipschitzRatio, functionLipschitzRatio, trajectoryRatio, DEFAULT_STEPS } from "./gradient-lipschitz";
export type {
  HvpMode,
  HessianVectorProduct,
  PowerIterationOptions,
  PowerIterationResult,
  HessianOptions,
  HessianResult,
  HessianProductOptions,
} from "./hessian";
export {
  HVP_MODES,
  DEFAULT_RADIUS,
  DEFAULT_MAX_ITERATIONS,
  DEFAULT_TOLERANCE,
  finiteDifferenceStep,
  finiteDifferenceHvp,
  powerIteration,
  hessianTopEigenvalues,
  hessianVectorProduct,
} from "./hessian";
export { withSecondOrderGradients, supportsExactHessian, EXACT_HESSIAN_KINDS } from "./second-order-gradients";
export type { InputFlatnessOptions, InputFlatnessResult, InputHessianResult } from "./flatness";
export { inputFlatness } from "./flatness";
export type { SignFlips, AttackContinuityOptions, AttackContinuityResult, ContinuityRow } from "./attack-stats";
export { saturation, signFlips, attackContinuity, SATURATION_TOLERANCE } from "./attack-stats";
