// Stochastic gradient descent with (Nesterov) momentum and L2 weight decay, in PyTorch's convention
// (torch.optim.SGD with dampening 0), which is also the update of paper-spec §5.4 and of the
// Entropy-SGD reference code's outer step:
//
//     g = ∇L(θ) + wd·θ
//     v = m·v + g
//     θ = θ − lr·(nesterov ? g + m·v : v)
//
// v starts at 0, so the first step has v = g, as PyTorch's buffer initialised with the first gradient.
import * as tf from "@tensorflow/tfjs";
import { assertBoolean, assertInteger, assertKnownOptions, assertNonNegative } from "../core/validate";
import { buffersToTensors, checkBuffers, checkState, readBuffers, shapesOf } from "./buffers";
import { describeLearningRate, describeSchedule, rateAt, toSchedule, type LearningRate, type Schedule } from "./schedules";
import type { Buffers, GradientOracle, Optimizer, OptimizerDefinition, OptimizerState, StepResult } from "./types";
import { assertMomentum, assertOracle, assertParams, checkOracleResult } from "./validation";
import { SGD_UPDATE, hasKernel, runStepKernel } from "../kernels/steps";

export interface SgdOptions {
  /** Learning rate: a number, a Schedule of the trainer's progress (epochs), or a schedule description. */
  lr: LearningRate;
  /** Momentum m in [0, 1); default 0 (no buffer). */
  momentum?: number;
  /** Nesterov momentum; default false. Needs momentum > 0 (as PyTorch, which rejects it otherwise). */
  nesterov?: boolean;
  /** L2 weight decay added to the gradient; default 0. */
  weightDecay?: number;
}

const SGD_OPTIONS = ["lr", "momentum", "nesterov", "weightDecay"] as const;

export interface SgdResolvedOptions {
  readonly lr: ReturnType<typeof describeSchedule>;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

export interface SgdState extends OptimizerState {
  readonly kind: "sgd";
  /** Completed step() calls. */
  readonly steps: number;
  /** Momentum buffer v per variable, or null when momentum is 0. */
  readonly momentum: Buffers | null;
}

export class Sgd implements Optimizer {
  readonly kind = "sgd" as const;
  readonly callPlan = [{ freshBatch: true }] as const;
  readonly params: readonly tf.Variable[];
  readonly resolvedOptions: SgdResolvedOptions;
  private readonly lr: Schedule;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private velocity: tf.Tensor[] | null;
  private steps = 0;
  private disposed = false;

  constructor(params: readonly tf.Variable[], options: SgdOptions) {
    assertParams(params, "Sgd");
    assertKnownOptions("Sgd", options, SGD_OPTIONS);
    if (options.lr === undefined) throw new TypeError("Sgd: option lr is required (a number or a Schedule)");
    this.lr = toSchedule(options.lr, "Sgd: lr");
    const momentum = options.momentum ?? 0;
    const nesterov = options.nesterov ?? false;
    const weightDecay = options.weightDecay ?? 0;
    assertMomentum("Sgd: momentum", momentum);
    assertBoolean("Sgd: nesterov", nesterov);
    assertNonNegative("Sgd: weightDecay", weightDecay);
    if (nesterov && momentum === 0) throw new RangeError("Sgd: nesterov: true needs momentum > 0, got momentum 0");
    this.params = [...params];
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.resolvedOptions = { lr: describeSchedule(options.lr), momentum, nesterov, weightDecay };
    this.velocity = momentum > 0 ? this.params.map((p) => tf.zerosLike(p)) : null;
  }

  get description(): string {
    const o = this.resolvedOptions;
    return `SGD (momentum ${o.momentum}${o.nesterov ? " Nesterov" : ""}, wd ${o.weightDecay}, ${describeLearningRate(o.lr)})`;
  }

  diagnostics(): Record<string, number> {
    return {};
  }

  learningRate(progress: number): number {
    return rateAt(this.lr, progress, "lr");
  }

  step(oracle: GradientOracle, progress: number): StepResult {
    this.assertLive();
    assertOracle(oracle, "Sgd.step");
    const lr = this.learningRate(progress);
    const { loss, grads } = checkOracleResult(oracle({ freshBatch: true }), this.params, "Sgd.step");
    this.applyGradients(grads, lr);
    return { loss, oracleCalls: 1 };
  }

  /**
   * One update with gradients computed elsewhere, at the variables' current values (SAM's perturbed
   * gradient, EntropySGD's θ − μ). Disposes `grads`. The caller checked their shapes.
   */
  applyGradients(grads: tf.Tensor[], lr: number): void {
    this.assertLive();
    try {
      const fused = hasKernel(SGD_UPDATE);
      this.params.forEach((p, i) => {
        if (fused) return this.fusedUpdate(p, i, grads[i], lr);
        const next = tf.tidy(() => {
          const g = this.weightDecay > 0 ? tf.add(grads[i], tf.mul(p, this.weightDecay)) : grads[i];
          let direction = g;
          let v: tf.Tensor | undefined;
          if (this.velocity !== null) {
            v = tf.add(tf.mul(this.velocity[i], this.momentum), g);
            direction = this.nesterov ? tf.add(g, tf.mul(v, this.momentum)) : v;
          }
          p.assign(tf.sub(p, tf.mul(direction, lr)));
          return v;
        });
        if (next !== undefined && this.velocity !== null) {
          this.velocity[i].dispose();
          this.velocity[i] = next;
        }
      });
    } finally {
      tf.dispose(grads);
    }
    this.steps++;
  }

  /** The update above as one native kernel (lib/kernels/steps.ts): the same float32 arithmetic in one pass. */
  private fusedUpdate(p: tf.Variable, i: number, grad: tf.Tensor, lr: number): void {
    const attrs = { lr, momentum: this.momentum, weightDecay: this.weightDecay, nesterov: this.nesterov };
    const inputs: tf.NamedTensorMap = this.velocity === null ? { param: p, grad } : { param: p, grad, velocity: this.velocity[i] };
    const [param, velocity] = runStepKernel<tf.Tensor[]>(SGD_UPDATE, inputs, attrs);
    p.assign(param);
    param.dispose();
    if (this.velocity !== null) {
      this.velocity[i].dispose();
      this.velocity[i] = velocity;
    }
  }

  state(): SgdState {
    this.assertLive();
    return {
      kind: "sgd",
      shapes: shapesOf(this.params),
      steps: this.steps,
      momentum: this.velocity === null ? null : readBuffers(this.velocity),
    };
  }

  loadState(state: OptimizerState): void {
    this.assertLive();
    checkState<SgdState>(state, "sgd", this.params, "Sgd.loadState");
    assertInteger("Sgd.loadState: state.steps", state.steps, 0);
    if ((state.momentum === null) !== (this.velocity === null)) {
      throw new TypeError(
        `Sgd.loadState: the state ${state.momentum === null ? "has no" : "has a"} momentum buffer, this optimiser has momentum ${this.momentum}`,
      );
    }
    if (state.momentum !== null && this.velocity !== null) {
      const buffers = checkBuffers(state.momentum, this.params, "Sgd.loadState: state.momentum");
      tf.dispose(this.velocity);
      this.velocity = buffersToTensors(buffers, this.params);
    }
    this.steps = state.steps;
  }

  dispose(): void {
    if (this.velocity !== null) tf.dispose(this.velocity);
    this.velocity = null;
    this.disposed = true;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error("Sgd: the optimiser was disposed");
  }
}

export const SGD: OptimizerDefinition<SgdOptions> = { kind: "sgd", create: (params, options) => new Sgd(params, options) };
