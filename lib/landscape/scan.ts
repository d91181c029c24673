// Loss landscapes along directions in parameter space [Li et al., Visualizing the Loss Landscape of
// Neural Nets, NeurIPS 2018; paper-spec F5]: the loss at θ + aU + bV over a grid of (a, b), with U and V
// filter-normalised (each filter of U has the norm of the matching filter of θ, so a = 1 is a step as
// large as the weights themselves, whatever the scale of each layer). For the adversarial loss the
// attack is re-run at every grid point, from the same seeded start, because δ*(θ) moves with θ (the
// paper's point); a landscape drawn at frozen adversarial inputs would show a different function.
//
// The rows { a, b, loss, … } feed lib/viz/charts.ts directly (`heatmap` for 2-D with x "a", y "b",
// value "loss"; `lineChart` for 1-D). The model's weights are restored afterwards, also on error.
import * as tf from "@tensorflow/tfjs";
import { Rng, assertSeed } from "../core/rng";
import { assertFiniteNumber, assertInteger, assertKnownOptions, assertNonNegative, assertOneOf, assertPositiveInteger } from "../core/validate";
import { crossEntropyFromOneHot, oneHotLabels } from "../losses/cross-entropy";
import { Classifier } from "../models/classifier";
import { filterNormalizedDirection } from "../models/directions";
import { assignParams, paramCount } from "../models/params";
import { AttackSpec, ParameterAttack, disposeOutcome, resolveAttack } from "../parameter-space/re-attack";
import { assertModelBatch, checkedDirectionNorm } from "../parameter-space/inputs";
import { withRestoredParameters } from "../parameter-space/moves";
import { progress } from "../viz/progress";

export interface LandscapeOptions {
  /**
   * U (and V for 2-D), used as given: the grid point is θ + aU + bV. Default: filter-normalised
   * directions drawn from `seed` (lib/models/directions.ts).
   */
  directions?: tf.Tensor1D[];
  /** 1 or 2 (default: the number of given directions, else 2). */
  dimensions?: 1 | 2;
  /** Bias handling of the drawn directions: "zero" (default, as Li et al.'s figures) or "keep". */
  biases?: "zero" | "keep";
  /** Range of a and of b (default [−1, 1]). */
  range?: [number, number];
  /** Grid points per axis, ≥ 2 (default 21, the quick scale of F5; the full scale uses 41). */
  points?: number;
  /** Re-run at every grid point (convergedPgd options or a bound Attack); without one, only the clean loss. */
  attack?: AttackSpec;
  /** Examples per forward pass and attack call (default 512): bounds memory on large evaluation sets. */
  batchSize?: number;
  /** Seed of the directions and of the attack's start (default 0). */
  seed?: number;
  /** A point is flagged when the attack's mean |gap| (loss gained over its last steps) exceeds this (default 1e-3). */
  gapTolerance?: number;
  label?: string;
}

const OPTION_NAMES = ["directions", "dimensions", "biases", "range", "points", "attack", "batchSize", "seed", "gapTolerance", "label"] as const;

/** One grid point. */
export type LandscapeRow = {
  readonly a: number;
  /** 0 for 1-D scans. */
  readonly b: number;
  /** The adversarial loss with an attack, else the clean loss: the value to draw. */
  readonly loss: number;
  readonly cleanLoss: number;
  readonly adversarialLoss: number | null;
  readonly cleanAccuracy: number;
  readonly adversarialAccuracy: number | null;
  /** Mean |gap| of the attack at this point (null without one or when it reports none). */
  readonly gap: number | null;
  /** The attack had not converged here (gap > gapTolerance). */
  readonly flagged: boolean;
};

export interface LandscapeResult {
  readonly rows: LandscapeRow[];
  readonly dimensions: 1 | 2;
  /** Grid values of a, and of b ([0] for 1-D). */
  readonly a: number[];
  readonly b: number[];
  readonly directionKind: "filter-normalized" | "given";
  readonly attack: string | null;
  readonly flaggedCount: number;
  /** The loss at a = b = 0 (θ itself), when 0 is on the grid; else null. */
  readonly center: LandscapeRow | null;
  readonly cost: {
    /** Attack steps, in passes over the whole batch. */
    readonly gradientEvaluations: number;
    /** Forward passes over the whole batch (clean and adversarial losses). */
    readonly forwardPasses: number;
    readonly batchSize: number;
    readonly seconds: number;
  };
}

function linspace(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? low : low + ((high - low) * i) / (count - 1)));
}

interface Sums {
  loss: number;
  correct: number;
}

function lossAndCorrect(model: Classifier, inputs: tf.Tensor, y: tf.Tensor1D, oneHot: tf.Tensor2D): Sums {
  const stats = tf.tidy(() => {
    const logits = model.logits(inputs);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
    return tf.stack([tf.sum(crossEntropyFromOneHot(logits, oneHot)), correct]);
  });
  const [loss, correct] = Array.from(stats.dataSync());
  stats.dispose();
  return { loss, correct };
}

/**
 * Loss landscape θ + aU + bV (2-D) or θ + aU (1-D) with the clean loss, and the adversarial loss
 * recomputed at every point when an attack is given.
 */
export function lossLandscape(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: LandscapeOptions = {}): LandscapeResult {
  assertKnownOptions("lossLandscape", options, OPTION_NAMES);
  const { biases = "zero", range = [-1, 1], points = 21, batchSize = 512, seed = 0, gapTolerance = 1e-3 } = options;
  assertModelBatch(model, x, y);
  if (!Array.isArray(range) || range.length !== 2) throw new RangeError(`range must be [low, high], got ${String(range)}`);
  assertFiniteNumber("range[0]", range[0]);
  assertFiniteNumber("range[1]", range[1]);
  if (!(range[0] < range[1])) throw new RangeError(`range must be [low, high] with low < high, got [${range[0]}, ${range[1]}]`);
  assertInteger("points", points, 2);
  assertPositiveInteger("batchSize", batchSize);
  assertSeed(seed);
  assertNonNegative("gapTolerance", gapTolerance);
  assertOneOf("biases", biases, ["zero", "keep"] as const);
  const dimensions = options.dimensions ?? ((options.directions?.length ?? 2) as 1 | 2);
  if (dimensions !== 1 && dimensions !== 2) throw new RangeError(`dimensions must be 1 or 2, got ${String(dimensions)}`);
  if (options.directions !== undefined) {
    if (!Array.isArray(options.directions) || options.directions.length !== dimensions) {
      throw new RangeError(
        `directions must hold ${dimensions === 1 ? "one Tensor1D (U)" : "two Tensor1D (U and V)"} for a ${dimensions}-D scan, got ${Array.isArray(options.directions) ? `${options.directions.length}` : String(options.directions)}`,
      );
    }
    const m = paramCount(model);
    options.directions.forEach((v, i) => checkedDirectionNorm(v, m, `directions[${i}]`, model.name));
  }
  // One attack per chunk of examples, each with its own seed, so chunks do not share a start pattern;
  // the same chunk gets the same start at every grid point.
  const N = x.shape[0];
  const chunks: Array<{ start: number; size: number; attack: ParameterAttack | null }> = [];
  for (let start = 0, c = 0; start < N; start += batchSize, c++) {
    chunks.push({ start, size: Math.min(batchSize, N - start), attack: options.attack === undefined ? null : resolveAttack(options.attack, (seed + c) >>> 0) });
  }
  const description = chunks[0].attack?.description ?? null;
  const started = Date.now();

  return withRestoredParameters(model, (origin) => {
    const rng = new Rng(seed);
    const drawn = options.directions === undefined;
    const directions = drawn
      ? Array.from({ length: dimensions }, () => filterNormalizedDirection(model, { seed: rng.uint32(), biases }))
      : (options.directions as tf.Tensor1D[]);
    const a = linspace(range[0], range[1], points);
    const b = dimensions === 2 ? linspace(range[0], range[1], points) : [0];
    const rows: LandscapeRow[] = [];
    let attackPasses = 0;
    let forwardPasses = 0;
    const bar = progress(options.label ?? `landscape ${dimensions}-D (${points}${dimensions === 2 ? `×${points}` : ""})`, a.length * b.length);
    const slices = chunks.map((c) =>
      tf.tidy(() => {
        const begin = x.shape.map((_, i) => (i === 0 ? c.start : 0));
        const size = x.shape.map((s, i) => (i === 0 ? c.size : s));
        const xs = tf.slice(x, begin, size);
        const ys = tf.slice(y, [c.start], [c.size]) as tf.Tensor1D;
        return { xs, ys, oneHot: oneHotLabels(ys, model.numClasses) };
      }),
    );
    try {
      for (const bj of b) {
        for (const ai of a) {
          const point = tf.tidy(() => {
            let p: tf.Tensor = tf.add(origin.theta, tf.mul(directions[0], ai));
            if (dimensions === 2) p = tf.add(p, tf.mul(directions[1], bj));
            return p as tf.Tensor1D;
          });
          assignParams(model, point);
          point.dispose();
          const clean: Sums = { loss: 0, correct: 0 };
          const adversarial: Sums = { loss: 0, correct: 0 };
          let gapSum = 0;
          let gapKnown = false;
          chunks.forEach((c, k) => {
            const { xs, ys, oneHot } = slices[k];
            const s = lossAndCorrect(model, xs, ys, oneHot);
            clean.loss += s.loss;
            clean.correct += s.correct;
            forwardPasses += c.size / N;
            if (c.attack === null) return;
            const outcome = c.attack.run(model, xs, ys);
            attackPasses += (c.attack.gradientEvaluations * c.size) / N;
            try {
              const t = lossAndCorrect(model, outcome.xAdv, ys, oneHot);
              adversarial.loss += t.loss;
              adversarial.correct += t.correct;
              forwardPasses += c.size / N;
              if (outcome.gap !== null) {
                const gap = outcome.gap;
                const total = tf.tidy(() => tf.sum(tf.abs(gap)));
                gapSum += total.dataSync()[0];
                total.dispose();
                gapKnown = true;
              }
            } finally {
              disposeOutcome(outcome);
            }
          });
          const hasAttack = chunks[0].attack !== null;
          const gap = gapKnown ? gapSum / N : null;
          rows.push({
            a: ai,
            b: bj,
            loss: hasAttack ? adversarial.loss / N : clean.loss / N,
            cleanLoss: clean.loss / N,
            adversarialLoss: hasAttack ? adversarial.loss / N : null,
            cleanAccuracy: clean.correct / N,
            adversarialAccuracy: hasAttack ? adversarial.correct / N : null,
            gap,
            flagged: gap !== null && gap > gapTolerance,
          });
          bar.tick();
        }
      }
      bar.done();
    } finally {
      slices.forEach((s) => tf.dispose([s.xs, s.ys, s.oneHot]));
      if (drawn) tf.dispose(directions);
    }
    return {
      rows,
      dimensions,
      a,
      b,
      directionKind: drawn ? "filter-normalized" : "given",
      attack: description,
      flaggedCount: rows.filter((r) => r.flagged).length,
      center: rows.find((r) => r.a === 0 && r.b === 0) ?? null,
      cost: { gradientEvaluations: attackPasses, forwardPasses, batchSize: N, seconds: (Date.now() - started) / 1000 },
    };
  });
}

/** 1-D landscape θ + aU (rows with b = 0). */
export function lossLandscape1d(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: Omit<LandscapeOptions, "dimensions"> = {}): LandscapeResult {
  return lossLandscape(model, x, y, { ...options, dimensions: 1 });
}

/** 2-D landscape θ + aU + bV. */
export function lossLandscape2d(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: Omit<LandscapeOptions, "dimensions"> = {}): LandscapeResult {
  return lossLandscape(model, x, y, { ...options, dimensions: 2 });
}
