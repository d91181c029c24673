// The attack an estimator re-runs at every θ it visits. The paper's point is that the optimal attack
// depends on the weights, δ*(θ) (paper-spec §1.2, L1), so the re-attacked estimators call it afresh at
// θ + hv. For the map θ ↦ δ*(θ) to be a function at all, the attack must be deterministic given θ: the
// default is `convergedPgd` (paper-spec §5.3: many steps, decaying step size, one seeded start reused at
// every θ), which also reports its convergence gap. Any bound `Attack` of lib/attacks can be injected
// instead (e.g. `closedFormLinear`, the exact δ* of T1, in tests); it is always called with the same
// seed, and since it reports no gap its results are marked "convergence not checked".
import * as tf from "@tensorflow/tfjs";
import { Attack, ConvergedPgdOptions, convergedPgd, defaultStart } from "../attacks";
import { NORMS, type Norm } from "../core/norms";
import { assertSeed } from "../core/rng";
import { assertNonNegative, assertOneOf, assertPositiveInteger } from "../core/validate";
import { Classifier } from "../models/classifier";

/** Options of `convergedPgd` (the default re-attack), or any bound attack of lib/attacks. */
export type AttackSpec = ConvergedPgdOptions | Attack;

/** Default number of steps of the converged attack (convergedPgd's own default). */
export const CONVERGED_STEPS = 200;

export interface AttackOutcome {
  /** x + δ*(θ) at the model's current parameters (the caller disposes it). */
  readonly xAdv: tf.Tensor;
  /** Objective gained over the attack's last steps, per example; null when the attack does not say. */
  readonly gap: tf.Tensor1D | null;
  /** The attack's objective at xAdv per example (the cross-entropy unless the options say otherwise); null when not reported. */
  readonly loss: tf.Tensor1D | null;
}

/** An attack bound to its options and seed, as the estimators use it. */
export interface ParameterAttack {
  run(model: Classifier, x: tf.Tensor, y: tf.Tensor1D): AttackOutcome;
  readonly description: string;
  /** Input-gradient evaluations per call, in passes over the batch (the attack's steps). */
  readonly gradientEvaluations: number;
  /** The threat model, when known (always for the converged attack). */
  readonly norm: Norm | null;
  readonly eps: number | null;
  /** Whether `run` reports a convergence gap. */
  readonly reportsGap: boolean;
}

function isBoundAttack(spec: unknown): spec is Attack {
  return typeof spec === "function" && typeof (spec as Attack).cost === "object" && typeof (spec as Attack).description === "string";
}

/**
 * Checks an attack specification (before any work) and binds it to `seed`. For converged options, a
 * `seed` inside them wins over the estimator's.
 */
export function resolveAttack(spec: unknown, seed: number, name = "attack"): ParameterAttack {
  assertSeed(seed);
  if (isBoundAttack(spec)) {
    return {
      run: (model, x, y) => ({ xAdv: spec(model, x, y, seed), gap: null, loss: null }),
      description: spec.description,
      gradientEvaluations: spec.cost.gradientEvaluations,
      norm: null,
      eps: null,
      reportsGap: false,
    };
  }
  if (typeof spec === "function") {
    throw new TypeError(`${name} must be convergedPgd options or a bound Attack of lib/attacks (with description and cost), got a plain function`);
  }
  if (spec === null || typeof spec !== "object") throw new TypeError(`${name} must be convergedPgd options or a bound Attack, got ${String(spec)}`);
  const options = spec as ConvergedPgdOptions;
  assertOneOf(`${name}.norm`, options.norm, NORMS);
  assertNonNegative(`${name}.eps`, options.eps);
  if (options.steps !== undefined) assertPositiveInteger(`${name}.steps`, options.steps);
  if (options.seed !== undefined) assertSeed(options.seed, `${name}.seed`);
  const resolved: ConvergedPgdOptions = { ...options, seed: options.seed ?? seed };
  const steps = options.steps ?? CONVERGED_STEPS;
  return {
    run: (model, x, y) => {
      const result = convergedPgd(model, x, y, resolved);
      return { xAdv: result.xAdv, gap: result.gap, loss: result.loss };
    },
    description: `converged PGD-${steps} ${options.norm} eps=${options.eps} (${options.stepSchedule ?? "cosine"} steps, start ${options.start ?? defaultStart(options.norm)}${options.bounds ? `, bounds [${options.bounds.join(", ")}]` : ""}, seed ${resolved.seed})`,
    gradientEvaluations: steps,
    norm: options.norm,
    eps: options.eps,
    reportsGap: true,
  };
}

/** mean_n |gap_n| of an outcome (0 when the attack reports none). */
export function meanAbsoluteGap(outcome: AttackOutcome): number {
  if (outcome.gap === null) return 0;
  const gap = outcome.gap;
  const m = tf.tidy(() => tf.mean(tf.abs(gap)));
  const value = m.dataSync()[0];
  m.dispose();
  return value;
}

export function disposeOutcome(outcome: AttackOutcome | null): void {
  if (outcome === null) return;
  tf.dispose([outcome.xAdv, outcome.gap, outcome.loss].filter((t): t is tf.Tensor => t !== null));
}
