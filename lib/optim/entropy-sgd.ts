// EntropySGD (Chaudhari et al., "Entropy-SGD: Biasing Gradient Descent into Wide Valleys", ICLR 2017),
// with every variant of paper-spec §5.5 selectable, for the EnSGD adversarial training of §5.6.
//
// It minimises the local entropy (spec §2, sign convention of this project)
//
//     F_γ(θ) = −(1/β) log ∫ exp(−β [L(θ′) + (γ/2)‖θ − θ′‖²]) dθ′,
//     ∇F_γ(θ) = γ (θ − E[θ′]),   θ′ ~ p_θ(θ′) ∝ exp(−β [L(θ′) + (γ/2)‖θ − θ′‖²]),
//
// estimating E[θ′] by μ, a running average over L steps of stochastic gradient Langevin dynamics
// (SGLD, Welling & Teh 2011) started at θ′ = θ. One outer step (spec §5.6; t counts outer steps):
//
//     θc = θ; θ′ = θ; μ = θ
//     for l = 1..L:                       oracle at θ′, fresh minibatch (re-attacked at θ′ in AT)
//       d = ∇L(θ′) + wd_in·θ′               [inner momentum, if any, acts on d here, as in optim.py]
//       d = d − γ_t (θc − θ′)               coupling: ∇_θ′ of (γ/2)‖θc − θ′‖²
//       θ′ = θ′ − η′ d + c ξ,  ξ ~ N(0, I)  c = ε√η′ ('sqrt-lr') or ε√(2η′) ('reference')
//       μ = (1 − w) μ + w θ′                w = muNewSampleWeight
//     G = θc − μ  ('unscaled')  or  γ_t (θc − μ)  ('gamma-scaled')
//     θ = θc − lr·SGD(G)                  outer SGD step: + wd_out·θc, optional (Nesterov) momentum
//     t = t + 1;  γ_t = γ0 (1 + γ1)^t ('scoped')  or  γ0 ('constant')
//
// Which distribution the chain samples. SGLD θ′ ← θ′ − η′∇U(θ′) + √(2η′/β) ξ targets exp(−βU) as
// η′ → 0; here U(θ′) = L(θ′) + (γ/2)‖θc − θ′‖² and the noise is c ξ, so √(2η′/β) = c gives
//     'sqrt-lr'   (c = ε√η′):   β = 2/ε²
//     'reference' (c = ε√(2η′)): β = 1/ε²
// (see `langevinInverseTemperature`). With the default ε = 1e-4, β is 2·10⁸: the chain is practically
// a deterministic proximal descent and F_γ is practically the Moreau envelope of L (spec T5, β → ∞).
// For a quadratic L = (a/2)‖θ′‖² the discretised chain is an AR(1) process with coefficient
// ρ = 1 − η′(a + γ): its stationary mean γθc/(a + γ) is exact for every η′, its variance is
// c² / (1 − ρ²) = 1/(β(a+γ)) · 2/(2 − η′(a+γ)). test/optim/entropy-sgd.test.ts checks both.
//
// The inner momentum buffer restarts at zero every outer step (θ′ restarts at θ there too), as in both
// reference implementations; the outer momentum buffer persists across steps. The reference PyTorch
// code also evaluates the loss at θ before the inner loop and then discards that gradient when L > 0;
// this implementation skips that evaluation, so an outer step costs exactly L oracle calls. optim.py
// also starts its outer momentum buffer at that first minibatch gradient (its first outer step uses
// v = m·∇L(θ0) + G); here the buffer starts at zero as in torch.optim.SGD, which is what makes
// 'reference-pytorch' with L = 0 plain SGD (the spec's acceptance check, §12).
import * as tf from "@tensorflow/tfjs";
import { normalTensor } from "../kernels/random-tensors";
import { assertSeed, Rng, type RngState } from "../core/rng";
import {
  assertBoolean,
  assertInRange,
  assertInteger,
  assertKnownOptions,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  assertRngState,
} from "../core/validate";
import { checkState, shapesOf } from "./buffers";
import { describeLearningRate, describeSchedule, rateAt, stepDecay, toSchedule, type LearningRate, type Schedule, type ScheduleSpec } from "./schedules";
import { Sgd, type SgdState } from "./sgd";
import type { GradientOracle, Optimizer, OptimizerDefinition, OptimizerState, OracleRequest, StepResult } from "./types";
import { assertMomentum, assertOracle, assertParams, checkOracleResult } from "./validation";

export type EntropySgdPreset = "chaudhari-paper" | "reference-pytorch" | "project-default";
export type GammaSchedule = "scoped" | "constant";
export type OuterStep = "unscaled" | "gamma-scaled";
export type NoiseScaling = "sqrt-lr" | "reference";

export const ENTROPY_SGD_PRESET_NAMES: readonly EntropySgdPreset[] = ["chaudhari-paper", "reference-pytorch", "project-default"];
const GAMMA_SCHEDULES: readonly GammaSchedule[] = ["scoped", "constant"];
const OUTER_STEPS: readonly OuterStep[] = ["unscaled", "gamma-scaled"];
const NOISE_SCALINGS: readonly NoiseScaling[] = ["sqrt-lr", "reference"];

export interface EntropySgdOptions {
  /** Sets every option below (table ENTROPY_SGD_PRESETS); explicit options override it. Default 'project-default'. */
  preset?: EntropySgdPreset;
  /**
   * 'scoped': γ_t = γ0(1+γ1)^t, t = completed outer steps. 'constant': γ_t = γ0. There is no
   * free-form γ schedule: the scope counts outer updates, not the trainer's progress clock, a function
   * could not be stamped into result files, and these two modes are the only ones the spec uses.
   */
  gammaSchedule?: GammaSchedule;
  /** 'unscaled': the outer gradient is θ − μ (every reference implementation). 'gamma-scaled': γ(θ − μ) (Algorithm 1). */
  outerStep?: OuterStep;
  /** Langevin noise per inner step: 'sqrt-lr' ε√η′ (Algorithm 1) or 'reference' ε√(2η′) (reference code). */
  noiseScaling?: NoiseScaling;
  /** w in μ ← (1−w)μ + wθ′, in (0, 1]: 0.25 in the reference code, 0.75 in the paper's text. */
  muNewSampleWeight?: number;
  /**
   * Momentum on the inner data gradient ∇L(θ′) + wd_in·θ′, in [0, 1); the coupling and the noise are
   * added after it, as optim.py does. Its buffer restarts at zero every outer step.
   */
  innerMomentum?: number;
  /** Nesterov form of the inner momentum; without momentum (0) it changes nothing, as in optim.py. */
  innerNesterov?: boolean;
  /** Momentum of the outer SGD step, in [0, 1); its buffer persists across outer steps. */
  outerMomentum?: number;
  /** Nesterov form of the outer momentum; without momentum (0) it changes nothing. */
  outerNesterov?: boolean;
  /** Langevin steps per outer step (a non-negative integer); 0 makes the optimiser plain SGD, as optim.py. */
  L?: number;
  /** Initial scope γ0 >= 0. */
  gamma0?: number;
  /** Scoping rate γ1 >= 0 ('scoped' only). */
  gamma1?: number;
  /** Inner (Langevin) learning rate η′ >= 0. */
  innerLr?: number;
  /** Langevin noise scale ε >= 0 (thermal noise `eps` of the reference code). */
  noise?: number;
  /** Outer learning rate: a number, a Schedule of progress or a schedule description. Default: the preset's 1, ×0.2 at 50% and 75% of `horizon`. */
  lr?: LearningRate;
  /**
   * Total progress of the run (e.g. epochs), which places the preset lr's decays; needed unless lr is
   * given, recorded but unused when it is.
   */
  horizon?: number;
  /** Weight decay added to the inner data gradient. */
  innerWeightDecay?: number;
  /**
   * Weight decay added to the outer gradient. Not a row of the spec's options table: the reference
   * PyTorch code adds its single weight decay to the outer gradient too (and so to plain SGD at L = 0).
   */
  outerWeightDecay?: number;
  /** Seed of the Langevin noise stream; default 0. */
  seed?: number;
  /**
   * In adversarial training, attack one minibatch once at θc per outer step and use it in all L inner
   * steps (paper-spec §5.6's cheaper ablation, which does not smooth L_ε exactly); default false: every
   * inner step draws a fresh minibatch and re-attacks it at θ′.
   */
  reuseAdversarial?: boolean;
}

const ENTROPY_SGD_OPTIONS = [
  "preset",
  "gammaSchedule",
  "outerStep",
  "noiseScaling",
  "muNewSampleWeight",
  "innerMomentum",
  "innerNesterov",
  "outerMomentum",
  "outerNesterov",
  "L",
  "gamma0",
  "gamma1",
  "innerLr",
  "noise",
  "lr",
  "horizon",
  "innerWeightDecay",
  "outerWeightDecay",
  "seed",
  "reuseAdversarial",
] as const;

/** A preset's learning rate: `initial`, ×`factor` at each fraction of the horizon. */
export interface PresetLearningRate {
  readonly initial: number;
  readonly factor: number;
  readonly fractions: readonly number[];
}

export interface EntropySgdPresetValues {
  readonly gammaSchedule: GammaSchedule;
  readonly outerStep: OuterStep;
  readonly noiseScaling: NoiseScaling;
  readonly muNewSampleWeight: number;
  readonly innerMomentum: number;
  readonly innerNesterov: boolean;
  readonly outerMomentum: number;
  readonly outerNesterov: boolean;
  readonly L: number;
  readonly gamma0: number;
  readonly gamma1: number;
  readonly innerLr: number;
  readonly noise: number;
  readonly lr: PresetLearningRate;
  readonly innerWeightDecay: number;
  readonly outerWeightDecay: number;
}

// The numeric rows (L, γ0, γ1, η′, ε, lr, weight decay) are the options table's Default column for all
// three presets: the §5.5 comparison table has columns only for the algorithmic points, and the
// reference code's own run (CIFAR-10: L = 20, wd 1e-3, lr ÷5 every 4 epochs) is a different scale.
// A preset changes a numeric row only where its column names a value: chaudhari-paper's inner
// gradient is ∇L alone (no weight decay), reference-pytorch's momenta are Nesterov 0.9 and its one
// weight decay also enters the outer step.
const NUMERIC_DEFAULTS = {
  L: 5,
  gamma0: 0.03,
  gamma1: 1e-3,
  innerLr: 0.1,
  noise: 1e-4,
  lr: { initial: 1, factor: 0.2, fractions: [0.5, 0.75] },
} as const;

/**
 * The three presets of paper-spec §5.5.
 *
 * The default is 'project-default' (the options table's Default column): scoped γ as in Algorithm 1
 * and the Lua code, because scoping is what makes F_γ → L as training ends (spec T5); the unscaled
 * outer step θ − μ of every reference implementation, whose step size with lr 1 is "move θ to μ" and
 * does not vanish with the small γ0 = 0.03 (the γ-scaled step would be 33× smaller at the same lr);
 * the algorithm's noise ε√η′; the released code's weight 0.25 on the new sample, the one its published
 * runs used (0.75, the paper's text, makes μ almost the last iterate; with L = 2–5 the choice matters);
 * no momentum, so the inner loop is plain SGLD and, with lr 1, θ lands exactly on μ; weight decay only
 * on the inner gradient, as the §5.6 loop writes it.
 */
export const ENTROPY_SGD_PRESETS: Readonly<Record<EntropySgdPreset, EntropySgdPresetValues>> = {
  // Algorithm 1 as written in Chaudhari et al. 2017.
  "chaudhari-paper": {
    ...NUMERIC_DEFAULTS,
    gammaSchedule: "scoped",
    outerStep: "gamma-scaled",
    noiseScaling: "sqrt-lr",
    muNewSampleWeight: 0.75,
    innerMomentum: 0,
    innerNesterov: false,
    outerMomentum: 0,
    outerNesterov: false,
    innerWeightDecay: 0,
    outerWeightDecay: 0,
  },
  // ucla-vision/entropy-sgd, python/optim.py.
  "reference-pytorch": {
    ...NUMERIC_DEFAULTS,
    gammaSchedule: "constant",
    outerStep: "unscaled",
    noiseScaling: "reference",
    muNewSampleWeight: 0.25,
    innerMomentum: 0.9,
    innerNesterov: true,
    outerMomentum: 0.9,
    outerNesterov: true,
    innerWeightDecay: 5e-4,
    outerWeightDecay: 5e-4,
  },
  "project-default": {
    ...NUMERIC_DEFAULTS,
    gammaSchedule: "scoped",
    outerStep: "unscaled",
    noiseScaling: "sqrt-lr",
    muNewSampleWeight: 0.25,
    innerMomentum: 0,
    innerNesterov: false,
    outerMomentum: 0,
    outerNesterov: false,
    innerWeightDecay: 5e-4,
    outerWeightDecay: 0,
  },
};

/** Every option after preset and overrides, as recorded in result files. */
export interface EntropySgdResolvedOptions extends Omit<EntropySgdPresetValues, "lr"> {
  readonly preset: EntropySgdPreset;
  /** Options given explicitly, overriding the preset. */
  readonly overrides: readonly string[];
  readonly lr: number | ScheduleSpec | "custom";
  readonly horizon: number | null;
  readonly seed: number;
  readonly reuseAdversarial: boolean;
}

export interface EntropySgdState extends OptimizerState {
  readonly kind: "entropy-sgd";
  /** Completed outer updates t; the scope is γ0(1+γ1)^t ('scoped') or γ0 ('constant'). */
  readonly t: number;
  /** The scope the next outer update will use (checked against γ0, γ1 and t on load). */
  readonly gamma: number;
  /** State of the stream that seeds the Langevin noise. */
  readonly rng: RngState;
  /** The outer SGD step (outer momentum buffer). */
  readonly outer: SgdState;
}

/**
 * The inverse temperature β whose Gibbs density exp(−β[L(θ′) + (γ/2)‖θ − θ′‖²]) the inner chain
 * samples for small η′: 2/ε² for 'sqrt-lr' noise, 1/ε² for 'reference' noise (Infinity without noise).
 */
export function langevinInverseTemperature(noise: number, noiseScaling: NoiseScaling): number {
  assertNonNegative("noise", noise);
  assertOneOf("noiseScaling", noiseScaling, NOISE_SCALINGS);
  return (noiseScaling === "sqrt-lr" ? 2 : 1) / (noise * noise);
}

/** Standard deviation of the noise added to θ′ per inner step. */
function noiseStdDev(noise: number, innerLr: number, scaling: NoiseScaling): number {
  return scaling === "sqrt-lr" ? noise * Math.sqrt(innerLr) : noise * Math.sqrt(2 * innerLr);
}

function resolveOptions(options: EntropySgdOptions): { resolved: EntropySgdResolvedOptions; lr: Schedule } {
  assertKnownOptions("EntropySgd", options, ENTROPY_SGD_OPTIONS);
  const preset = options.preset ?? "project-default";
  assertOneOf("EntropySgd: preset", preset, ENTROPY_SGD_PRESET_NAMES);
  const base = ENTROPY_SGD_PRESETS[preset];
  const given = (Object.keys(options) as (keyof EntropySgdOptions)[]).filter((k) => k !== "preset" && options[k] !== undefined);
  const pick = <K extends keyof EntropySgdPresetValues & keyof EntropySgdOptions>(key: K) => (options[key] ?? base[key]) as EntropySgdPresetValues[K];

  const values = {
    gammaSchedule: pick("gammaSchedule"),
    outerStep: pick("outerStep"),
    noiseScaling: pick("noiseScaling"),
    muNewSampleWeight: pick("muNewSampleWeight"),
    innerMomentum: pick("innerMomentum"),
    innerNesterov: pick("innerNesterov"),
    outerMomentum: pick("outerMomentum"),
    outerNesterov: pick("outerNesterov"),
    L: pick("L"),
    gamma0: pick("gamma0"),
    gamma1: pick("gamma1"),
    innerLr: pick("innerLr"),
    noise: pick("noise"),
    innerWeightDecay: pick("innerWeightDecay"),
    outerWeightDecay: pick("outerWeightDecay"),
  };
  assertOneOf("EntropySgd: gammaSchedule", values.gammaSchedule, GAMMA_SCHEDULES);
  assertOneOf("EntropySgd: outerStep", values.outerStep, OUTER_STEPS);
  assertOneOf("EntropySgd: noiseScaling", values.noiseScaling, NOISE_SCALINGS);
  assertInRange("EntropySgd: muNewSampleWeight", values.muNewSampleWeight, 0, 1, true);
  assertMomentum("EntropySgd: innerMomentum", values.innerMomentum);
  assertBoolean("EntropySgd: innerNesterov", values.innerNesterov);
  assertMomentum("EntropySgd: outerMomentum", values.outerMomentum);
  assertBoolean("EntropySgd: outerNesterov", values.outerNesterov);
  assertInteger("EntropySgd: L", values.L, 0);
  assertNonNegative("EntropySgd: gamma0", values.gamma0);
  assertNonNegative("EntropySgd: gamma1", values.gamma1);
  assertNonNegative("EntropySgd: innerLr", values.innerLr);
  assertNonNegative("EntropySgd: noise", values.noise);
  assertNonNegative("EntropySgd: innerWeightDecay", values.innerWeightDecay);
  assertNonNegative("EntropySgd: outerWeightDecay", values.outerWeightDecay);
  const seed = options.seed ?? 0;
  assertSeed(seed, "EntropySgd: seed");
  const reuseAdversarial = options.reuseAdversarial ?? false;
  assertBoolean("EntropySgd: reuseAdversarial", reuseAdversarial);
  const horizon = options.horizon ?? null;
  if (horizon !== null) assertPositive("EntropySgd: horizon", horizon);

  let lr: Schedule;
  if (options.lr !== undefined) {
    lr = toSchedule(options.lr, "EntropySgd: lr");
  } else if (horizon !== null) {
    lr = stepDecay(base.lr.initial, base.lr.factor, horizon, base.lr.fractions);
  } else {
    throw new TypeError(
      `EntropySgd: preset '${preset}' sets lr ${base.lr.initial}, ×${base.lr.factor} at ` +
        `${base.lr.fractions.map((f) => `${f * 100}%`).join(" and ")} of training; give horizon (the run's total progress, ` +
        "e.g. epochs) to place those decays, or give lr (a number or a Schedule)",
    );
  }
  const resolved: EntropySgdResolvedOptions = {
    preset,
    overrides: given,
    ...values,
    lr: options.lr !== undefined ? describeSchedule(options.lr) : describeSchedule(lr),
    horizon,
    seed,
    reuseAdversarial,
  };
  return { resolved, lr };
}

export class EntropySgd implements Optimizer {
  readonly kind = "entropy-sgd" as const;
  readonly params: readonly tf.Variable[];
  readonly resolvedOptions: EntropySgdResolvedOptions;
  readonly callPlan: readonly OracleRequest[];
  private readonly lr: Schedule;
  private readonly outer: Sgd;
  private readonly noiseStd: number;
  private rng: Rng;
  private outerSteps = 0;
  private disposed = false;

  constructor(params: readonly tf.Variable[], options: EntropySgdOptions = {}) {
    assertParams(params, "EntropySgd");
    const { resolved, lr } = resolveOptions(options);
    this.params = [...params];
    this.resolvedOptions = resolved;
    this.lr = lr;
    // The first inner step always draws (and attacks) a fresh minibatch; with reuseAdversarial the others
    // take its adversarial inputs as they are.
    const inner: OracleRequest = resolved.reuseAdversarial ? { freshBatch: false, reattack: false } : { freshBatch: true };
    this.callPlan = [{ freshBatch: true }, ...Array<OracleRequest>(Math.max(resolved.L - 1, 0)).fill(inner)];
    this.noiseStd = noiseStdDev(resolved.noise, resolved.innerLr, resolved.noiseScaling);
    this.rng = new Rng(resolved.seed);
    // Nesterov with zero momentum is the plain step; optim.py only consults the flag when momentum > 0.
    this.outer = new Sgd(this.params, {
      lr,
      momentum: resolved.outerMomentum,
      nesterov: resolved.outerNesterov && resolved.outerMomentum > 0,
      weightDecay: resolved.outerWeightDecay,
    });
  }

  /** Completed outer updates. */
  get t(): number {
    return this.outerSteps;
  }

  /** The scope γ_t the next outer step uses. */
  get gamma(): number {
    return this.gammaAt(this.outerSteps);
  }

  get description(): string {
    const o = this.resolvedOptions;
    return (
      `EntropySGD (${o.preset}, L=${o.L}, γ0=${o.gamma0} ${o.gammaSchedule}${o.gammaSchedule === "scoped" ? ` γ1=${o.gamma1}` : ""}, η′=${o.innerLr}, ` +
      `noise ${o.noise}, ${o.reuseAdversarial ? "reuseAdversarial, " : ""}${describeLearningRate(o.lr)})`
    );
  }

  diagnostics(): Record<string, number> {
    return { gamma: this.gamma };
  }

  learningRate(progress: number): number {
    return rateAt(this.lr, progress, "lr");
  }

  step(oracle: GradientOracle, progress: number): StepResult {
    this.assertLive();
    assertOracle(oracle, "EntropySgd.step");
    const lr = this.learningRate(progress);
    const o = this.resolvedOptions;
    if (o.L === 0) {
      const result = this.outer.step(oracle, progress);
      this.outerSteps++;
      return result;
    }
    const gamma = this.gamma;
    const rngBefore = this.rng.state();
    const thetaC: tf.Tensor[] = this.params.map((p) => tf.clone(p));
    let mu: tf.Tensor[] = thetaC.map((t) => tf.clone(t));
    let velocity: tf.Tensor[] | null = o.innerMomentum > 0 ? this.params.map((p) => tf.zerosLike(p)) : null;
    let firstLoss = NaN;
    try {
      for (let l = 0; l < o.L; l++) {
        const { loss, grads } = checkOracleResult(oracle(this.callPlan[l]), this.params, "EntropySgd.step");
        if (l === 0) firstLoss = loss;
        const next: { mu: tf.Tensor; velocity?: tf.Tensor }[] = [];
        try {
          this.params.forEach((p, i) => next.push(this.langevinStep(p, grads[i], thetaC[i], mu[i], velocity?.[i] ?? null, gamma)));
        } catch (error) {
          next.forEach((n) => tf.dispose(n.velocity === undefined ? [n.mu] : [n.mu, n.velocity]));
          throw error;
        } finally {
          tf.dispose(grads);
        }
        tf.dispose(mu);
        mu = next.map((n) => n.mu);
        if (velocity !== null) {
          tf.dispose(velocity);
          velocity = next.map((n) => n.velocity as tf.Tensor);
        }
      }
      this.params.forEach((p, i) => p.assign(thetaC[i]));
      const outerGradient = tf.tidy(() =>
        this.params.map((_, i) => {
          const difference = tf.sub(thetaC[i], mu[i]);
          return o.outerStep === "gamma-scaled" ? tf.mul(difference, gamma) : difference;
        }),
      );
      this.outer.applyGradients(outerGradient, lr);
    } catch (error) {
      // Leave the optimiser and the variables as they were before the step.
      this.params.forEach((p, i) => p.assign(thetaC[i]));
      this.rng = Rng.fromState(rngBefore);
      throw error;
    } finally {
      tf.dispose(thetaC);
      tf.dispose(mu);
      if (velocity !== null) tf.dispose(velocity);
    }
    this.outerSteps++;
    return { loss: firstLoss, oracleCalls: o.L };
  }

  /** One SGLD step of one variable (θ′ = p) in place; returns the new running average and momentum buffer. */
  private langevinStep(
    p: tf.Variable,
    grad: tf.Tensor,
    thetaC: tf.Tensor,
    mu: tf.Tensor,
    velocity: tf.Tensor | null,
    gamma: number,
  ): { mu: tf.Tensor; velocity?: tf.Tensor } {
    const o = this.resolvedOptions;
    const seed = this.noiseStd > 0 ? this.rng.seed() : 0;
    return tf.tidy(() => {
      let d = o.innerWeightDecay > 0 ? tf.add(grad, tf.mul(p, o.innerWeightDecay)) : grad;
      let nextVelocity: tf.Tensor | undefined;
      if (velocity !== null) {
        nextVelocity = tf.add(tf.mul(velocity, o.innerMomentum), d);
        d = o.innerNesterov ? tf.add(d, tf.mul(nextVelocity, o.innerMomentum)) : nextVelocity;
      }
      d = tf.sub(d, tf.mul(tf.sub(thetaC, p), gamma));
      let next = tf.sub(p, tf.mul(d, o.innerLr));
      if (this.noiseStd > 0) next = tf.add(next, normalTensor(p.shape, this.noiseStd, seed));
      p.assign(next);
      const w = o.muNewSampleWeight;
      const nextMu = w === 1 ? tf.clone(next) : tf.add(tf.mul(mu, 1 - w), tf.mul(next, w));
      return { mu: nextMu, velocity: nextVelocity };
    });
  }

  state(): EntropySgdState {
    this.assertLive();
    return {
      kind: "entropy-sgd",
      shapes: shapesOf(this.params),
      t: this.outerSteps,
      gamma: this.gamma,
      rng: this.rng.state(),
      outer: this.outer.state(),
    };
  }

  loadState(state: OptimizerState): void {
    this.assertLive();
    checkState<EntropySgdState>(state, "entropy-sgd", this.params, "EntropySgd.loadState");
    assertInteger("EntropySgd.loadState: state.t", state.t, 0);
    const expected = this.gammaAt(state.t);
    if (typeof state.gamma !== "number" || !(Math.abs(state.gamma - expected) <= 1e-12 * Math.abs(expected))) {
      const o = this.resolvedOptions;
      throw new RangeError(
        `EntropySgd.loadState: state.gamma ${String(state.gamma)} at t = ${state.t} does not match this optimiser's ` +
          `${expected} (gammaSchedule '${o.gammaSchedule}', gamma0 ${o.gamma0}, gamma1 ${o.gamma1}); resume with the options the state was saved with`,
      );
    }
    assertRngState("EntropySgd.loadState: state.rng", state.rng);
    if (state.outer === null || typeof state.outer !== "object" || state.outer.kind !== "sgd") {
      throw new TypeError(`EntropySgd.loadState: state.outer must be an "sgd" state, got ${String(state.outer?.kind)}`);
    }
    this.outer.loadState(state.outer); // validates shapes and buffers before changing anything
    this.outerSteps = state.t;
    this.rng = Rng.fromState(state.rng);
  }

  dispose(): void {
    this.outer.dispose();
    this.disposed = true;
  }

  private gammaAt(t: number): number {
    const o = this.resolvedOptions;
    return o.gammaSchedule === "scoped" ? o.gamma0 * Math.pow(1 + o.gamma1, t) : o.gamma0;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error("EntropySgd: the optimiser was disposed");
  }
}

export const ENTROPY_SGD: OptimizerDefinition<EntropySgdOptions> = {
  kind: "entropy-sgd",
  // The preset's learning rate decays at fractions of the run, and the noise is seeded from the run's seed.
  runDefaults: (options, run) => ({ horizon: options.horizon ?? run.horizon, seed: options.seed ?? run.seed }),
  create: (params, options) => new EntropySgd(params, options),
};
