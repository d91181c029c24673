// What every attack loop shares: the per-example objective, its gradient with respect to the input
// only, the feasible set (threat-model ball ∩ data bounds) and the starting points.
import * as tf from "@tensorflow/tfjs";
import { normalTensor, uniformTensor } from "../kernels/random-tensors";
import { Rng } from "../core/rng";
import { perExampleColumn, perExampleNorm, projectL2Ball, steepestAscentDirection } from "../core/norms";
import { PROJECTED_STEP, hasKernel, runStepKernel } from "../kernels/steps";
import { crossEntropyAndLogitGradient, crossEntropyFromOneHot, oneHotLabels } from "../losses/cross-entropy";
import { dlrLossFromOneHot } from "../losses/dlr";
import { Classifier } from "../models/classifier";
import type { Norm } from "../core/norms";
import { AttackLoss, StartMode } from "./types";

/**
 * The objective an attack ascends, per example, as a function of the adversarial input. Built once per
 * call (the one-hot labels are made once, not at every step).
 */
export interface Objective {
  /** Per-example objective [batch] at xAdv. */
  value(xAdv: tf.Tensor): tf.Tensor1D;
  /** Per-example objective and its gradient with respect to xAdv (one forward and one backward pass). */
  valueAndGradient(xAdv: tf.Tensor): { value: tf.Tensor1D; gradient: tf.Tensor };
  /** Per-example objective and whether the model still predicts y (forward pass only). */
  valueAndCorrect(xAdv: tf.Tensor): { value: tf.Tensor1D; correct: tf.Tensor1D };
  /** Gradient, objective and correctness in one pass (APGD tracks misclassified iterates). */
  valueGradientAndCorrect(xAdv: tf.Tensor): { value: tf.Tensor1D; gradient: tf.Tensor; correct: tf.Tensor1D };
  dispose(): void;
}

export function makeObjective(model: Classifier, y: tf.Tensor1D, loss: AttackLoss, targeted: boolean): Objective {
  const oneHot = oneHotLabels(y, model.numClasses);
  const perExample = (logits: tf.Tensor2D): tf.Tensor1D => {
    if (loss === "dlr") return dlrLossFromOneHot(logits, oneHot);
    const ce = crossEntropyFromOneHot(logits, oneHot);
    return targeted ? tf.neg(ce) : ce;
  };
  // tf.valueAndGrad of a vector-valued f differentiates the sum: per-example gradients, independent of
  // the batch size (the sign and the per-example normalisation would not care, the loss values would).
  const gradient = tf.valueAndGrad((xAdv: tf.Tensor) => perExample(model.logits(xAdv)));
  // The cross-entropy's gradient through the model's own backward pass where it has one (the MLP: 45
  // kernels a PGD step instead of the tape's 74); the DLR loss and other models go through the tape.
  const ceHead = (logits: tf.Tensor2D) => {
    const { value, dLogits } = crossEntropyAndLogitGradient(logits, oneHot);
    return targeted ? { value: tf.neg(value) as tf.Tensor1D, dLogits: tf.neg(dLogits) as tf.Tensor2D } : { value, dLogits };
  };
  const tapeFree = loss === "ce" ? model.valueAndInputGradient?.bind(model) : undefined;
  const correctOf = (logits: tf.Tensor2D): tf.Tensor1D => tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32") as tf.Tensor1D;
  return {
    value: (xAdv) => tf.tidy(() => perExample(model.logits(xAdv))),
    valueAndGradient: (xAdv) => {
      if (tapeFree !== undefined) return tapeFree(xAdv, ceHead);
      const { value, grad } = gradient(xAdv);
      return { value: value as tf.Tensor1D, gradient: grad };
    },
    valueAndCorrect: (xAdv) =>
      tf.tidy(() => {
        const logits = model.logits(xAdv);
        return { value: perExample(logits), correct: correctOf(logits) };
      }),
    valueGradientAndCorrect: (xAdv) => {
      let correct: tf.Tensor1D | null = null;
      const { value, grad } = tf.valueAndGrad((input: tf.Tensor) => {
        const logits = model.logits(input);
        // Kept past the forward pass's tidy; not on the path to the objective, so not differentiated.
        correct = tf.keep(correctOf(logits));
        return perExample(logits);
      })(xAdv);
      return { value: value as tf.Tensor1D, gradient: grad, correct: correct as unknown as tf.Tensor1D };
    },
    dispose: () => oneHot.dispose(),
  };
}

/**
 * The feasible set {x' : ‖x' − x‖_p ≤ ε, low ≤ x' ≤ high} and the projection the attacks use onto it.
 * L∞: clip x' − x to [−ε, ε], then x + δ to the bounds; since x is within the bounds this is the exact
 * projection onto the intersection of the two boxes, [max(x − ε, low), min(x + ε, high)]. (Written with
 * ClipByValue, not with Maximum/Minimum against the two corner tensors: on the wasm backend those binary
 * kernels take about 1.1 ms on a 128×784 batch against 0.02 ms for a clip, which is a third of a PGD
 * step.) L2: project δ onto the ball, then clip x + δ to the bounds (Rice et al. 2020); the clip only
 * shrinks |δ_i| and the result stays in the ball.
 */
export class FeasibleSet {
  private readonly boxed: boolean;

  constructor(
    readonly x: tf.Tensor,
    readonly norm: Norm,
    readonly eps: number,
    readonly bounds: [number, number],
  ) {
    this.boxed = Number.isFinite(bounds[0]) || Number.isFinite(bounds[1]);
  }

  /** Clips to the data bounds only (a copy when there are none). */
  clipToBounds(t: tf.Tensor): tf.Tensor {
    return this.boxed ? tf.clipByValue(t, this.bounds[0], this.bounds[1]) : t.clone();
  }

  /** The projection of a candidate point x' onto the feasible set. */
  project(candidate: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const offset = tf.sub(candidate, this.x);
      const delta = this.norm === "linf" ? tf.clipByValue(offset, -this.eps, this.eps) : projectL2Ball(offset, this.eps);
      return this.clipToBounds(tf.add(this.x, delta));
    });
  }

  /**
   * One PGD step Π(point + α·s(g)), s the steepest-ascent direction of the norm: one native kernel
   * where the backend has it (lib/kernels/steps.ts; the same float32 arithmetic), tfjs ops otherwise.
   */
  ascentStep(point: tf.Tensor, gradient: tf.Tensor, stepSize: number): tf.Tensor {
    if (hasKernel(PROJECTED_STEP)) {
      const [low, high] = this.bounds;
      return runStepKernel(PROJECTED_STEP, { point, gradient, origin: this.x }, { norm: this.norm, eps: this.eps, stepSize, low, high });
    }
    return tf.tidy(() => this.project(tf.add(point, tf.mul(steepestAscentDirection(gradient, this.norm), stepSize))));
  }
}

/**
 * Per example, a where mask is 1 and b where it is 0: a·m + b·(1 − m) with m a [batch] vector of 0/1.
 * Exact for finite inputs, and it broadcasts m by multiplication: tf.where would first tile a boolean
 * condition to the full shape, which the wasm backend does slowly (about 5 ms for 128×784).
 */
export function selectExamples(mask: tf.Tensor1D, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const m = perExampleColumn(tf.cast(mask, "float32") as tf.Tensor1D, a.rank);
    return tf.add(tf.mul(a, m), tf.mul(b, tf.sub(1, m)));
  });
}

/**
 * The starting point x + δ₀ of one run (clipped to the bounds), drawn from `rng` (see StartMode).
 * `stepSize` is used only by "uniform-step".
 */
export function startingPoint(set: FeasibleSet, start: StartMode, rng: Rng, stepSize: number): tf.Tensor {
  const { x, norm, eps, bounds } = set;
  if (start === "zero" || eps === 0) return x.clone();
  return tf.tidy(() => {
    const shape = x.shape;
    const batch = shape[0];
    const d = x.size / batch;
    let delta: tf.Tensor;
    if (start === "uniform") {
      delta = uniformTensor(shape, -eps, eps, rng.seed());
    } else if (start === "uniform-step") {
      const r = Math.min(stepSize, eps);
      delta = uniformTensor(shape, -r, r, rng.seed());
    } else if (start === "sphere" && norm === "linf") {
      const t = uniformTensor(shape, -1, 1, rng.seed());
      delta = tf.mul(t, perExampleColumn(tf.div(eps, perExampleNorm(t, "linf")) as tf.Tensor1D, x.rank));
    } else if (start === "uniform-data-box") {
      const other = uniformTensor(shape, bounds[0], bounds[1], rng.seed());
      delta = projectL2Ball(tf.sub(other, x), eps);
    } else {
      // Gaussian directions, uniform on the L2 sphere, then a radius per example.
      const z = normalTensor(shape, 1, rng.seed());
      let radius: tf.Tensor1D;
      if (start === "sphere") radius = tf.fill([batch], eps) as tf.Tensor1D;
      else {
        const u = uniformTensor([batch], 0, 1, rng.seed());
        radius = tf.mul(start === "uniform-ball" ? tf.pow(u, 1 / d) : u, eps) as tf.Tensor1D;
      }
      delta = tf.mul(z, perExampleColumn(tf.div(radius, tf.add(perExampleNorm(z, "l2"), 1e-12)) as tf.Tensor1D, x.rank));
      // Rounding can leave ‖δ₀‖ a few ulps above ε: project so the start is feasible.
      delta = projectL2Ball(delta, eps);
    }
    if (norm === "linf") delta = tf.clipByValue(delta, -eps, eps);
    return set.clipToBounds(tf.add(x, delta));
  });
}
