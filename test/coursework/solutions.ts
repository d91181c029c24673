// Reference answers to every exercise, written from the library's closed forms as a student would write
// them: the checks must pass them all. (The notebooks' own solutions are checked by test/coursework/
// student-pack.test.ts, which runs them.)
import * as at from "../../lib";
import type { Answers } from "../../lib/coursework";

type V = Float64Array;

export const SOLUTIONS: { [K in keyof Answers]: Answers[K] } = {
  "01.1": at.coursework.pgdLinfStepReference,
  "01.2": at.coursework.pgdL2StepReference,
  "02.1": at.coursework.gradientLipschitzRatioReference,
  "02.2": {
    attack: (u, eps, norm) => at.losses.dualNormDirection(u, norm).map((n) => eps * n),
    flipJump: (eps, k) => 2 * eps * Math.sqrt(k),
  },
  "03.1": {
    gradient: (w, x, y, eps) => {
      const s = at.losses.sigmoid(-y * at.core.linalg64.dot(w, x) + eps * w.reduce((acc, wi) => acc + Math.abs(wi), 0));
      return w.map((wi, i) => s * (-y * x[i] + eps * Math.sign(wi)));
    },
    jump: (eps, margins) => (2 * eps * margins.reduce((acc, u) => acc + at.losses.sigmoid(u), 0)) / margins.length,
  },
  "04.1": (g, x, eps) => g.map((gi, i) => (gi > 0 ? Math.min(eps, 1 - x[i]) : gi < 0 ? -Math.min(eps, x[i]) : 0)),
  "05.1": {
    hessian: (B, m, d, mu, rho) => {
      const H = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let k = 0; k < d; k++) H[i * m + j] += (B[i * d + k] * B[j * d + k]) / mu;
      for (let i = 0; i < m; i++) H[i * m + i] += rho;
      return H;
    },
    constant: (B, m, d, mu, rho) => rho + at.core.linalg64.spectralNorm(B, m, d) ** 2 / mu,
  },
  "06.1": {
    hessian: (B, m, d, rho, eps, theta) => {
      const u = at.core.linalg64.matTVec(B, m, d, theta);
      const r = at.core.linalg64.norm2(u);
      const P = (j: number, k: number) => (j === k ? 1 : 0) - (u[j] * u[k]) / (r * r);
      const H = new Float64Array(m * m);
      for (let a = 0; a < m; a++)
        for (let b = 0; b < m; b++) {
          for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) H[a * m + b] += (eps / r) * B[a * d + j] * P(j, k) * B[b * d + k];
          if (a === b) H[a * m + b] += rho;
        }
      return H;
    },
    constant: (normB, rho, mu, eps, flatness) => rho + (eps * normB * normB) / (flatness + mu * eps),
  },
  "07.1": (x, adv, eps) => {
    const tol = 1e-6;
    const atEps = x.map((xi, i) => (Math.abs(adv[i] - xi) >= eps - tol ? 1 : 0));
    const atBound = adv.map((a, i) => (!atEps[i] && (a <= tol || a >= 1 - tol) ? 1 : 0));
    const share = (c: Float64Array) => c.reduce((s, ci) => s + ci, 0) / x.length;
    return { atEps: share(atEps), atDataBound: share(atBound), inside: 1 - share(atEps) - share(atBound) };
  },
  "08.1": {
    slope: (h, r) => {
      const xs = h.map(Math.log),
        ys = r.map(Math.log);
      const mx = xs.reduce((s, v) => s + v, 0) / xs.length,
        my = ys.reduce((s, v) => s + v, 0) / ys.length;
      return xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    },
    jump: (h, r) => {
      const k = h.indexOf(Math.min(...h));
      return r[k] * h[k];
    },
  },
  "09.1": {
    derivative: (a, gamma, _beta, theta) => (a * gamma * theta) / (a + gamma),
    curvature: (a, gamma) => (a * gamma) / (a + gamma),
  },
  "10.1": {
    // Without reuse every inner step attacks a fresh minibatch; with it only the first does.
    entropySgdStep: (batch, k, L, reuse) => batch * (L + k * (reuse ? 1 : L)),
    outerStepsAtEqualBudget: (steps, k, L, reuse) => Math.floor((steps * (1 + k)) / (L + k * (reuse ? 1 : L))),
  },
  "11.1": (theta, { a, gamma, innerLr, L, w }) => {
    let thetaPrime = theta;
    let mu = theta;
    for (let l = 0; l < L; l++) {
      thetaPrime -= innerLr * (a * thetaPrime - gamma * (theta - thetaPrime));
      mu = (1 - w) * mu + w * thetaPrime;
    }
    return theta - mu;
  },
  "12.1": {
    loss: (w, x, y, eps) => at.losses.softplus(-y * at.core.linalg64.dot(w, x) + eps * Math.max(...w.map(Math.abs))),
    attack: (w, y, eps) => at.losses.optimalAttack(w, y, eps, "l1"),
    nonSmooth: (w) => {
      const top = Math.max(...w.map(Math.abs));
      return top === 0 || w.filter((wi) => Math.abs(wi) === top).length > 1;
    },
  },
  "12.2": {
    bound: (u, v) => (2 * at.core.linalg64.distance2(u, v)) / Math.max(at.core.linalg64.norm2(u), at.core.linalg64.norm2(v)),
    tightPair: () => [new Float64Array([1, 0]), new Float64Array([-1e-3, 0])] as [V, V],
    t1aConstant: (r, eps, n1, n2) => 0.25 * (r + eps) ** 2 + (2 * eps) / Math.max(n1, n2),
  },
  "12.3": {
    hessian: (gamma, beta, variance) => gamma - beta * gamma * gamma * variance,
    steinRadius: (beta, gamma, g, m) => (beta * g + Math.sqrt(beta * beta * g * g + 4 * beta * gamma * m)) / (2 * beta * gamma),
  },
  "12.4": {
    envelope: (eps, gamma, t) => (Math.abs(t) <= eps / gamma ? (gamma * t * t) / 2 : eps * Math.abs(t) - (eps * eps) / (2 * gamma)),
    derivative: (eps, gamma, t) => Math.max(-eps, Math.min(eps, gamma * t)),
    smoothness: (_eps, gamma) => gamma,
  },
  "12.5": (mode, d, eps) => (mode === "gaussian-scaled" ? eps / 2 : (eps * d) / (d + 1)),
  "12.6": { epsAt: at.coursework.periodicEpsReference, lrAt: at.coursework.cyclicLrReference },
  "12.7": {
    frozenLoss: at.coursework.frozenLossReference,
    reuseGradient: at.coursework.reuseGradientReference,
    jump: () => at.coursework.reuseGradientReference(1e-9) - at.coursework.reuseGradientReference(-1e-9),
  },
  "12.8": { penalty: at.coursework.penaltyReference, penaltyGradient: at.coursework.penaltyGradientReference },
};
