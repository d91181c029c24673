// S3 (paper-spec §4): the top eigenvalues of the Hessian of the loss in θ, by power iteration
// (power-iteration.ts) on Hessian-vector products [procedure: Liu et al. 2020, who report λ_max growing
// with ε].
//
// Hessian-vector products:
//  - "finite-difference": Hv ≈ [ĝ(θ + rv) − ĝ(θ − rv)] / 2r with r = radius·‖θ‖/‖v‖ (radius 1e-3 by
//    default), first-order gradients only: works for every model and backend, and for the re-attacked
//    loss (the attack is re-run at θ ± rv, so dδ*/dθ is included).
//  - "exact": double backpropagation (second-order-gradients.ts), for the linear and MLP models, for the
//    clean and the frozen loss (δ held fixed). The re-attacked loss has no exact product: tf.grad does not
//    see through an attack, whose output is a constant to the tape.
// S3 is blind to jumps of the gradient in the exact mode (it sees the curvature of the smooth piece
// at θ) and mixes them into the finite-difference mode (a jump inside ±r adds jump/2r): pair it with S1.
// With ReLU networks the two can differ completely: on the MNIST MLP 784-256-256-10 at initialisation
// (frozen L∞ inputs) the exact λ_max is about 0.2, while central differences at r = 1e-3‖θ‖ cross ReLU
// kinks and return about −10. Use smooth activations, or read a finite-difference λ as a
// scale-r statistic of the gradient, not as a curvature.
import * as tf from "@tensorflow/tfjs";
import { assertSeed } from "../core/rng";
import { assertBoolean, assertKnownOptions, assertOneOf, assertPositive } from "../core/validate";
import { oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { assignParams, flattenTensors, paramCount, unflattenLike } from "../models/params";
import { AttackOutcome, AttackSpec, ParameterAttack, disposeOutcome, meanAbsoluteGap, resolveAttack } from "../parameter-space/re-attack";
import { CostMeter, EstimatorCost, LOSS_MODES, LossMode, distance, meanLoss, norm, parameterGradient } from "../parameter-space/danskin-gradient";
import { GradientFunction } from "./function-lipschitz";
import { PowerIterationResult, powerIteration, resolvePowerOptions } from "./power-iteration";
import { assertModelBatch, checkedDirectionNorm } from "../parameter-space/inputs";
import { Origin, moveTo, withRestoredParameters } from "../parameter-space/moves";
import { assertExactHessianSupported, withSecondOrderGradients } from "./second-order-gradients";

export type HvpMode = "exact" | "finite-difference";
export const HVP_MODES: readonly HvpMode[] = ["exact", "finite-difference"];

/** Finite-difference radius relative to ‖θ‖ (paper-spec §4: r ≈ 1e-3‖θ‖/‖v‖). */
export const DEFAULT_RADIUS = 1e-3;

/** The distance r of a central difference along v: radius·‖θ‖/‖v‖, or radius/‖v‖ at θ = 0. */
export function finiteDifferenceStep(radius: number, thetaNorm: number, vNorm: number): number {
  return (radius * (thetaNorm > 0 ? thetaNorm : 1)) / vNorm;
}

/** Hv ≈ [∇f(θ + rv) − ∇f(θ − rv)] / 2r for any gradient function, r = radius·‖θ‖/‖v‖. */
export function finiteDifferenceHvp(gradient: GradientFunction, theta: tf.Tensor1D, v: tf.Tensor1D, radius = DEFAULT_RADIUS): tf.Tensor1D {
  if (typeof gradient !== "function") throw new TypeError(`gradient must be a function θ ↦ ∇f(θ), got ${String(gradient)}`);
  if (!(theta instanceof tf.Tensor) || theta.rank !== 1) throw new RangeError(`theta must be a Tensor1D, got ${String(theta)}`);
  const vNorm = checkedDirectionNorm(v, theta.size, "v", "theta");
  assertPositive("radius", radius);
  const r = finiteDifferenceStep(radius, norm(theta), vNorm);
  const plus = tf.tidy(() => tf.add(theta, tf.mul(v, r)) as tf.Tensor1D);
  const minus = tf.tidy(() => tf.sub(theta, tf.mul(v, r)) as tf.Tensor1D);
  const gPlus = gradient(plus);
  const gMinus = gradient(minus);
  const product = tf.tidy(() => tf.div(tf.sub(gPlus, gMinus), 2 * r) as tf.Tensor1D);
  tf.dispose([plus, minus, gPlus, gMinus]);
  return product;
}

export interface HessianOptions {
  /** Which loss: default "frozen" with an attack (S3 at fixed adversarial inputs), "clean" without. */
  loss?: LossMode;
  /** Default "finite-difference". */
  hvp?: HvpMode;
  attack?: AttackSpec;
  /** Finite-difference radius relative to ‖θ‖ (default 1e-3). */
  radius?: number;
  k?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Seed of the starting vectors and of the attack (default 0). */
  seed?: number;
  /**
   * Also compare exact and finite-difference products along every eigenvector found (needs a model with
   * exact products and a clean or frozen loss). Default false.
   */
  crossCheck?: boolean;
  label?: string;
}

const HESSIAN_OPTION_NAMES = ["loss", "hvp", "attack", "radius", "k", "maxIterations", "tolerance", "seed", "crossCheck", "label"] as const;
const PRODUCT_OPTION_NAMES = ["loss", "hvp", "attack", "radius", "seed"] as const;

export interface HessianResult {
  readonly values: number[];
  readonly iterations: number[];
  readonly converged: boolean[];
  readonly history: number[][];
  readonly loss: LossMode;
  readonly hvp: HvpMode;
  /** Finite-difference distance r (null for exact products). */
  readonly radius: number | null;
  readonly thetaNorm: number;
  readonly attack: string | null;
  readonly convergenceChecked: boolean;
  /**
   * Re-attacked finite differences whose attack had not converged: its mean |gap| at θ ± rv exceeded
   * ‖ĝ(θ + rv) − ĝ(θ − rv)‖. Their products still entered the iteration; a non-zero count says the
   * eigenvalue is not trustworthy.
   */
  readonly flaggedProducts: number;
  /** With crossCheck: ‖H_exact u − H_fd u‖ / ‖H_exact u‖ along each eigenvector u. */
  readonly crossCheck: number[] | null;
  readonly cost: EstimatorCost;
}

interface ResolvedHessian {
  loss: LossMode;
  hvp: HvpMode;
  attack: ParameterAttack | null;
  radius: number;
  seed: number;
}

function resolveHessianOptions(model: Classifier, options: HessianOptions | HessianProductOptions): ResolvedHessian {
  const { hvp = "finite-difference", radius = DEFAULT_RADIUS, seed = 0 } = options;
  const loss = options.loss ?? (options.attack === undefined ? "clean" : "frozen");
  assertOneOf("loss", loss, LOSS_MODES);
  assertOneOf("hvp", hvp, HVP_MODES);
  assertPositive("radius", radius);
  assertSeed(seed);
  if (loss !== "clean" && options.attack === undefined) throw new RangeError(`loss "${loss}" needs an attack (options.attack), got none`);
  if (hvp === "exact") {
    if (loss === "reattack") {
      throw new RangeError(
        `hvp "exact" cannot differentiate through the attack (loss "reattack"): use hvp "finite-difference", or loss "frozen" for the Hessian at fixed adversarial inputs`,
      );
    }
    assertExactHessianSupported(model);
  }
  return { loss, hvp, attack: loss === "clean" ? null : resolveAttack(options.attack, seed), radius, seed };
}

/** The Hessian-vector products of one classifier loss at θ₀, with their bookkeeping. */
class ModelHessian {
  private outcome0: AttackOutcome | null = null;
  private readonly oneHot: tf.Tensor2D;
  flaggedProducts = 0;
  lastRadius: number | null = null;

  constructor(
    private readonly model: Classifier,
    private readonly x: tf.Tensor,
    private readonly y: tf.Tensor1D,
    private readonly origin: Origin,
    private readonly o: ResolvedHessian,
    readonly meter: CostMeter,
  ) {
    this.oneHot = oneHotLabels(y, model.numClasses);
    if (o.attack !== null) {
      this.outcome0 = o.attack.run(model, x, y);
      meter.addAttack(o.attack.gradientEvaluations);
    }
  }

  /** The fixed inputs of the clean and frozen losses. */
  private fixedInputs(): tf.Tensor {
    return this.outcome0 === null ? this.x : this.outcome0.xAdv;
  }

  /** Danskin gradient at the model's current θ, re-attacking there for the re-attacked loss. */
  private gradientHere(): { gradient: tf.Tensor1D; gap: number } {
    this.meter.addParameter(1);
    if (this.o.loss !== "reattack") return { gradient: parameterGradient(this.model, this.fixedInputs(), this.oneHot), gap: 0 };
    const attack = this.o.attack as ParameterAttack;
    const outcome = attack.run(this.model, this.x, this.y);
    this.meter.addAttack(attack.gradientEvaluations);
    const gradient = parameterGradient(this.model, outcome.xAdv, this.oneHot);
    const gap = meanAbsoluteGap(outcome);
    disposeOutcome(outcome);
    return { gradient, gap };
  }

  finiteDifference(v: tf.Tensor1D): tf.Tensor1D {
    const vNorm = norm(v);
    const r = finiteDifferenceStep(this.o.radius, this.origin.norm, vNorm);
    this.lastRadius = r * vNorm;
    const unit = tf.tidy(() => tf.div(v, vNorm) as tf.Tensor1D);
    try {
      moveTo(this.model, this.origin, unit, r * vNorm);
      const plus = this.gradientHere();
      moveTo(this.model, this.origin, unit, -r * vNorm);
      const minus = this.gradientHere();
      const change = distance(plus.gradient, minus.gradient);
      if (this.o.loss === "reattack" && Math.max(plus.gap, minus.gap) > change) this.flaggedProducts += 1;
      const product = tf.tidy(() => tf.div(tf.sub(plus.gradient, minus.gradient), 2 * r) as tf.Tensor1D);
      tf.dispose([plus.gradient, minus.gradient]);
      return product;
    } finally {
      unit.dispose();
      assignParams(this.model, this.origin.theta);
    }
  }

  exact(v: tf.Tensor1D): tf.Tensor1D {
    this.meter.addParameter(2);
    const inputs = this.fixedInputs();
    const model = this.model;
    const oneHot = this.oneHot;
    return withSecondOrderGradients(() =>
      tf.tidy(() => {
        const parts = unflattenLike(model, v);
        const { grads } = tf.variableGrads(() => {
          const { grads: g } = tf.variableGrads(() => meanLoss(model, inputs, oneHot), model.params);
          return tf.addN(model.params.map((p, i) => tf.sum(tf.mul(g[p.name] ?? tf.zerosLike(p), parts[i])))) as tf.Scalar;
        }, model.params);
        return flattenTensors(model.params.map((p) => grads[p.name] ?? tf.zerosLike(p)));
      }),
    );
  }

  product(v: tf.Tensor1D): tf.Tensor1D {
    return this.o.hvp === "exact" ? this.exact(v) : this.finiteDifference(v);
  }

  dispose(): void {
    this.oneHot.dispose();
    disposeOutcome(this.outcome0);
  }
}

/**
 * S3: top-k Hessian eigenvalues of the clean, frozen (δ fixed at θ's attack) or re-attacked loss at the
 * model's current θ, on the batch (x, y). The model's weights are restored afterwards.
 */
export function hessianTopEigenvalues(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: HessianOptions = {}): HessianResult {
  assertKnownOptions("hessianTopEigenvalues", options, HESSIAN_OPTION_NAMES);
  assertModelBatch(model, x, y);
  const o = resolveHessianOptions(model, options);
  const m = paramCount(model);
  const power = resolvePowerOptions(options, m);
  const crossCheck = options.crossCheck ?? false;
  assertBoolean("crossCheck", crossCheck);
  if (crossCheck) {
    if (o.loss === "reattack") throw new RangeError(`crossCheck needs exact products, which the re-attacked loss has not; use loss "clean" or "frozen"`);
    assertExactHessianSupported(model);
  }
  return withRestoredParameters(model, (origin) => {
    const meter = new CostMeter(x.shape[0]);
    const hessian = new ModelHessian(model, x, y, origin, o, meter);
    let result: PowerIterationResult | null = null;
    try {
      result = powerIteration((v) => hessian.product(v), m, { ...power, label: options.label ?? `S3 Hessian (${o.loss}, ${o.hvp})` });
      let checks: number[] | null = null;
      if (crossCheck) {
        checks = result.vectors.map((u) => {
          const exact = hessian.exact(u);
          const fd = hessian.finiteDifference(u);
          const relative = distance(exact, fd) / norm(exact);
          tf.dispose([exact, fd]);
          return relative;
        });
      }
      return {
        values: result.values,
        iterations: result.iterations,
        converged: result.converged,
        history: result.history,
        loss: o.loss,
        hvp: o.hvp,
        radius: o.hvp === "exact" ? null : hessian.lastRadius,
        thetaNorm: origin.norm,
        attack: o.attack?.description ?? null,
        convergenceChecked: o.attack === null || o.attack.reportsGap,
        flaggedProducts: hessian.flaggedProducts,
        crossCheck: checks,
        cost: meter.report(),
      };
    } finally {
      if (result !== null) tf.dispose(result.vectors);
      hessian.dispose();
    }
  });
}

export type HessianProductOptions = Pick<HessianOptions, "loss" | "hvp" | "attack" | "radius" | "seed">;

/**
 * One Hessian-vector product Hv of a classifier loss at the model's current θ (exact or by central
 * differences; see HessianOptions). Returns a new Tensor1D; the model's weights are restored.
 */
export function hessianVectorProduct(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, v: tf.Tensor1D, options: HessianProductOptions = {}): tf.Tensor1D {
  assertKnownOptions("hessianVectorProduct", options, PRODUCT_OPTION_NAMES);
  assertModelBatch(model, x, y);
  checkedDirectionNorm(v, paramCount(model), "v", model.name);
  const o = resolveHessianOptions(model, options);
  return withRestoredParameters(model, (origin) => {
    const hessian = new ModelHessian(model, x, y, origin, o, new CostMeter(x.shape[0]));
    try {
      return hessian.product(v);
    } finally {
      hessian.dispose();
    }
  });
}
