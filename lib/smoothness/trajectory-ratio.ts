// S2 (paper-spec §4): the gradient-Lipschitz ratio along the training trajectory,
//     ‖ĝ_B(θ_{t+1}) − ĝ_B(θ_t)‖ / ‖θ_{t+1} − θ_t‖
// on one fixed minibatch B, the attack re-run at each end ("reattack") or frozen at θ_t's ("frozen").
import * as tf from "@tensorflow/tfjs";
import { assertSeed } from "../core/rng";
import { assertKnownOptions, assertOneOf } from "../core/validate";
import { oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { assignParams, flattenParams } from "../models/params";
import { CostMeter, EstimatorCost, LOSS_MODES, LossMode, distance, parameterGradient } from "../parameter-space/danskin-gradient";
import { assertFiniteParameters, assertModelBatch } from "../parameter-space/inputs";
import { withRestoredParameters } from "../parameter-space/moves";
import { AttackOutcome, AttackSpec, ParameterAttack, disposeOutcome, meanAbsoluteGap, resolveAttack } from "../parameter-space/re-attack";

export interface TrajectoryRatioOptions {
  /** Default "reattack" with an attack, "clean" without. "frozen" keeps the inputs attacked at θ_t. */
  loss?: LossMode;
  attack?: AttackSpec;
  seed?: number;
}

export interface TrajectoryRatioResult {
  /** ‖ĝ_B(θ_{t+1}) − ĝ_B(θ_t)‖ / ‖θ_{t+1} − θ_t‖. */
  readonly ratio: number;
  readonly gradientChange: number;
  readonly distance: number;
  readonly loss: LossMode;
  /** The attack had not converged at θ_t or θ_{t+1} by the gradient change (re-attacked loss only). */
  readonly flagged: boolean;
  readonly cost: EstimatorCost;
}

const TRAJECTORY_OPTION_NAMES = ["loss", "attack", "seed"] as const;

/**
 * S2: the gradient-Lipschitz ratio along the training trajectory, on one fixed minibatch (x, y), between
 * two parameter vectors (flattened like flattenParams), e.g. before and after an optimiser step. The
 * model's weights are left as they were when called.
 */
export function trajectoryRatio(
  model: Classifier,
  x: tf.Tensor,
  y: tf.Tensor1D,
  before: tf.Tensor1D,
  after: tf.Tensor1D,
  options: TrajectoryRatioOptions = {},
): TrajectoryRatioResult {
  assertKnownOptions("trajectoryRatio", options, TRAJECTORY_OPTION_NAMES);
  const { seed = 0 } = options;
  assertModelBatch(model, x, y);
  assertSeed(seed);
  const loss = options.loss ?? (options.attack === undefined ? "clean" : "reattack");
  assertOneOf("loss", loss, LOSS_MODES);
  if (loss !== "clean" && options.attack === undefined) throw new RangeError(`loss "${loss}" needs an attack (options.attack), got none`);
  const attack = loss === "clean" ? null : resolveAttack(options.attack, seed);
  assertFiniteParameters(model, before, "before");
  assertFiniteParameters(model, after, "after");
  const step = distance(after, before);
  if (!(step > 0)) throw new RangeError(`after must differ from before (the ratio divides by ‖after − before‖), got ‖after − before‖ = ${step}`);
  return withRestoredParameters(model, () => {
    const meter = new CostMeter(x.shape[0]);
    const oneHot = oneHotLabels(y, model.numClasses);
    let first: AttackOutcome | null = null;
    let second: AttackOutcome | null = null;
    const held: tf.Tensor[] = [oneHot];
    try {
      // The model holds the point being evaluated when this is called.
      const evaluate = (outcome: AttackOutcome | null): tf.Tensor1D => {
        meter.addParameter(1);
        const g = parameterGradient(model, outcome === null ? x : outcome.xAdv, oneHot);
        held.push(g);
        return g;
      };
      const attackHere = (): AttackOutcome => {
        meter.addAttack((attack as ParameterAttack).gradientEvaluations);
        return (attack as ParameterAttack).run(model, x, y);
      };
      assignParams(model, before);
      if (attack !== null) first = attackHere();
      const g1 = evaluate(first);
      assignParams(model, after);
      if (loss === "reattack") second = attackHere();
      const g2 = evaluate(loss === "reattack" ? second : first);
      const change = distance(g2, g1);
      const gaps = [first, second].filter((o): o is AttackOutcome => o !== null).map(meanAbsoluteGap);
      return {
        ratio: change / step,
        gradientChange: change,
        distance: step,
        loss,
        flagged: loss === "reattack" && Math.max(...gaps) > change,
        cost: meter.report(),
      };
    } finally {
      tf.dispose(held);
      disposeOutcome(first);
      disposeOutcome(second);
    }
  });
}

/** S2 at one step of training. */
export type TrajectoryRow = { step: number; ratio: number; gradientChange: number; distance: number; flagged: boolean };

export interface TrajectoryRecorder {
  /** Pass as fit's onStep: measures the step after every `every`-th step (steps every, 2·every, ...). */
  readonly onStep: (step: number) => void;
  readonly rows: TrajectoryRow[];
  /** Frees the saved parameters (the batch stays the caller's). */
  dispose(): void;
}

/**
 * S2 along a training run: every `every` optimiser steps, the ratio of one step — between the weights
 * before step t (saved after step t − 1) and after it — on the fixed batch (x, y), with the options of
 * trajectoryRatio. Costs two gradients (and two attacks with a re-attacked loss) per measurement.
 */
export function trajectoryRecorder(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, every: number, options: TrajectoryRatioOptions = {}): TrajectoryRecorder {
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be an integer ≥ 1, got ${every}`);
  const rows: TrajectoryRow[] = [];
  let before: tf.Tensor1D | null = null;
  return {
    rows,
    onStep(step: number) {
      if (before !== null) {
        const after = flattenParams(model);
        try {
          const r = trajectoryRatio(model, x, y, before, after, options);
          rows.push({ step, ratio: r.ratio, gradientChange: r.gradientChange, distance: r.distance, flagged: r.flagged });
        } finally {
          tf.dispose([before, after]);
          before = null;
        }
      }
      if ((step + 1) % every === 0) before = flattenParams(model);
    },
    dispose() {
      if (before !== null) before.dispose();
      before = null;
    },
  };
}
