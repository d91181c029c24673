// Budget accounting: how much compute a training run has spent, in one unit shared by every
// optimiser, so that SGD, EntropySGD and SAM are compared at equal compute (paper-spec §5.6, E5, E7).
//
// The unit. One gradient evaluation = one forward pass and one backward pass through the model for ONE
// example, whether the backward pass ends at the input (an attack step) or at the parameters (the
// training gradient). On a minibatch of B examples, with a training attack whose cost per example is
// K·R gradient evaluations (PGD-K with R restarts; `Attack.cost`):
//
//     parameter gradient at fixed inputs              B
//     the attack                                      K·R·B
//     one oracle call, standard training              B
//     one oracle call, adversarial training           (K·R + 1)·B        PGD-10: 11·B
//
// and per optimiser step (R = 1):
//
//     SGD                                             (K + 1)·B
//     SAM, re-attacking at θ + ε̂ (default)            2(K + 1)·B         its second gradient is of L_ε at θ + ε̂
//     SAM, reusing x + δ found at θ                   (K + 2)·B
//     EntropySGD, L inner steps                       L(K + 1)·B         every inner step attacks a fresh minibatch at θ′
//     EntropySGD, reuseAdversarial                    (K + L)·B          one minibatch attacked once at θc, used L times
//
// An optimiser says which calls a step makes (Optimizer.callPlan); `plannedCalls` turns that into
// what they cost.
//
// Forward-only passes (the loss evaluations that pick the best of several attack restarts) are counted
// apart, as `forwardPasses` (one per example), and are not part of the budget: a backward pass costs
// about twice a forward pass, and rather than inventing a fraction the log shows both. The default
// single-start training attack makes none. Evaluation on the held-out split is not training compute
// and is not counted. An ε of 0 (the start of an ε warm-up) runs no attack and costs B per call.
import type { EpochSampler } from "../data/batches";
import type { OracleRequest } from "../optim/types";

/** One call of the gradient oracle in an optimiser step, as the trainer plans it. */
export interface PlannedCall {
  /** The call draws the next minibatch (false: it reuses the one held). */
  readonly fresh: boolean;
  /** The call runs the training attack (on the new minibatch, or again on the held one). */
  readonly attacked: boolean;
}

/**
 * The calls of one step of an optimiser (its callPlan), in order; `adversarial` says whether a training
 * attack is in use at this step (false for standard training or at ε = 0).
 */
export function plannedCalls(callPlan: readonly OracleRequest[], adversarial: boolean): PlannedCall[] {
  return callPlan.map((request) => ({ fresh: request.freshBatch, attacked: adversarial && (request.freshBatch || request.reattack !== false) }));
}

/** Fresh minibatches one step draws. */
export function freshBatchesPerStep(plan: readonly PlannedCall[]): number {
  return plan.filter((c) => c.fresh).length;
}

/** Cost of an attack per example, as `Attack.cost` gives it. */
export interface AttackCost {
  readonly gradientEvaluations: number;
  readonly forwardPasses: number;
}

export interface Cost {
  gradientEvaluations: number;
  forwardPasses: number;
}

/**
 * The exact cost of one step: `batchSizes` are the sizes of the minibatches its fresh calls draw, in
 * order (a call that reuses the held minibatch costs at its size). `extraPerCall`: gradient evaluations
 * per example that each call adds (the input-gradient penalty's PENALTY_GRADIENT_EVALUATIONS; default 0).
 */
export function stepCost(plan: readonly PlannedCall[], batchSizes: readonly number[], attack: AttackCost | null, extraPerCall = 0): Cost {
  const cost: Cost = { gradientEvaluations: 0, forwardPasses: 0 };
  let next = 0;
  let size = 0;
  for (const call of plan) {
    if (call.fresh) {
      if (next >= batchSizes.length) throw new RangeError(`stepCost: the plan draws more than ${batchSizes.length} minibatches`);
      size = batchSizes[next++];
    }
    cost.gradientEvaluations += size * (1 + extraPerCall);
    if (call.attacked && attack !== null) {
      cost.gradientEvaluations += attack.gradientEvaluations * size;
      cost.forwardPasses += attack.forwardPasses * size;
    }
  }
  return cost;
}

/** Sizes of the next `count` minibatches the sampler will hand out (the last of an epoch may be smaller). */
export function upcomingBatchSizes(sampler: EpochSampler, count: number): number[] {
  const sizes: number[] = [];
  let position = sampler.atEpochEnd ? 0 : sampler.batch;
  for (let i = 0; i < count; i++) {
    if (position === sampler.batchesPerEpoch) position = 0;
    sizes.push(sampler.dropLast ? sampler.batchSize : Math.min(sampler.batchSize, sampler.n - position * sampler.batchSize));
    position++;
  }
  return sizes;
}
