// The playground's interactive figures [Project design]: closed forms of the reconstructed theory,
// recomputed in the browser by the library's own code (lib/losses/adversarial-linear.ts,
// lib/theory/local-entropy-1d.ts), drawn by the library's chart builders (lib/viz/charts.ts). Each figure
// has parameters bound to sliders; moving one recomputes the data with the same functions the notebooks call.
import type { TopLevelSpec } from "vega-lite";
import { Rng } from "../lib/core/rng";
import {
  meanAdversarialLoss,
  meanAdversarialLossGradientRatio,
  optimalAttack,
  sigmoid,
  softplus,
} from "../lib/losses/adversarial-linear";
import { LocalEntropy1d, moreauEnvelope } from "../lib/theory/local-entropy-1d";
import { heatmap, lineChart, scatterChart, type Row } from "../lib/viz/charts";

export interface Slider {
  readonly name: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly value: number;
}

export interface InteractiveFigure {
  readonly id: string;
  /** What the figure shows, and which statement it illustrates (with its label). */
  readonly heading: string;
  readonly text: string;
  readonly sliders: readonly Slider[];
  compute(values: Record<string, number>): Row[];
  spec(rows: Row[]): TopLevelSpec;
}

const BROWSER = "float64 JavaScript in this browser (the library's own code, bundled)";

/** Two overlapping Gaussian blobs in 2-D (centres ±(0.4, 0.2), std 0.8), labels ±1, seeded: weakly separable data, so
 * that near w = 0 the ε‖w‖ term shapes the loss and its kinks show. */
function blobs(n: number, seed: number): { X: { data: Float64Array; d: number }; y: number[] } {
  const rng = new Rng(seed);
  const data = new Float64Array(2 * n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 1 : -1;
    data[2 * i] = label * 0.4 + 0.8 * rng.normal();
    data[2 * i + 1] = label * 0.2 + 0.8 * rng.normal();
    y.push(label);
  }
  return { X: { data, d: 2 }, y };
}

const DATA = blobs(100, 0);
const DATA_CAPTION = "2-D Gaussian blobs at ±(0.4, 0.2), std 0.8, n = 100, seed 0 · logistic regression w ∈ R²";
const THREATS = [["l2", "L2"], ["linf", "L∞"]] as const;

const surface: InteractiveFigure = {
  id: "t1-surface",
  heading: "T1: the adversarial loss over w, and where its kinks are",
  text: "The mean adversarial logistic loss L_ε(w) of a linear model [T1, Derived here; C1 From the paper]: "
    + "softplus(−y wᵀx + ε‖w‖₂) under L2 and softplus(−y wᵀx + ε‖w‖₁) under L∞. The colour bands read like contour lines: "
    + "under L∞ they bend sharply where they cross the axes w₀ = 0 and w₁ = 0, under L2 only at the origin. Move ε.",
  sliders: [{ name: "eps", label: "ε", min: 0, max: 1, step: 0.05, value: 0.3 }],
  compute({ eps }) {
    const rows: Row[] = [];
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        const w = new Float64Array([-1 + i / 20, -1 + j / 20]);
        for (const [norm, name] of THREATS) rows.push({ w0: w[0], w1: w[1], loss: meanAdversarialLoss(w, DATA.X, DATA.y, eps, norm), threat: name });
      }
    }
    return rows;
  },
  spec: (rows) => heatmap({ data: rows, x: { field: "w0", title: "w₀" }, y: { field: "w1", title: "w₁" }, value: { field: "loss", title: "L_ε(w)" },
    column: "threat", columnTitle: "threat model", width: 260, height: 260, bands: 24,
    title: "The adversarial loss over w ∈ [−1, 1]²: L∞ puts creases on the axes, L2 only a cone point at 0",
    caption: [`closed forms of T1 · ${DATA_CAPTION}`, BROWSER] }),
};

const kink: InteractiveFigure = {
  id: "t1-kink",
  heading: "T1: the gradient-Lipschitz ratio across w₀ = 0, step h",
  text: "S1's ratio ‖∇L_ε(w + h e₀) − ∇L_ε(w)‖/h across the hyperplane w₀ = 0 (w₁ = 0.8), against ε [Project design estimator on T1]. "
    + "Under L∞ the gradient jumps by about 2ε·mean σ(u) there (T1(b)), so the ratio is that jump divided by h: "
    + "ten times larger for every tenfold smaller h. Under L2 it stays bounded. Move log₁₀ h.",
  sliders: [{ name: "logH", label: "log₁₀ h", min: -5, max: -1, step: 0.25, value: -2 }],
  compute({ logH }) {
    const h = 10 ** logH;
    const rows: Row[] = [];
    for (let k = 0; k <= 20; k++) {
      const eps = k / 20;
      for (const [norm, name] of THREATS) {
        const ratio = meanAdversarialLossGradientRatio(new Float64Array([-h / 2, 0.8]), new Float64Array([1, 0]), h, DATA.X, DATA.y, eps, norm);
        rows.push({ eps, ratio: Math.max(ratio, 1e-3), threat: name });
      }
    }
    return rows;
  },
  spec: (rows) => lineChart({ data: rows, x: { field: "eps", title: "ε" }, y: { field: "ratio", log: true, title: "R(h) across w₀ = 0" }, color: "threat", points: true,
    title: "Across w₀ = 0 the L∞ ratio grows like 1/h (a jump); the L2 ratio does not",
    caption: [`closed forms of T1 · ${DATA_CAPTION} · w = (−h/2, 0.8), direction e₀ · values below 1e-3 drawn at 1e-3`, BROWSER] }),
};

const attack: InteractiveFigure = {
  id: "attack-geometry",
  heading: "δ* on the circle and on the square",
  text: "The optimal attack of a linear model, δ* = ε·n_p(w) (T1; the maximiser of wᵀδ over the ball), as the direction w = (cos φ, sin φ) turns. "
    + "Under L2 δ* slides along the circle with w; under L∞ it sits on a vertex of the square and jumps to the next one when a coordinate "
    + "of w changes sign (T4(b)) — exactly on an axis it is the midpoint of an edge (the tie set, where every point of the edge is optimal). Move φ.",
  sliders: [{ name: "phi", label: "φ (degrees)", min: 0, max: 360, step: 1, value: 30 }],
  compute({ phi }) {
    const rows: Row[] = [];
    const eps = 1;
    for (let k = 0; k < 360; k += 3) {
      const a = (k * Math.PI) / 180;
      rows.push({ d0: Math.cos(a), d1: Math.sin(a), what: "ball boundary", threat: "L2" });
      const s = Math.max(Math.abs(Math.cos(a)), Math.abs(Math.sin(a)));
      rows.push({ d0: Math.cos(a) / s, d1: Math.sin(a) / s, what: "ball boundary", threat: "L∞" });
    }
    const a = (phi * Math.PI) / 180;
    const w = new Float64Array([Math.cos(a), Math.sin(a)]);
    for (const [norm, name] of THREATS) {
      for (let t = 0; t <= 10; t++) rows.push({ d0: (0.09 * t * w[0]), d1: (0.09 * t * w[1]), what: "direction of w", threat: name });
      const delta = optimalAttack(w, -1, eps, norm);
      rows.push({ d0: delta[0], d1: delta[1], what: "δ* for this w", threat: name });
    }
    return rows;
  },
  spec: (rows) => scatterChart({ data: rows, x: { field: "d0", title: "δ₀ / ε", domain: [-1.2, 1.2] }, y: { field: "d1", title: "δ₁ / ε", domain: [-1.2, 1.2] },
    color: "what", column: "threat", columnTitle: "threat model", width: 240, height: 240, opacity: 0.9,
    title: "δ* follows w continuously on the circle, and jumps between vertices on the square",
    caption: ["closed form of T1's optimal attack (lib/losses/adversarial-linear.ts optimalAttack), ε = 1", BROWSER] }),
};

/** The kinked convex loss of notebook 12's exercise 12.3: softplus(−θ) + 0.3|θ| (Lipschitz 1.3). */
const kinked = (t: number) => softplus(-t) + 0.3 * Math.abs(t);
const kinkedDerivative = (t: number) => -sigmoid(-t) + 0.3 * Math.sign(t);

const entropy: InteractiveFigure = {
  id: "local-entropy",
  heading: "Local entropy F_γ smooths the kink",
  text: "The derivative of a kinked loss f(θ) = softplus(−θ) + 0.3|θ| jumps at 0. The local entropy F_γ (T5 [Derived here, building on "
    + "Chaudhari et al. 2017], by quadrature) has a continuous derivative F′_γ = γ(θ − E_p[θ′]) whose slope never exceeds γ; "
    + "as β grows F_γ approaches the Moreau envelope (β → ∞), and a larger γ follows f more closely. Move log₁₀ γ and log₁₀ β.",
  sliders: [
    { name: "logGamma", label: "log₁₀ γ", min: -0.5, max: 1, step: 0.1, value: 0 },
    { name: "logBeta", label: "log₁₀ β", min: 0.5, max: 2.5, step: 0.1, value: 1.5 },
  ],
  compute({ logGamma, logBeta }) {
    const gamma = 10 ** logGamma;
    const beta = 10 ** logBeta;
    const grid = new LocalEntropy1d(kinked, { gamma, beta, thetaRange: [-0.6, 0.6], lipschitz: 1.3 });
    const rows: Row[] = [];
    for (let i = 0; i <= 120; i++) {
      const t = -0.6 + i / 100 + 1e-9;
      rows.push({ theta: t, derivative: kinkedDerivative(t), curve: "f′ (the kinked loss)" });
      rows.push({ theta: t, derivative: grid.derivative(t), curve: "F′_γ (local entropy)" });
      rows.push({ theta: t, derivative: moreauEnvelope(kinked, gamma, t, { radius: 1.3 / gamma + 0.1 }).derivative, curve: "Moreau envelope′ (β → ∞)" });
    }
    return rows;
  },
  spec: (rows) => lineChart({ data: rows, x: { field: "theta", title: "θ" }, y: { field: "derivative", title: "derivative" }, color: "curve",
    title: "f′ jumps at 0; F′_γ is continuous with slope at most γ",
    caption: ["f(θ) = softplus(−θ) + 0.3|θ| · F_γ by quadrature (lib/theory/local-entropy-1d.ts) · minimised convention of paper-spec §2", BROWSER] }),
};

export const FIGURES: readonly InteractiveFigure[] = [surface, kink, attack, entropy];
