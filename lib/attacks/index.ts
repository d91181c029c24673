export type {
  StartMode,
  AttackLoss,
  StepSchedule,
  PgdOptions,
  FgsmOptions,
  ApgdOptions,
  PgdResult,
  Attack,
} from "./types";
export { START_MODES, ATTACK_LOSSES } from "./types";
export type { ConvergedPgdOptions } from "./pgd";
export { pgd, pgdWithStats, convergedPgd, pgdAttack, defaultStart, defaultStepSize, GAP_WINDOW } from "./pgd";
export { fgsm, fgsmAttack } from "./fgsm";
export { apgd, apgdAttack, apgdCheckpoints, APGD_MOMENTUM, APGD_INITIAL_STEP } from "./apgd";
export type { ClosedFormLinearOptions, ClosedFormGapRow } from "./closed-form-linear";
export { closedFormLinearAttack, closedFormLinearLoss, closedFormLinear, pgdGapToClosedForm } from "./closed-form-linear";
export type { EvaluationOptions, AccuracyResult, RobustAccuracyResult, AccuracyVsEpsRow } from "./evaluate";
export { cleanAccuracy, robustAccuracy, accuracyVsEps } from "./evaluate";
export { DEFAULT_BOUNDS } from "./inputs";
