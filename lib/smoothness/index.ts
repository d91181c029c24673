// Smoothness estimators of paper-spec §4, one a file: S1/S1-fixed (gradient-lipschitz.ts, per example:
// per-example-ratios.ts), S1 of any gradient function (function-lipschitz.ts), S2 (trajectory-ratio.ts),
// S3 (hessian.ts, on power-iteration.ts), S4 (flatness.ts), S5/S6 (attack-stats.ts); the attack is
// re-run at every θ by lib/parameter-space.
export type { GradientLipschitzOptions, GradientLipschitzResult, RatioSeries, RatioRow, RatioSummaryRow } from "./gradient-lipschitz";
export type { S1Setting } from "./s1-setting";
export { gradientLipschitzRatio } from "./gradient-lipschitz";
export type { PerExampleRatios } from "./per-example-ratios";
export type { GradientFunction, FunctionLipschitzOptions, FunctionLipschitzResult } from "./function-lipschitz";
export { functionLipschitzRatio } from "./function-lipschitz";
export type { TrajectoryRatioOptions, TrajectoryRatioResult, TrajectoryRow, TrajectoryRecorder } from "./trajectory-ratio";
export { trajectoryRatio, trajectoryRecorder } from "./trajectory-ratio";
export type { HessianVectorProduct, PowerIterationOptions, PowerIterationResult } from "./power-iteration";
export { powerIteration, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE } from "./power-iteration";
export type { HvpMode, HessianOptions, HessianResult, HessianProductOptions } from "./hessian";
export { HVP_MODES, DEFAULT_RADIUS, finiteDifferenceStep, finiteDifferenceHvp, hessianTopEigenvalues, hessianVectorProduct } from "./hessian";
export { withSecondOrderGradients, supportsExactHessian, EXACT_HESSIAN_KINDS } from "./second-order-gradients";
export type { InputFlatnessOptions, InputFlatnessResult, InputHessianResult } from "./flatness";
export { inputFlatness } from "./flatness";
export type { SignFlips, AttackContinuityOptions, AttackContinuityResult, ContinuityRow } from "./attack-stats";
export { saturation, signFlips, attackContinuity, SATURATION_TOLERANCE } from "./attack-stats";
export type { BoxPositions } from "./box-saturation";
export { boxPositions } from "./box-saturation";
export type {
  HyperplaneCrossingOptions,
  HyperplaneCrossingSeries,
  HyperplaneCrossingResult,
  L2RatioAgainstNormOptions,
  L2RatioAgainstNormRow,
} from "./linear-closed-form";
export { CROSSING_STEPS, hyperplaneCrossing, l2RatioAgainstNorm, largestRowNorm, meanAttackWeight } from "./linear-closed-form";
