// Sharpness-aware minimisation (Foret, Kleiner, Mobahi, Neyshabur, "Sharpness-Aware Minimization for
// Efficiently Improving Generalization", ICLR 2021): minimise max_{‖ε‖₂ ≤ ρ} L(θ + ε) using the
// first-order solution of the inner maximisation,
//
//     g = ∇L(θ)                            oracle call 1, fresh minibatch
//     ε̂ = ρ g / (‖g‖₂ + 1e-12)             ‖·‖₂ over ALL parameters together (one global norm)
//     g_SAM = ∇L(θ + ε̂)                    oracle call 2, the same minibatch
//     θ = SGD step from θ with g_SAM        weight decay and momentum as in Sgd, applied at θ
//
// The 1e-12 guard and the placement of weight decay (in the base step, not in ε̂) follow davda54/sam,
// the PyTorch port most SAM work uses. ρ defaults to 0.05, that port's default and a value inside the
// grid Foret et al. tune ρ over ({0.01, 0.02, 0.05, 0.1, 0.2, 0.5}).
//
// `adaptive: true` gives ASAM (Kwon, Kim, Park, Choi, ICML 2021) in davda54/sam's form: with T = |θ|
// elementwise, ε̂ = ρ T² g / ‖T g‖₂, which makes the neighbourhood scale-invariant. ASAM is usually run
// with a larger ρ (davda54/sam suggests 2.0); the default here stays 0.05 for both, so set ρ yourself.
//
// In adversarial training the second call sees the same clean examples at the perturbed weights,
// attacked again there (`reattack`, default: the gradient is that of the adversarial loss L_ε at θ + ε̂)
// or with the adversarial inputs found at θ (reattack: false, cheaper).
import * as tf from "@tensorflow/tfjs";
import { assertBoolean, assertInteger, assertKnownOptions, assertNonNegative } from "../core/validate";
import { checkState, shapesOf } from "./buffers";
import { describeLearningRate, type LearningRate } from "./schedules";
import { Sgd, type SgdResolvedOptions, type SgdState } from "./sgd";
import type { GradientOracle, Optimizer, OptimizerDefinition, OptimizerState, OracleRequest, StepResult } from "./types";
import { assertOracle, assertParams, checkOracleResult } from "./validation";

export interface SamOptions {
  /** Learning rate of the base SGD step: a number, a Schedule of progress or a schedule description. */
  lr: LearningRate;
  /** Base SGD momentum in [0, 1); default 0. */
  momentum?: number;
  nesterov?: boolean;
  /** Weight decay of the base step (added at θ, not used for ε̂); default 0. */
  weightDecay?: number;
  /** Neighbourhood radius ρ >= 0; default 0.05. ρ = 0 is SGD at twice the cost. */
  rho?: number;
  /** ASAM's scale-invariant neighbourhood; default false. */
  adaptive?: boolean;
  /** In adversarial training, attack the minibatch again at θ + ε̂ (default true) or reuse x + δ found at θ. */
  reattack?: boolean;
}

const SAM_OPTIONS = ["lr", "momentum", "nesterov", "weightDecay", "rho", "adaptive", "reattack"] as const;

/** Keeps ε̂ finite when the gradient vanishes (davda54/sam). */
const NORM_GUARD = 1e-12;

export interface SamResolvedOptions extends SgdResolvedOptions {
  readonly rho: number;
  readonly adaptive: boolean;
  readonly reattack: boolean;
}

export interface SamState extends OptimizerState {
  readonly kind: "sam";
  readonly steps: number;
  /** The base optimiser (SGD with momentum) that takes the step with the sharpness-aware gradient. */
  readonly base: SgdState;
}

export class Sam implements Optimizer {
  readonly kind = "sam" as const;
  readonly callPlan: readonly OracleRequest[];
  readonly params: readonly tf.Variable[];
  readonly resolvedOptions: SamResolvedOptions;
  private readonly base: Sgd;
  private steps = 0;
  private disposed = false;

  constructor(params: readonly tf.Variable[], options: SamOptions) {
    assertParams(params, "Sam");
    assertKnownOptions("Sam", options, SAM_OPTIONS);
    const rho = options.rho ?? 0.05;
    const adaptive = options.adaptive ?? false;
    const reattack = options.reattack ?? true;
    assertNonNegative("Sam: rho", rho);
    assertBoolean("Sam: adaptive", adaptive);
    assertBoolean("Sam: reattack", reattack);
    if (options.lr === undefined) throw new TypeError("Sam: option lr is required (a number or a Schedule)");
    this.params = [...params];
    this.base = new Sgd(this.params, {
      lr: options.lr,
      momentum: options.momentum,
      nesterov: options.nesterov,
      weightDecay: options.weightDecay,
    });
    this.resolvedOptions = { ...this.base.resolvedOptions, rho, adaptive, reattack };
    this.callPlan = [{ freshBatch: true }, { freshBatch: false, reattack }];
  }

  get description(): string {
    const o = this.resolvedOptions;
    return (
      `SAM (ρ=${o.rho}${o.adaptive ? " adaptive" : ""}${o.reattack ? "" : ", x+δ of θ reused at θ+ε̂"}, momentum ${o.momentum}` +
      `${o.nesterov ? " Nesterov" : ""}, wd ${o.weightDecay}, ${describeLearningRate(o.lr)})`
    );
  }

  diagnostics(): Record<string, number> {
    return {};
  }

  learningRate(progress: number): number {
    return this.base.learningRate(progress);
  }

  step(oracle: GradientOracle, progress: number): StepResult {
    this.assertLive();
    assertOracle(oracle, "Sam.step");
    const lr = this.learningRate(progress);
    const { rho, adaptive } = this.resolvedOptions;
    const first = checkOracleResult(oracle({ freshBatch: true }), this.params, "Sam.step");
    const theta = this.params.map((p) => tf.clone(p));
    try {
      try {
        tf.tidy(() => {
          const scaled = adaptive ? first.grads.map((g, i) => tf.mul(g, tf.abs(this.params[i]))) : first.grads;
          const norm = tf.sqrt(tf.addN(scaled.map((s) => tf.sum(tf.square(s)))));
          const scale = tf.div(rho, tf.add(norm, NORM_GUARD));
          this.params.forEach((p, i) => {
            const direction = adaptive ? tf.mul(tf.square(p), first.grads[i]) : first.grads[i];
            p.assign(tf.add(p, tf.mul(direction, scale)));
          });
        });
      } finally {
        tf.dispose(first.grads);
      }
      const second = checkOracleResult(oracle(this.callPlan[1]), this.params, "Sam.step");
      // Restore θ from the copy: θ + ε̂ − ε̂ is not θ in float32.
      this.params.forEach((p, i) => p.assign(theta[i]));
      this.base.applyGradients(second.grads, lr);
    } catch (error) {
      this.params.forEach((p, i) => p.assign(theta[i]));
      throw error;
    } finally {
      tf.dispose(theta);
    }
    this.steps++;
    return { loss: first.loss, oracleCalls: 2 };
  }

  state(): SamState {
    this.assertLive();
    return { kind: "sam", shapes: shapesOf(this.params), steps: this.steps, base: this.base.state() };
  }

  loadState(state: OptimizerState): void {
    this.assertLive();
    checkState<SamState>(state, "sam", this.params, "Sam.loadState");
    assertInteger("Sam.loadState: state.steps", state.steps, 0);
    if (state.base === null || typeof state.base !== "object" || state.base.kind !== "sgd") {
      throw new TypeError(`Sam.loadState: state.base must be an "sgd" state, got ${String(state.base?.kind)}`);
    }
    this.base.loadState(state.base); // validates shapes and buffers before changing anything
    this.steps = state.steps;
  }

  dispose(): void {
    this.base.dispose();
    this.disposed = true;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error("Sam: the optimiser was disposed");
  }
}

export const SAM: OptimizerDefinition<SamOptions> = { kind: "sam", create: (params, options) => new Sam(params, options) };
