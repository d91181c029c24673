// Training: standard and adversarial (PGD) training with SGD, SAM or EntropySGD, one budget unit for
// comparing them at equal compute, checkpoints that resume bit for bit, the per-epoch log, and stamped
// result files.
export { fit, BUDGET_UNIT, type FitResult } from "./trainer";
export {
  resolveFitOptions,
  runSeeds,
  defaultOptimizer,
  isBoundAttack,
  FIT_OPTION_NAMES,
  type FitData,
  type FitOptions,
  type FitConfig,
  type AttackConfig,
  type FitEvaluationOptions,
  type ResolvedEvaluation,
  type ResolvedFitOptions,
  type RunSeeds,
} from "./options";
export {
  trainingOracle,
  assertTrainingData,
  type TrainingData,
  type TrainingOracle,
  type TrainingOracleOptions,
  type TrainingOracleState,
  type OracleCounts,
  type CallStats,
} from "./oracle";
export { inputGradientPenalty, PENALTY_DIFFERENCE_RADIUS, PENALTY_GRADIENT_EVALUATIONS, type InputGradientPenalty } from "./input-gradient-penalty";
export { plannedCalls, stepCost, freshBatchesPerStep, upcomingBatchSizes, type PlannedCall, type AttackCost, type Cost } from "./budget";
export { warmupEps, attackOptionsAt, WarmupAttacks, type AttackAt } from "./warmup";
export { EPOCH_LOG_FIELDS, formatEpoch, type EpochLogEntry } from "./log";
export { TrainingDiverged, type Divergence } from "./epoch";
export { evaluateHeldOut, type HeldOutAccuracy } from "./evaluate";
export {
  CHECKPOINT_FORMAT,
  checkpointFolder,
  checkpointFile,
  readCheckpoint,
  writeCheckpoint,
  snapshot,
  progressFrom,
  type RunProgress,
  dataFingerprint,
  canonicalJson,
  type Checkpoint,
  type RunFingerprint,
  type DataFingerprint,
  type FinalEvaluation,
  type StopReason,
} from "./checkpoint";
export { trainingStamp, trainingRecord, writeTrainingResult, type TrainingStampFields, type TrainingResults } from "./result";
export type { LinearGradientDescentOptions, LinearGradientDescentResult, Oscillation } from "./linear-gradient-descent";
export { linearGradientDescent, oscillation, signChanges } from "./linear-gradient-descent";
