// Moving θ and re-running the attack there: the floor under the smoothness estimators and the loss
// landscapes. The paper's point is that δ*(θ) moves with θ (L1), so both re-attack at every θ they
// visit: a bound, deterministic re-attack (re-attack.ts), moves θ₀ + t·v that always restore θ₀
// (moves.ts), the Danskin gradient at fixed inputs and the cost of it all (danskin-gradient.ts), the
// argument checks they share (inputs.ts), and the summaries over directions (statistics.ts).
export type { AttackSpec, ParameterAttack, AttackOutcome } from "./re-attack";
export { resolveAttack, meanAbsoluteGap, disposeOutcome, CONVERGED_STEPS } from "./re-attack";
export type { StepScale } from "./inputs";
export { STEP_SCALES } from "./inputs";
export type { DirectionKind, DirectionGrid, Origin } from "./moves";
export { DIRECTION_KINDS, withRestoredParameters, moveTo, stepLength } from "./moves";
export type { LossMode, EstimatorCost } from "./danskin-gradient";
export { LOSS_MODES, parameterGradient, exampleGradient, meanLoss } from "./danskin-gradient";
export type { Spread, StepSummary } from "./statistics";
export { quantile, median, spread, logLogSlope, stepSummary } from "./statistics";
export type { RankCorrelation } from "./rank-correlation";
export { ranks, spearman } from "./rank-correlation";
