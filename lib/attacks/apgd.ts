// Auto-PGD [Standard result: F. Croce & M. Hein, "Reliable evaluation of adversarial robustness with an
// ensemble of diverse parameter-free attacks", ICML 2020, Algorithm 1; official code
// fra31/auto-attack, autoattack/autopgd_base.py, APGDAttack.attack_single_run]. PGD whose step size
// needs no tuning: it starts at η⁽⁰⁾ = 2ε, adds momentum, and halves the step per example at
// checkpoints when progress stalls, restarting from the best point found.
//
//     z⁽ᵏ⁺¹⁾ = Π(x⁽ᵏ⁾ + η⁽ᵏ⁾ s(∇f(x⁽ᵏ⁾)))                                   s = sign (L∞), g/‖g‖₂ (L2)
//     x⁽ᵏ⁺¹⁾ = Π(x⁽ᵏ⁾ + α(z⁽ᵏ⁺¹⁾ − x⁽ᵏ⁾) + (1 − α)(x⁽ᵏ⁾ − x⁽ᵏ⁻¹⁾)),        α = 0.75 (1 at k = 0)
//
// Checkpoints w_j = ⌈p_j N⌉ with p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06).
// At each checkpoint the step is halved and the iterate reset to the best point x_max (with its
// gradient) when either
//     (1) the loss increased in at most a fraction ρ = 0.75 of the steps since the last checkpoint, or
//     (2) the step was not reduced at the last checkpoint and the best loss has not improved since.
//
// Where the official code differs from the paper, this file follows the code:
//  * checkpoint spacing: windows of integer length, first max(⌊0.22N⌋, 1), then shrinking by
//    max(⌊0.03N⌋, 1) down to max(⌊0.06N⌋, 1). For N = 100 this is the paper's ⌈p_j N⌉ = 22, 41, 57,
//    70, 80, 87, 93, 99; for other N the rounding drifts (N = 250: the sixth checkpoint is 225, the
//    paper's 218);
//  * condition (1) counts increases with ≤ ρ·k (the paper writes <), and the first window compares the
//    first iterate's loss with 0 (the code's zero-initialised loss history), not with the start's loss;
//  * the start is a random direction of norm exactly ε (t/‖t‖_∞ with t ~ U(−1,1)^d for L∞, z/‖z‖₂ for
//    L2), clipped to the bounds; the best point is initialised with the start;
//  * the momentum term after a reset uses the iterate before the reset, as the code does.
// Where this file departs from the code (documented choices):
//  * all examples are attacked in every restart (the code re-attacks only the ones still classified
//    correctly); with keep = "adversarial" an example fooled in an earlier restart keeps that point;
//  * an example never misclassified gets its highest-loss point, not the clean input (the robust-
//    accuracy verdict is the same: every iterate of it is classified correctly);
//  * the last iteration evaluates the loss without its (unused) gradient, so a run costs N gradient
//    evaluations and one forward pass (the code: N + 1 gradient evaluations).
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { perExampleColumn, steepestAscentDirection } from "../core/norms";
import { assertKnownOptions, assertInRange, assertNonNegative, assertOneOf, assertPositiveInteger } from "../core/validate";
import { Classifier } from "../models/classifier";
import { DEFAULT_BOUNDS, assertAttackInputs, assertBounds } from "./inputs";
import { FeasibleSet, Objective, makeObjective, selectExamples, startingPoint } from "./objective";
import { outsideTape } from "./outside-tape";
import { assertAttackLoss, assertStart } from "./pgd";
import { NORMS, type Norm } from "../core/norms";
import { ApgdOptions, Attack, AttackLoss, StartMode } from "./types";

const APGD_OPTION_NAMES = ["norm", "eps", "steps", "restarts", "bounds", "seed", "loss", "start", "rho", "keep"] as const;

/** Momentum weight α of the paper (the code's `a`). */
export const APGD_MOMENTUM = 0.75;
/** Initial step η⁽⁰⁾ in units of ε. */
export const APGD_INITIAL_STEP = 2;

interface ResolvedApgdOptions {
  readonly norm: Norm;
  readonly eps: number;
  readonly steps: number;
  readonly restarts: number;
  readonly bounds: [number, number];
  readonly seed: number;
  readonly loss: AttackLoss;
  readonly start: StartMode;
  readonly rho: number;
  readonly keep: "adversarial" | "max-loss";
}

function resolveApgdOptions(options: ApgdOptions): ResolvedApgdOptions {
  assertKnownOptions("APGD", options, APGD_OPTION_NAMES);
  const { norm, eps, steps = 100, restarts = 1, bounds = DEFAULT_BOUNDS, seed = 0, loss = "ce", start = "sphere", rho = 0.75, keep = "adversarial" } = options;
  assertOneOf("norm", norm, NORMS);
  assertNonNegative("eps", eps);
  assertPositiveInteger("steps", steps);
  assertPositiveInteger("restarts", restarts);
  assertBounds(bounds);
  assertSeed(seed);
  assertAttackLoss(loss, false);
  assertStart(start, norm);
  if (start === "uniform-data-box" && !(Number.isFinite(bounds[0]) && Number.isFinite(bounds[1]))) {
    throw new RangeError(`start "uniform-data-box" needs finite bounds, got [${bounds[0]}, ${bounds[1]}]`);
  }
  if (restarts > 1 && start === "zero") {
    throw new RangeError(`restarts must be 1 when the start is deterministic (start "zero"), got ${restarts}`);
  }
  assertInRange("rho", rho, 0, 1);
  assertOneOf("keep", keep, ["adversarial", "max-loss"] as const);
  return { norm, eps, steps, restarts, bounds: [bounds[0], bounds[1]], seed, loss, start, rho, keep };
}

/** The checkpoints of the official code for N iterations: loop index i (0-based) and the window length k ending there. */
export function apgdCheckpoints(steps: number): { iteration: number; window: number }[] {
  assertPositiveInteger("steps", steps);
  const minWindow = Math.max(Math.floor(0.06 * steps), 1);
  const shrink = Math.max(Math.floor(0.03 * steps), 1);
  let window = Math.max(Math.floor(0.22 * steps), 1);
  const out: { iteration: number; window: number }[] = [];
  let counter = 0;
  for (let i = 0; i < steps; i++) {
    counter += 1;
    if (counter === window) {
      out.push({ iteration: i, window });
      window = Math.max(window - shrink, minWindow);
      counter = 0;
    }
  }
  return out;
}

/** The tensors one APGD run carries from iteration to iteration. */
type RunState = {
  xAdv: tf.Tensor;
  xOld: tf.Tensor;
  grad: tf.Tensor;
  step: tf.Tensor1D;
  xBest: tf.Tensor;
  gradBest: tf.Tensor;
  lossBest: tf.Tensor1D;
  xBestAdv: tf.Tensor;
  fooled: tf.Tensor1D;
  lossPrevious: tf.Tensor1D;
  increases: tf.Tensor1D;
  reducedLast: tf.Tensor1D;
  lossBestLastCheck: tf.Tensor1D;
};

function disposeReplaced(old: object, next: object): void {
  const kept = new Set(Object.values(next));
  tf.dispose(Object.values(old).filter((t) => t instanceof tf.Tensor && !kept.has(t)) as tf.Tensor[]);
}

/** One APGD run from the start x0 (owned): the highest-loss point, its loss, the last misclassified iterate and whether there was one. */
function apgdRun(objective: Objective, set: FeasibleSet, x0: tf.Tensor, o: ResolvedApgdOptions) {
  const rank = x0.rank;
  const column = (t: tf.Tensor1D) => perExampleColumn(t, rank);
  const checkpoints = new Map(apgdCheckpoints(o.steps).map((c) => [c.iteration, c.window]));
  let s: RunState = tf.tidy(() => {
    const first = objective.valueGradientAndCorrect(x0);
    const correct = first.correct;
    const state: RunState = {
      xAdv: x0,
      xOld: x0.clone(),
      grad: first.gradient,
      step: tf.fill([x0.shape[0]], APGD_INITIAL_STEP * o.eps) as tf.Tensor1D,
      xBest: x0.clone(),
      gradBest: first.gradient.clone(),
      lossBest: first.value,
      xBestAdv: x0.clone(),
      fooled: tf.sub(1, correct) as tf.Tensor1D,
      // The code's loss history starts as zeros, so the first window compares the first iterate with 0.
      lossPrevious: tf.zerosLike(first.value),
      increases: tf.zerosLike(first.value),
      reducedLast: tf.onesLike(first.value),
      lossBestLastCheck: first.value.clone(),
    };
    correct.dispose();
    return state;
  });
  for (let i = 0; i < o.steps; i++) {
    const last = i === o.steps - 1;
    const old = s;
    const next: RunState = tf.tidy(() => {
      const a = i > 0 ? APGD_MOMENTUM : 1;
      const momentum = tf.sub(old.xAdv, old.xOld);
      const z = set.project(tf.add(old.xAdv, tf.mul(steepestAscentDirection(old.grad, o.norm), column(old.step))));
      const xAdv = set.project(tf.add(tf.add(old.xAdv, tf.mul(tf.sub(z, old.xAdv), a)), tf.mul(momentum, 1 - a)));
      let value: tf.Tensor1D;
      let correct: tf.Tensor1D;
      let grad: tf.Tensor = old.grad;
      if (last) {
        ({ value, correct } = objective.valueAndCorrect(xAdv));
      } else {
        const evaluated = objective.valueGradientAndCorrect(xAdv);
        ({ value, correct } = evaluated);
        grad = evaluated.gradient;
      }
      const wrong = tf.sub(1, correct) as tf.Tensor1D;
      correct.dispose();
      const improved = tf.greater(value, old.lossBest) as tf.Tensor1D;
      const st: RunState = {
        xAdv,
        xOld: old.xAdv,
        grad,
        step: old.step,
        xBest: selectExamples(improved, xAdv, old.xBest),
        gradBest: last ? old.gradBest : selectExamples(improved, grad, old.gradBest),
        lossBest: tf.where(improved, value, old.lossBest) as tf.Tensor1D,
        xBestAdv: selectExamples(wrong, xAdv, old.xBestAdv),
        fooled: tf.maximum(old.fooled, wrong) as tf.Tensor1D,
        lossPrevious: value,
        increases: tf.add(old.increases, tf.cast(tf.greater(value, old.lossPrevious), "float32")) as tf.Tensor1D,
        reducedLast: old.reducedLast,
        lossBestLastCheck: old.lossBestLastCheck,
      };
      const window = checkpoints.get(i);
      if (window !== undefined && !last) {
        const oscillating = tf.cast(tf.lessEqual(st.increases, window * o.rho), "float32");
        const stalled = tf.mul(tf.sub(1, old.reducedLast), tf.cast(tf.greaterEqual(old.lossBestLastCheck, st.lossBest), "float32"));
        const reduce = tf.maximum(oscillating, stalled) as tf.Tensor1D;
        st.reducedLast = reduce;
        st.lossBestLastCheck = st.lossBest.clone();
        st.step = tf.mul(old.step, tf.sub(1, tf.mul(reduce, 0.5))) as tf.Tensor1D;
        st.xAdv = selectExamples(reduce, st.xBest, xAdv);
        st.grad = selectExamples(reduce, st.gradBest, grad);
        st.increases = tf.zerosLike(st.increases);
      }
      return st;
    });
    disposeReplaced(old, next);
    s = next;
  }
  const result = { xBest: s.xBest, lossBest: s.lossBest, xBestAdv: s.xBestAdv, fooled: s.fooled };
  disposeReplaced(s, result);
  return result;
}

function runApgd(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, o: ResolvedApgdOptions): tf.Tensor {
  return outsideTape(() => {
    assertAttackInputs(model, x, y, o.bounds);
    if (o.loss === "dlr" && model.numClasses < 3) {
      throw new RangeError(`loss "dlr" needs a model with at least 3 classes, got ${model.numClasses} (${model.name})`);
    }
    if (o.eps === 0) return x.clone();
    const objective = makeObjective(model, y, o.loss, false);
    const set = new FeasibleSet(x, o.norm, o.eps, o.bounds);
    const rng = new Rng(o.seed);
    type Kept = { x: tf.Tensor; loss: tf.Tensor1D; fooled: tf.Tensor1D };
    let out: Kept | null = null;
    try {
      for (let r = 0; r < o.restarts; r++) {
        const run = apgdRun(objective, set, startingPoint(set, o.start, rng, APGD_INITIAL_STEP * o.eps), o);
        const previous: Kept | null = out;
        out = tf.tidy((): Kept => {
          const fooledNow = tf.cast(run.fooled, "bool") as tf.Tensor1D;
          const candidate = o.keep === "adversarial" ? selectExamples(run.fooled, run.xBestAdv, run.xBest) : run.xBest;
          if (previous === null) return { x: candidate.clone(), loss: run.lossBest.clone(), fooled: run.fooled.clone() };
          const better = tf.greater(run.lossBest, previous.loss) as tf.Tensor1D;
          let take = better;
          if (o.keep === "adversarial") {
            // An example fooled earlier keeps its point; one fooled now for the first time takes this run's.
            const fooledBefore = tf.cast(previous.fooled, "bool") as tf.Tensor1D;
            take = tf.logicalAnd(tf.logicalNot(fooledBefore), tf.logicalOr(fooledNow, better)) as tf.Tensor1D;
          }
          return {
            x: selectExamples(take, candidate, previous.x),
            loss: tf.maximum(run.lossBest, previous.loss) as tf.Tensor1D,
            fooled: tf.maximum(run.fooled, previous.fooled) as tf.Tensor1D,
          };
        });
        tf.dispose([run.xBest, run.lossBest, run.xBestAdv, run.fooled]);
        if (previous !== null) tf.dispose([previous.x, previous.loss, previous.fooled]);
      }
      const final = out as Kept;
      tf.dispose([final.loss, final.fooled]);
      return final.x;
    } finally {
      objective.dispose();
    }
  });
}

/**
 * APGD-CE (or APGD-DLR with loss "dlr") under an L∞ or L2 threat model. Returns x + δ (gradient
 * stopped); see ApgdOptions.keep for which point is returned per example.
 */
export function apgd(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: ApgdOptions): tf.Tensor {
  return runApgd(model, x, y, resolveApgdOptions(options));
}

/** APGD bound to its options (see Attack). */
export function apgdAttack(options: ApgdOptions): Attack {
  const o = resolveApgdOptions(options);
  const attack = (model: Classifier, x: tf.Tensor, y: tf.Tensor1D, seed?: number): tf.Tensor => {
    if (seed !== undefined) assertSeed(seed);
    return runApgd(model, x, y, seed === undefined ? o : { ...o, seed });
  };
  const restarts = o.restarts > 1 ? `, ${o.restarts} restarts` : "";
  return Object.assign(attack, {
    description: `APGD-${o.loss.toUpperCase()} ${o.norm} eps=${o.eps} (${o.steps} steps${restarts})`,
    cost: { gradientEvaluations: o.steps * o.restarts, forwardPasses: o.restarts },
  });
}
