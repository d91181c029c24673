// Exercises of notebook 12 (paper-spec §11): the eight exercises for coursework. Each check compares the
// answer with a reference computed independently in the library, or, for a derivation, asks for the
// function or number that only the right derivation gives. Tolerances are stated in every case.
import { distance2, norm2 } from "../core/linalg64";
import { Rng } from "../core/rng";
import { adversarialLoss, cleanLoss } from "../losses/adversarial-linear";
import { linearL2SmoothnessConstant, steinRadius } from "../theory/bounds";
import { LocalEntropy1d, moreauEnvelope } from "../theory/local-entropy-1d";
import type { ExerciseDefinition } from "./exercise";
import { exactCase, numberCase, propertyCase, show, type CaseResult } from "./feedback";
import { penaltyGradientReference, penaltyReference, type PenaltyGradient } from "./penalty-study";
import { frozenLossReference, reuseGradientReference, reuseJumpReference } from "./reuse-adversarial-1d";
import { cyclicLrReference, periodicEpsReference, type Schedule } from "./schedule-study";
import { meanStartRadiusReference, type L2StartMode } from "./start-radius";

type Vector = Float64Array;

export interface Answers12 {
  "12.1": {
    /** ℓ_ε(w) = max over ‖δ‖₁ ≤ ε of softplus(−y wᵀ(x + δ)). */
    loss: (w: Vector, x: Vector, y: number, eps: number) => number;
    /** An optimal δ* (any maximiser). */
    attack: (w: Vector, y: number, eps: number) => Vector;
    /** Whether ℓ_ε is non-differentiable at w (for a generic x). */
    nonSmooth: (w: Vector) => boolean;
  };
  "12.2": {
    /** The right-hand side of ‖u/‖u‖ − v/‖v‖‖ ≤ 2‖u − v‖ / max(‖u‖, ‖v‖). */
    bound: (u: Vector, v: Vector) => number;
    /** A pair for which the bound is nearly attained (the constant 2 cannot be lowered). */
    tightPair: () => [Vector, Vector];
    /** T1(a)'s smoothness constant ¼(R + ε)² + 2ε / max(‖w₁‖, ‖w₂‖). */
    t1aConstant: (radius: number, eps: number, normW1: number, normW2: number) => number;
  };
  "12.3": {
    /** F″_γ(θ) in 1-D from the variance of p_θ. */
    hessian: (gamma: number, beta: number, variance: number) => number;
    /** The Stein radius s with E‖θ′ − θ‖² ≤ s². */
    steinRadius: (beta: number, gamma: number, lipschitz: number, dimension: number) => number;
  };
  "12.4": {
    /** M_γ(θ) = min over θ′ of ε|θ′| + (γ/2)(θ − θ′)². */
    envelope: (eps: number, gamma: number, theta: number) => number;
    derivative: (eps: number, gamma: number, theta: number) => number;
    /** The Lipschitz constant of M′_γ. */
    smoothness: (eps: number, gamma: number) => number;
  };
  "12.5": (mode: L2StartMode, d: number, eps: number) => number;
  "12.6": { epsAt: Schedule; lrAt: Schedule };
  "12.7": {
    frozenLoss: (thetaC: number, theta: number) => number;
    reuseGradient: (thetaC: number) => number;
    jump: () => number;
  };
  "12.8": { penalty: (w: Vector, x: Vector, y: number, eps: number) => number; penaltyGradient: PenaltyGradient };
}

const v = (...values: number[]) => new Float64Array(values);
const EXACT = { relative: 1e-12, absolute: 1e-14 };
const CLOSE = { relative: 1e-9, absolute: 1e-12 };

function maxAbsTies(w: Vector): boolean {
  const top = Math.max(...w.map(Math.abs));
  return top === 0 || w.filter((wi) => Math.abs(wi) === top).length >= 2;
}

function randomVector(rng: Rng, d: number, scale = 1): Vector {
  return Float64Array.from({ length: d }, () => scale * rng.normal());
}

function exercise1(answer: Answers12["12.1"]): CaseResult[] {
  const rng = new Rng(12_1);
  const cases: CaseResult[] = [];
  for (let k = 0; k < 3; k++) {
    const w = randomVector(rng, 4);
    const x = randomVector(rng, 4);
    const y = k % 2 === 0 ? 1 : -1;
    const eps = 0.2 + 0.3 * k;
    const where = `w = ${show(w)}, x = ${show(x)}, y = ${y}, ε = ${eps}`;
    cases.push(
      numberCase(
        `ℓ_ε at ${where}`,
        () => answer.loss(w, x, y, eps),
        adversarialLoss(w, x, y, eps, "l1"),
        EXACT,
        "min over ‖δ‖₁ ≤ ε of y wᵀδ is −ε‖w‖_q with q the dual exponent of 1: q = ∞, so the loss is softplus(−y wᵀx + ε max|wᵢ|)",
      ),
    );
    cases.push(
      propertyCase(
        `δ* at ${where} is feasible (‖δ*‖₁ ≤ ε) and attains ℓ_ε`,
        () => answer.attack(w, y, eps),
        `‖δ‖₁ ≤ ${eps} and softplus(−y wᵀ(x + δ)) = ${show(adversarialLoss(w, x, y, eps, "l1"))}`,
        (delta) => {
          if (!(delta instanceof Float64Array) || delta.length !== 4) return `${show(delta)}: not a Float64Array of length 4`;
          const l1 = delta.reduce((s, d) => s + Math.abs(d), 0);
          if (l1 > eps * (1 + 1e-12)) return `δ = ${show(delta)} with ‖δ‖₁ = ${show(l1)} > ε`;
          const reached = cleanLoss(
            w,
            x.map((xi, i) => xi + delta[i]),
            y,
          );
          return Math.abs(reached - adversarialLoss(w, x, y, eps, "l1")) <= 1e-12 * reached ? null : `δ = ${show(delta)}, loss ${show(reached)}`;
        },
        "an L1 ball's vertices are ±ε eᵢ: put the whole budget on the coordinate with the largest |wᵢ|, with sign −y·sign(wᵢ)",
      ),
    );
  }
  const smooth: [Vector, string][] = [
    [v(0.5, -0.5, 0.1), "two coordinates tie for the largest |wᵢ|: ‖w‖_∞ has a kink there"],
    [v(0, 0.3, 0), "zeros are where the L∞ loss (ε‖w‖₁) has kinks, not the L1 one: here max|wᵢ| is attained once"],
    [v(0.2, -0.7, 0.1), "a single largest |wᵢ|: ‖w‖_∞ = |w₂| is differentiable nearby"],
    [v(0, 0, 0), "at w = 0 every coordinate ties (the cone point of every norm)"],
    [v(0.4, -0.4, 0.4), "three coordinates tie for the largest |wᵢ|"],
  ];
  for (const [w, hint] of smooth) cases.push(exactCase(`non-smooth at w = ${show(w)}?`, () => answer.nonSmooth(w), maxAbsTies(w), hint));
  return cases;
}

function exercise2(answer: Answers12["12.2"]): CaseResult[] {
  const rng = new Rng(12_2);
  const reference = (a: Vector, b: Vector) => (2 * distance2(a, b)) / Math.max(norm2(a), norm2(b));
  const unitGap = (a: Vector, b: Vector) =>
    distance2(
      a.map((t) => t / norm2(a)),
      b.map((t) => t / norm2(b)),
    );
  const cases: CaseResult[] = [];
  for (let k = 0; k < 3; k++) {
    const u = randomVector(rng, 3);
    const w = randomVector(rng, 3, 0.1 + k);
    cases.push(
      numberCase(
        `bound(u, v) at u = ${show(u)}, v = ${show(w)}`,
        () => answer.bound(u, w),
        reference(u, w),
        EXACT,
        "the right-hand side is 2‖u − v‖₂ / max(‖u‖₂, ‖v‖₂): divide by the larger norm",
      ),
    );
  }
  cases.push(
    propertyCase(
      "the bound holds on 500 random pairs (half of them nearly opposite)",
      () => {
        for (let k = 0; k < 500; k++) {
          const u = randomVector(rng, 3);
          const w = k % 2 ? u.map((t) => -t * 0.01 * (1 + rng.uniform())).map((t) => t + 1e-3 * rng.normal()) : randomVector(rng, 3, 10 * rng.uniform());
          const b = answer.bound(u, w);
          if (!(b >= unitGap(u, w) * (1 - 1e-12))) return { u, w, b };
        }
        return null;
      },
      "bound(u, v) ≥ ‖û − v̂‖ for every pair",
      (bad) => (bad === null ? null : `violated at ${show(bad)}`),
      "write ‖û − v̂‖ ≤ ‖u − v‖/‖u‖ + ‖v‖·|1/‖u‖ − 1/‖v‖| with ‖u‖ ≥ ‖v‖, and bound the second term by the reverse triangle inequality",
    ),
  );
  cases.push(
    propertyCase(
      "tightPair(): ‖û − v̂‖ / (2‖u − v‖/max(‖u‖, ‖v‖)) ≥ 0.95",
      () => answer.tightPair(),
      "a ratio ≥ 0.95",
      (pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) return `${show(pair)}: not a pair of vectors`;
        const [a, b] = pair as [Vector, Vector];
        const ratio = unitGap(a, b) / reference(a, b);
        return ratio >= 0.95 ? null : `ratio ${show(ratio)} for u = ${show(a)}, v = ${show(b)}`;
      },
      "the constant 2 is approached by opposite vectors of very different lengths: u = (1, 0), v = (−t, 0) with small t",
    ),
  );
  for (const [r, eps, n1, n2] of [
    [3, 0.3, 1, 0.5],
    [2.5, 1, 0.01, 0.02],
    [1, 0.1, 5, 5],
  ] as const) {
    cases.push(
      numberCase(
        `T1(a) constant for R = ${r}, ε = ${eps}, ‖w₁‖ = ${n1}, ‖w₂‖ = ${n2}`,
        () => answer.t1aConstant(r, eps, n1, n2),
        linearL2SmoothnessConstant(r, eps, n1, n2),
        EXACT,
        "σ is ¼-Lipschitz and ≤ 1, ‖−yx + εŵ‖ ≤ R + ε, and the unit vectors differ by at most 2‖w₁ − w₂‖/max(‖w₁‖, ‖w₂‖): ¼(R + ε)² + 2ε/max",
      ),
    );
  }
  return cases;
}

// A convex, kinked 1-D loss for 12.3: f(θ) = softplus(−θ) + 0.3|θ| (Lipschitz 1.3).
const kinked = (t: number) => Math.max(-t, 0) + Math.log1p(Math.exp(-Math.abs(t))) + 0.3 * Math.abs(t);

function exercise3(answer: Answers12["12.3"]): CaseResult[] {
  const cases: CaseResult[] = [];
  const h = 1e-3;
  for (const [gamma, beta, theta] of [
    [1, 10, 0.05],
    [1, 100, -0.2],
    [10, 100, 0.01],
  ] as const) {
    const grid = new LocalEntropy1d(kinked, { gamma, beta, thetaRange: [theta - h, theta + h], lipschitz: 1.3 });
    const secondDifference = (grid.value(theta + h) - 2 * grid.value(theta) + grid.value(theta - h)) / (h * h);
    const variance = grid.at(theta).variance;
    cases.push(
      numberCase(
        `F″_γ(θ) at θ = ${theta}, γ = ${gamma}, β = ${beta} (Var_p[θ′] = ${show(variance)}) against a second difference of F_γ`,
        () => answer.hessian(gamma, beta, variance),
        secondDifference,
        { absolute: 1e-3 * gamma },
        "differentiate F′_γ(θ) = γ(θ − E_p[θ′]) once more: the θ-derivative of E_p[θ′] is βγ·Var_p[θ′] (p depends on θ through the Gaussian factor)",
      ),
    );
  }
  for (const [beta, gamma, g, m] of [
    [10, 1, 0.5, 1],
    [100, 0.03, 2, 50],
    [1, 3, 0, 7],
  ] as const) {
    cases.push(
      numberCase(
        `Stein radius for β = ${beta}, γ = ${gamma}, G = ${g}, m = ${m}`,
        () => answer.steinRadius(beta, gamma, g, m),
        steinRadius(beta, gamma, g, m),
        EXACT,
        "Stein's identity gives βγ·E‖θ′ − θ‖² ≤ m + βG·(E‖θ′ − θ‖²)^½: solve βγs² − βGs − m = 0 for its positive root s",
      ),
    );
  }
  return cases;
}

function exercise4(answer: Answers12["12.4"]): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const [eps, gamma, theta] of [
    [0.5, 2, 0.1],
    [0.5, 2, 0.25],
    [0.5, 2, -1.3],
    [0.3, 10, 0.5],
    [1, 0.5, -0.7],
  ] as const) {
    const reference = moreauEnvelope((t) => eps * Math.abs(t), gamma, theta, { radius: (2 * eps) / gamma + 1 });
    const zone = Math.abs(theta) <= eps / gamma ? "inside |θ| ≤ ε/γ" : "outside |θ| ≤ ε/γ";
    cases.push(
      numberCase(
        `M_γ(θ) at θ = ${theta}, ε = ${eps}, γ = ${gamma} (${zone}), against a numerical minimisation`,
        () => answer.envelope(eps, gamma, theta),
        reference.value,
        { relative: 1e-9, absolute: 1e-12 },
        zone.startsWith("inside") ? "inside |θ| ≤ ε/γ the prox point is 0, so M = γθ²/2" : "outside, the prox point is θ − sign(θ)ε/γ, so M = ε|θ| − ε²/(2γ)",
      ),
    );
    cases.push(
      numberCase(
        `M′_γ(θ) at θ = ${theta}, ε = ${eps}, γ = ${gamma}`,
        () => answer.derivative(eps, gamma, theta),
        reference.derivative,
        { relative: 1e-7, absolute: 1e-9 },
        "M′ = γ(θ − prox(θ)) = clip(γθ, −ε, ε): the Huber function's derivative",
      ),
    );
  }
  cases.push(
    numberCase(
      "the Lipschitz constant of M′_γ for ε = 0.5, γ = 2",
      () => answer.smoothness(0.5, 2),
      2,
      EXACT,
      "M′ = clip(γθ, −ε, ε) has slope γ inside and 0 outside: the smallest constant is γ, whatever ε",
    ),
  );
  cases.push(numberCase("the same for ε = 3, γ = 0.25", () => answer.smoothness(3, 0.25), 0.25, EXACT, "the constant does not depend on ε"));
  return cases;
}

function exercise5(answer: Answers12["12.5"]): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const mode of ["gaussian-scaled", "uniform-ball"] as const) {
    for (const d of [1, 2, 784, 3072]) {
      cases.push(
        numberCase(
          `E‖δ₀‖₂ of "${mode}" starts in d = ${d}, ε = 1.5`,
          () => answer(mode, d, 1.5),
          meanStartRadiusReference(mode, d, 1.5),
          EXACT,
          mode === "gaussian-scaled"
            ? "z/‖z‖ is a unit vector, so ‖δ₀‖ = u·ε with u ~ U(0, 1): the dimension does not enter"
            : "‖δ₀‖ = ε·u^{1/d}; E[u^{1/d}] = ∫₀¹ u^{1/d} du",
        ),
      );
    }
  }
  return cases;
}

function exercise6(answer: Answers12["12.6"]): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const t of [0, 12, 24, 25, 60, 99]) {
    cases.push(
      numberCase(
        `ε_t at t = ${t} of T = 100 steps, 4 cycles, ε_max = 0.3`,
        () => answer.epsAt(t, 100, 4, 0.3),
        periodicEpsReference(t, 100, 4, 0.3),
        EXACT,
        "cycle length P = T/c, phase τ = ((t mod P) + 1)/P, ε_t = ε_max·½(1 − cos πτ): near 0 at a cycle's first step, ε_max at its last",
      ),
    );
    cases.push(
      numberCase(
        `lr_t at t = ${t} of T = 100 steps, 4 cycles, lr_max = 0.5`,
        () => answer.lrAt(t, 100, 4, 0.5),
        cyclicLrReference(t, 100, 4, 0.5),
        EXACT,
        "lr_t = lr_max·½(1 + cos(π(t mod P)/P)): lr_max at the first step of every cycle, decaying towards 0",
      ),
    );
  }
  cases.push(
    propertyCase(
      "ε_t reaches ε_max at the end of every cycle and never exceeds it (T = 120, 3 cycles)",
      () => Array.from({ length: 120 }, (_, t) => answer.epsAt(t, 120, 3, 0.3)),
      "max ε_t = 0.3 at t = 39, 79, 119",
      (values) => {
        const list = values as number[];
        const tops = [39, 79, 119].filter((t) => Math.abs(list[t] - 0.3) > 1e-12);
        const above = list.findIndex((e) => e > 0.3 + 1e-12);
        return tops.length === 0 && above < 0
          ? null
          : `ε_t = ${show(tops.map((t) => list[t]))} at the cycle ends ${show(tops)}${above >= 0 ? `, ε_${above} = ${show(list[above])} > ε_max` : ""}`;
      },
      "the phase is measured within the cycle (t mod P), and the +1 makes the last step of a cycle reach τ = 1",
    ),
  );
  return cases;
}

function exercise7(answer: Answers12["12.7"]): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const [thetaC, theta] of [
    [0.4, -0.2],
    [-0.3, 0.5],
    [0, 0.7],
  ] as const) {
    cases.push(
      numberCase(
        `f_c(θ′) with θ_c = ${thetaC}, θ′ = ${theta}`,
        () => answer.frozenLoss(thetaC, theta),
        frozenLossReference(thetaC, theta),
        EXACT,
        "attack once at θ_c: δ*ₙ = −εyₙ·sign(θ_c) (at.losses.optimalAttack), then the clean loss softplus(−yₙθ′(xₙ + δ*ₙ)) at θ′; sign(0) = 0",
      ),
    );
  }
  for (const thetaC of [-0.5, 0.2, 0.7]) {
    cases.push(
      numberCase(
        `the reuse estimate γ(θ_c − E[θ′]) at θ_c = ${thetaC}`,
        () => answer.reuseGradient(thetaC),
        reuseGradientReference(thetaC),
        { relative: 1e-6, absolute: 1e-9 },
        "with the attack reused, the inner chain samples exp(−β[f_c(θ′) + (γ/2)(θ_c − θ′)²]): the estimate is the local-entropy derivative of f_c at θ_c (at.theory.LocalEntropy1d)",
      ),
    );
  }
  cases.push(
    numberCase(
      "the jump of the reuse estimate at θ_c = 0 (right limit − left limit)",
      () => answer.jump(),
      reuseJumpReference(),
      { relative: 1e-5, absolute: 1e-9 },
      "compare the estimate just right and just left of 0 (e.g. θ_c = ±1e-9): f_c switches with sign(θ_c), so the jump of f′ survives the smoothing",
    ),
  );
  return cases;
}

function exercise8(answer: Answers12["12.8"]): CaseResult[] {
  const rng = new Rng(12_8);
  const cases: CaseResult[] = [];
  for (let k = 0; k < 3; k++) {
    const w = randomVector(rng, 3);
    const x = randomVector(rng, 3);
    const y = k === 1 ? -1 : 1;
    const eps = 0.25 * (k + 1);
    const where = `w = ${show(w)}, x = ${show(x)}, y = ${y}, ε = ${eps}`;
    cases.push(
      numberCase(
        `‖∇ₓℓ(x + δ*)‖² at ${where}`,
        () => answer.penalty(w, x, y, eps),
        penaltyReference(w, x, y, eps),
        EXACT,
        "∇ₓ softplus(−y wᵀx′) = −yσ(−y wᵀx′)w, evaluated at x′ = x + δ* where −y wᵀx′ = u = −y wᵀx + ε‖w‖₂",
      ),
    );
    const expected = penaltyGradientReference(w, x, y, eps);
    cases.push(
      ...Array.from(expected, (e, i) =>
        numberCase(
          `∂/∂w${"₀₁₂"[i]} of the penalty at ${where}`,
          () => answer.penaltyGradient(w, x, y, eps)[i],
          e,
          CLOSE,
          "σ(u)²‖w‖² depends on w through u (with ∇_w u = −yx + εw/‖w‖ and σ′ = σ(1 − σ)) and through ‖w‖²",
        ),
      ),
    );
  }
  return cases;
}

export const EXERCISES_12: readonly ExerciseDefinition[] = [
  { id: "12.1", title: "T1 under an L1 constraint and its non-smooth set", minutes: 30, cases: exercise1 },
  { id: "12.2", title: "the bound on ‖u/‖u‖ − v/‖v‖‖ and the T1(a) constant", minutes: 30, cases: exercise2 },
  { id: "12.3", title: "∇²F_γ and the Stein radius", minutes: 40, cases: exercise3 },
  { id: "12.4", title: "the Moreau envelope of ε|w| is a γ-smooth Huber function", minutes: 25, cases: exercise4 },
  { id: "12.5", title: "L2 start modes: the start radius against d", minutes: 20, cases: exercise5 },
  { id: "12.6", title: "periodic adversarial scheduling", minutes: 30, cases: exercise6 },
  { id: "12.7", title: "reuseAdversarial through T5", minutes: 40, cases: exercise7 },
  { id: "12.8", title: "C4 with an input-gradient penalty", minutes: 40, cases: exercise8 },
];
