// The coursework checks as oracles: every reference answer passes every case; each typical mistake fails
// the case aimed at it, with expected, got and the hint in the feedback; a stub fails every case saying
// it is not written yet; the studies the exercises run show the patterns the notebook asserts.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as at from "../../lib";
import { SOLUTIONS } from "./solutions";

const suite = process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0" ? describe : process.env.AT_BACKEND ? describe.skip : describe;

/** The failed cases of an answer's report. */
async function failures(id: string, answer: unknown) {
  return (await at.coursework.runCheck(id, answer)).cases.filter((c) => !c.passed);
}

suite("coursework checks", function () {
  this.timeout(120000);

  for (const exercise of at.coursework.exercises()) {
    it(`${exercise.id}: the reference answer passes every case`, async () => {
      const report = await at.coursework.runCheck(exercise.id, SOLUTIONS[exercise.id as keyof typeof SOLUTIONS]);
      assert.ok(report.passed, report.feedback);
      assert.equal(report.score, 1);
      assert.match(report.feedback, new RegExp(`^✔ Exercise ${exercise.id.replace(".", "\\.")}`));
    });
  }

  it("a stub that throws fails every case, and the feedback says the answer is not written yet", async () => {
    const stub = () => {
      throw new Error("exercise: write your answer here");
    };
    for (const { id } of at.coursework.exercises()) {
      const answer = typeof SOLUTIONS[id as keyof typeof SOLUTIONS] === "function" ? stub : new Proxy({}, { get: () => stub });
      const report = await at.coursework.runCheck(id, answer);
      assert.equal(report.score, 0, `${id}: ${report.feedback}`);
      assert.match(report.feedback, /your code threw Error: exercise: write your answer here/);
      assert.match(report.feedback, /hint: this part is not written yet/);
    }
  });

  it("01.1: stepping α·g instead of α·sign(g) fails the first case with expected, got and the hint", async () => {
    const wrong: at.coursework.PgdStep = (x, d, g, a, eps) =>
      at.coursework.pgdLinfStepReference(
        x,
        d.map((di, i) => di + a * g[i] - a * Math.sign(g[i])),
        g,
        a,
        eps,
      );
    const failed = await failures("01.1", wrong);
    assert.ok(failed.some((c) => /a step from inside the box/.test(c.name) && /α·sign\(g\)/.test(c.hint ?? "") && c.expected && c.got));
  });

  it("10.1: attacking only once per outer step (the reuse cost) fails the cases without reuse, naming them", async () => {
    const failed = await failures("10.1", { ...SOLUTIONS["10.1"], entropySgdStep: (b: number, k: number, L: number) => b * (L + k) });
    assert.deepEqual(
      failed.map((c) => c.name),
      ["one outer step: batch 128, PGD-10, L = 5"],
    );
    assert.match(failed[0].hint ?? "", /fresh minibatch/);
    assert.equal([failed[0].expected, failed[0].got].join(" "), "7040 1920");
  });

  it("11.1: updating μ before θ′ fails the cases where the chain has not settled (not L = 50), naming the order", async () => {
    const muFirst = (theta: number, s: at.coursework.OuterStepSetting) => {
      let thetaPrime = theta;
      let mu = theta;
      for (let l = 0; l < s.L; l++) {
        mu = (1 - s.w) * mu + s.w * thetaPrime;
        thetaPrime -= s.innerLr * (s.a * thetaPrime - s.gamma * (theta - thetaPrime));
      }
      return theta - mu;
    };
    const failed = await failures("11.1", muFirst);
    assert.deepEqual(
      failed.map((c) => c.name.split(" (")[0]),
      ["L = 1: one inner step", "L = 5, γ = 0.5", "L = 20, a small scope γ = 0.03"],
    );
    assert.ok(failed.every((c) => /θ′ and μ start at θ/.test(c.hint ?? "")));
  });

  it("01.2: forgetting the data box fails only the box case", async () => {
    const noBox: at.coursework.PgdStep = (_x, d, g, a, eps) => {
      const n = Math.hypot(...g);
      const m = d.map((di, i) => di + (a * g[i]) / (n + 1e-12));
      const r = Math.hypot(...m);
      return r > eps ? m.map((t) => (t * eps) / r) : m;
    };
    const failed = await failures("01.2", noBox);
    assert.deepEqual(
      failed.map((c) => c.name.slice(0, 28)),
      ["a pixel near 1 after the pro"],
    );
  });

  it("02.1: a ratio that does not normalise the direction fails the two cases with a non-unit direction", async () => {
    const failed = await failures(
      "02.1",
      (g: at.coursework.Gradient64, t: Float64Array, v: Float64Array, h: number) =>
        at.core.linalg64.norm2(g(t.map((ti, i) => ti + h * v[i])).map((x, i) => x - g(t)[i])) / h,
    );
    assert.deepEqual(
      failed.map((c) => c.name.slice(0, 25)),
      ["the same with the directi", "logistic softplus(−θᵀx) a"],
    );
    assert.match(failed[0].hint!, /normalise the direction/);
  });

  it("02.2: a jump of 2εk instead of 2ε√k fails the four-flip case", async () => {
    const failed = await failures("02.2", { ...SOLUTIONS["02.2"], flipJump: (eps: number, k: number) => 2 * eps * k });
    assert.equal(failed.length, 1);
    assert.match(failed[0].hint!, /2ε√k/);
  });

  it("03.1: σ of the clean margin (ε‖w‖₁ left out of u) fails the gradient cases; summing σ instead of averaging fails the batch jump", async () => {
    const failed = await failures("03.1", {
      gradient: (w: Float64Array, x: Float64Array, y: number, eps: number) => {
        const s = at.losses.sigmoid(-y * at.core.linalg64.dot(w, x));
        return w.map((wi, i) => s * (-y * x[i] + eps * Math.sign(wi)));
      },
      jump: (eps: number, u: Float64Array) => 2 * eps * u.reduce((acc, ui) => acc + at.losses.sigmoid(ui), 0),
    });
    assert.equal(failed.filter((c) => c.name.startsWith("∇ℓ_ε")).length, 2);
    assert.match(failed.find((c) => c.name.startsWith("∇ℓ_ε"))!.hint!, /σ of the adversarial margin/);
    const batch = failed.find((c) => c.name.startsWith("J for a batch of 4"));
    assert.ok(batch && batch.expected && batch.got && /average σ/.test(batch.hint!), JSON.stringify(failed));
  });

  it("03.1: the gradient difference across w₁ = 0 (the reference) is T1(b)'s jump 2ε·mean σ(u)", () => {
    const rows = [
      [0.8, -0.3, 0.5],
      [-0.6, 0.9, 0.2],
      [0.4, 0.7, -1.1],
      [-1.2, -0.4, 0.3],
    ].map((r) => Float64Array.from(r));
    const margins = at.losses.adversarialMargins(Float64Array.of(0.6, 0, -0.4), rows, [1, -1, 1, -1], 0.25, "linf");
    const jump = at.theory.linearLinfGradientJump(0.25, margins);
    assert.ok(jump > 0.1 && Math.abs(at.coursework.linfJumpAcrossReference(0.25) - jump) < 1e-8 * jump, `${jump}`);
  });

  it("04.1: ε sign(g) without the data box fails the bound cases, naming the coordinate", async () => {
    const failed = await failures("04.1", (g: Float64Array, _x: Float64Array, eps: number) => at.theory.linearizedOptimalAttack(g, eps, "linf"));
    assert.deepEqual(
      failed.map((c) => c.name.slice(0, 26)),
      ["pixels at and near the bou", "a white pixel (x = 1) with", "the value gᵀδ* for g = (0,"],
    );
    assert.match(failed[0].hint!, /entry 0 differs first \(expected 0, got 0\.1\)/);
    assert.match(failed[1].got!, /coordinate 0: δ = 0\.3, x \+ δ = 1\.3/);
  });

  it("05.1: BBᵀ without 1/μ, and the Frobenius norm in place of the spectral norm, fail the cases aimed at them", async () => {
    const frobenius = (B: Float64Array, _m: number, _d: number, mu: number, rho: number) => rho + B.reduce((s, b) => s + b * b, 0) / mu;
    const failed = await failures("05.1", {
      hessian: (B: Float64Array, m: number, d: number, _mu: number, rho: number) => SOLUTIONS["05.1"].hessian(B, m, d, 1, rho), // μ forgotten
      constant: frobenius,
    });
    assert.deepEqual(
      failed.map((c) => c.name.slice(0, 30)),
      ["∇²L_ε of the 3×4 toy at μ = 2,", "∇²L_ε of the 3×4 toy at μ = 0.", "‖∇²L_ε‖₂ of the 3×4 toy at μ =", "‖∇²L_ε‖₂ of a 2×2 toy B = [[3,"],
    );
    assert.match(failed[2].hint!, /not its Frobenius norm/);
  });

  it("06.1: the Hessian without the projection I − ûûᵀ, and T3's Lipschitz-bound denominator ‖∇ₓℓ‖ − με, fail", async () => {
    const failed = await failures("06.1", {
      hessian: (B: Float64Array, m: number, d: number, rho: number, eps: number, theta: Float64Array) => {
        const r = at.core.linalg64.norm2(at.core.linalg64.matTVec(B, m, d, theta));
        return SOLUTIONS["05.1"].hessian(B, m, d, r / eps, rho);
      },
      constant: (normB: number, rho: number, mu: number, eps: number, flatness: number) => rho + (eps * normB * normB) / (flatness - mu * eps),
    });
    assert.equal(failed.filter((c) => c.name.startsWith("∇²L_ε of the 3×4 toy")).length, 2);
    assert.deepEqual(
      failed.filter((c) => c.name.startsWith("β_loc")).map((c) => /‖₂ = ([\d.]+)$/.exec(c.name)?.[1]),
      ["1.2", "0.05"],
    );
    assert.match(failed[failed.length - 1].hint!, /a plus, not a minus/);
  });

  it("08.1: the endpoint slope fails the cases that are not pure power laws; R at the last h (not the smallest) fails the reversed list", async () => {
    const failed = await failures("08.1", {
      slope: (h: readonly number[], r: readonly number[]) => Math.log(r[r.length - 1] / r[0]) / Math.log(h[h.length - 1] / h[0]),
      jump: (h: readonly number[], r: readonly number[]) => r[r.length - 1] * h[h.length - 1],
    });
    assert.deepEqual(
      failed.map((c) => c.name.slice(0, 24)),
      ["slope of R(h) = 0.5 + 0.", "slope of the L2 ratios a", "the jump from the same r"],
    );
    const { series, linfJump } = at.coursework.crossingReference();
    assert.ok(Math.abs(series[0].slope) < 0.01 && series[1].slope < -0.9 && linfJump > 0.1, JSON.stringify({ s: series.map((s) => s.slope), linfJump }));
  });

  it("07.1: an exact |δ| = ε test and double counting a bound at ±ε fail with expected and got", async () => {
    const failed = await failures("07.1", (x: Float64Array, adv: Float64Array, eps: number) => {
      const n = x.length;
      const atEps = x.filter((xi, i) => Math.abs(adv[i] - xi) === eps).length / n;
      const atBound = adv.filter((a) => a === 0 || a === 1).length / n;
      return { atEps, atDataBound: atBound, inside: 1 - atEps - atBound };
    });
    assert.ok(
      failed.some((c) => c.name.startsWith("atEps for 8 pixels") && c.expected === "0.375" && /5e-7 short/.test(c.hint!)),
      JSON.stringify(failed),
    );
    assert.ok(failed.some((c) => c.name.startsWith("a pixel at 1 pushed")));
  });

  it("09.1: the curvature γ (T5's upper bound) or a (no smoothing) in place of aγ/(a + γ) fails every curvature case", async () => {
    for (const curvature of [(_a: number, g: number) => g, (a: number) => a]) {
      const failed = await failures("09.1", { ...SOLUTIONS["09.1"], curvature });
      assert.deepEqual(
        failed.map((c) => c.name.slice(0, 6)),
        ["F″_γ f", "F″_γ f", "F″_γ f"],
      );
      assert.match(failed[0].hint!, /aγ\/\(a \+ γ\)/);
    }
  });

  it("12.1: the L∞ dual norm (‖w‖₁) in place of ‖w‖_∞ fails every loss case; zeros taken as kinks fail the non-smooth cases", async () => {
    const failed = await failures("12.1", {
      ...SOLUTIONS["12.1"],
      loss: (w: Float64Array, x: Float64Array, y: number, eps: number) => at.losses.adversarialLoss(w, x, y, eps, "linf"),
      nonSmooth: (w: Float64Array) => w.some((wi) => wi === 0),
    });
    assert.equal(failed.filter((c) => c.name.startsWith("ℓ_ε")).length, 3);
    assert.ok(failed.some((c) => c.name === "non-smooth at w = (0, 0.3, 0)?" && /zeros are where the L∞ loss/.test(c.hint!)));
    assert.ok(failed.every((c) => !c.name.startsWith("δ*")));
  });

  it("12.2: dividing by the smaller norm violates nothing but is not the asked bound; a pair of equal vectors is not tight", async () => {
    const failed = await failures("12.2", {
      ...SOLUTIONS["12.2"],
      bound: (u: Float64Array, v: Float64Array) => (2 * at.core.linalg64.distance2(u, v)) / Math.min(at.core.linalg64.norm2(u), at.core.linalg64.norm2(v)),
      tightPair: () => [new Float64Array([1, 0]), new Float64Array([1, 0.1])],
    });
    assert.equal(failed.filter((c) => c.name.startsWith("bound(u, v) at")).length, 3);
    assert.ok(failed.some((c) => c.name.startsWith("tightPair") && /opposite vectors/.test(c.hint!)));
  });

  it("12.3: the closed form γ − βγ²Var matches the second difference of F_γ by quadrature; the wrong sign fails", async () => {
    const failed = await failures("12.3", { ...SOLUTIONS["12.3"], hessian: (g: number, b: number, v: number) => g + b * g * g * v });
    assert.equal(failed.length, 3);
    assert.match(failed[0].hint!, /βγ·Var/);
  });

  it("12.4: the envelope of |w| without ε (or γ) fails, naming the zone of θ", async () => {
    const failed = await failures("12.4", {
      ...SOLUTIONS["12.4"],
      envelope: (_eps: number, gamma: number, t: number) => (Math.abs(t) <= 1 / gamma ? (gamma * t * t) / 2 : Math.abs(t) - 1 / (2 * gamma)),
    });
    assert.ok(failed.length >= 2 && failed.some((c) => /outside \|θ\| ≤ ε\/γ/.test(c.name)));
  });

  it("12.5: the uniform-ball radius taken as ε/2 fails the uniform-ball cases of d > 1 (at d = 1 it is right)", async () => {
    const failed = await failures("12.5", () => 0.75);
    assert.deepEqual(
      failed.map((c) => /uniform-ball.*d = (\d+)/.exec(c.name)?.[1]),
      ["2", "784", "3072"],
    );
    assert.equal(failed.filter((c) => /gaussian-scaled/.test(c.name)).length, 0);
  });

  it("12.6: a phase without the +1 never reaches ε_max at a cycle's end", async () => {
    const failed = await failures("12.6", {
      ...SOLUTIONS["12.6"],
      epsAt: (t: number, T: number, c: number, e: number) => (e * (1 - Math.cos((Math.PI * (t % (T / c))) / (T / c)))) / 2,
    });
    assert.ok(failed.some((c) => /reaches ε_max at the end of every cycle/.test(c.name)));
  });

  it("12.7: the re-attacked gradient in place of the reuse estimate fails, and the reference jump is far from zero", async () => {
    const jump = at.coursework.reuseJumpReference();
    assert.ok(jump > 0.05, `jump ${jump}`);
    const continuous = at.coursework.reattackGradientReference(1e-7) - at.coursework.reattackGradientReference(-1e-7);
    assert.ok(Math.abs(continuous) < 1e-5, `F′_γ of the re-attacked loss jumps by ${continuous}`);
    const failed = await failures("12.7", { ...SOLUTIONS["12.7"], reuseGradient: at.coursework.reattackGradientReference, jump: () => 0 });
    assert.ok(failed.some((c) => c.name.startsWith("the jump")));
    assert.ok(failed.some((c) => c.name.startsWith("the reuse estimate")));
  });

  it("12.8: the reference penalty gradient equals central differences of the penalty; forgetting the ‖w‖² factor's own gradient fails", async () => {
    const rng = new at.core.Rng(3);
    const w = new Float64Array([rng.normal(), rng.normal(), rng.normal()]);
    const x = new Float64Array([rng.normal(), rng.normal(), rng.normal()]);
    const g = at.coursework.penaltyGradientReference(w, x, 1, 0.4);
    for (let i = 0; i < 3; i++) {
      const h = 1e-6;
      const plus = w.map((wi, j) => wi + (j === i ? h : 0));
      const minus = w.map((wi, j) => wi - (j === i ? h : 0));
      const fd = (at.coursework.penaltyReference(plus, x, 1, 0.4) - at.coursework.penaltyReference(minus, x, 1, 0.4)) / (2 * h);
      assert.ok(Math.abs(fd - g[i]) < 1e-8, `coordinate ${i}: ${fd} vs ${g[i]}`);
    }
    const failed = await failures("12.8", {
      ...SOLUTIONS["12.8"],
      penaltyGradient: (w2: Float64Array, x2: Float64Array, y: number, eps: number) =>
        at.coursework
          .penaltyGradientReference(w2, x2, y, eps)
          .map((gi, i) => gi - 2 * at.losses.sigmoid(at.losses.adversarialMargin(w2, x2, y, eps, "l2")) ** 2 * w2[i]),
    });
    assert.equal(failed.length, 9);
  });

  it("check() throws ExerciseFailed carrying the feedback, and appends each report to AT_COURSEWORK_RESULTS", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "at-cw-")), "results.jsonl");
    process.env.AT_COURSEWORK_RESULTS = file;
    try {
      await at.coursework.check("12.5", SOLUTIONS["12.5"]);
      await assert.rejects(
        at.coursework.check("12.5", () => 0.75),
        (e: Error) => e.name === "ExerciseFailed" && /3 of 8 cases fail/.test(e.message),
      );
      const lines = fs
        .readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        lines.map((l) => [l.id, l.phase, l.passed, l.score]),
        [
          ["12.5", "notebook", true, 1],
          ["12.5", "notebook", false, 5 / 8],
        ],
      );
    } finally {
      delete process.env.AT_COURSEWORK_RESULTS;
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

suite("coursework studies", function () {
  this.timeout(120000);

  it("12.5: the library's L2 starts have the mean radius of the closed form (within 4 standard errors)", () => {
    for (const mode of ["gaussian-scaled", "uniform-ball"] as const) {
      const radii = at.coursework.measureStartRadii(mode, 784, 1.5, 2000, 0);
      const mean = radii.reduce((s, r) => s + r, 0) / radii.length;
      const sd = Math.sqrt(radii.reduce((s, r) => s + (r - mean) ** 2, 0) / (radii.length - 1));
      assert.ok(Math.abs(mean - at.coursework.meanStartRadiusReference(mode, 784, 1.5)) < (4 * sd) / Math.sqrt(radii.length) + 1e-6, `${mode}: ${mean}`);
    }
  });

  it("12.6: early in each cycle the periodic schedule meets a smaller S1 than the constant one", () => {
    const rows = at.coursework.scheduleStudy(at.coursework.periodicEpsReference, at.coursework.cyclicLrReference);
    const early = at.coursework.earlyCycleS1(rows);
    assert.ok(early.periodic < early.constant, JSON.stringify(early));
  });

  it("12.8: with overlapping classes the penalty shrinks w: flatter and larger S1, Spearman ρ(S4, S1) = −1", () => {
    const rows = at.coursework.penaltyStudy(at.coursework.penaltyGradientReference, "overlapping");
    assert.ok(rows[rows.length - 1].flatness < rows[0].flatness && rows[rows.length - 1].weightNorm < rows[0].weightNorm, JSON.stringify(rows));
    const { rho } = at.parameterSpace.spearman(
      rows.map((r) => r.flatness),
      rows.map((r) => r.s1),
    );
    assert.ok(Math.abs(rho + 1) < 1e-12, `ρ = ${rho}: ${JSON.stringify(rows)}`);
  });

  it("12.8: with separable classes the penalty flattens by growing ‖w‖ (confidence), and S1 falls with it: ρ > 0", () => {
    const rows = at.coursework.penaltyStudy(at.coursework.penaltyGradientReference, "separable");
    assert.ok(rows[rows.length - 1].flatness < rows[0].flatness && rows[rows.length - 1].weightNorm > rows[0].weightNorm, JSON.stringify(rows));
    assert.ok(
      at.parameterSpace.spearman(
        rows.map((r) => r.flatness),
        rows.map((r) => r.s1),
      ).rho > 0,
      JSON.stringify(rows),
    );
  });
});
