// E6: does EntropySGD smooth the adversarial loss? (paper-spec §7, C5; Table B's EnSGD rows, F5)
// [Project design]. For each E5 threat, the seed-0 MLPs of SGD-AT and EntropySGD-AT (loaded from E5's
// finished checkpoints, trained there when absent) are profiled (S1–S6, smoothness-profile.ts) and
// scanned along filter-normalised directions with the attack re-run at every point (F5: 1-D and 2-D).
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import type { Norm } from "../core/norms";
import { NORMS } from "../core/norms";
import { loadFashionMnist, loadMnist } from "../data";
import { lossLandscape, type LandscapeRow } from "../landscape/scan";
import { makeRecord, type ResultRecord } from "../results/records";
import { E5, trainE5Cell } from "./e5";
import type { CellContext, Experiment, ExperimentCell } from "./experiment";
import { recordName } from "./runner";
import { smoothnessProfile, type SmoothnessProfile } from "./smoothness-profile";
import { TRAINING_DATASETS, type TrainingDataset } from "./training-presets";

export type SmoothedMethod = "sgd-at" | "entropy-sgd-at";

export interface E6Cell extends ExperimentCell {
  readonly key: { dataset: TrainingDataset; norm: Norm; method: SmoothedMethod; seed: number };
}

export interface E6Results {
  readonly profile: SmoothnessProfile;
  /** F5: the adversarial loss along one filter-normalised direction, and over a plane of two. */
  readonly landscape1d: LandscapeRow[];
  readonly landscape2d: LandscapeRow[];
}

/** Grid points per axis of the 2-D scan (paper-spec F5: 41 at full, 21 at quick) and examples per point. */
const GRID: Readonly<Record<"quick" | "full", { points1d: number; points2d: number; examples: number }>> = {
  quick: { points1d: 21, points2d: 11, examples: 128 },
  full: { points1d: 41, points2d: 41, examples: 256 },
};
const BATCH = 128;
/** The landscape's attack: PGD-20 from a seeded start, re-run at every grid point. */
const LANDSCAPE_STEPS = 20;

export const E6: Experiment<E6Cell, E6Results> = {
  id: "e6",
  title: "E6: smoothness and loss landscapes of SGD-AT against EntropySGD-AT models",
  keyFields: ["dataset", "norm", "method", "seed"],
  grid(scale, seeds) {
    const seed = (seeds ?? [0])[0];
    const datasets: TrainingDataset[] = scale === "quick" ? ["mnist"] : [...TRAINING_DATASETS];
    return datasets.flatMap((dataset) =>
      NORMS.flatMap((norm) => (["sgd-at", "entropy-sgd-at"] as const).map((method) => ({ key: { dataset, norm, method, seed }, cost: 1 }))),
    );
  },
  async run(cell: E6Cell, context: CellContext): Promise<ResultRecord<E6Results>> {
    const e5Key = { ...cell.key, model: "mlp" as const };
    const e5Name = recordName(E5, context.scale, e5Key);
    const e5Context: CellContext = {
      ...context,
      name: e5Name,
      checkpointDir: context.checkpointRoot === null ? null : path.join(context.checkpointRoot, e5Name),
    };
    const { run } = await trainE5Cell(e5Key, e5Context);
    const load = cell.key.dataset === "mnist" ? loadMnist : loadFashionMnist;
    const grid = GRID[context.scale];
    const batch = load({ split: "test", limit: Math.max(BATCH, grid.examples), seed: 0 });
    const measured = { x: batch.x.slice(0, BATCH), y: batch.y.slice(0, BATCH) };
    try {
      const threat = { norm: cell.key.norm, eps: run.result.config.attack !== null && "eps" in run.result.config.attack ? run.result.config.attack.eps : NaN };
      const profile = smoothnessProfile(run.model, measured.x, measured.y, { scale: context.scale, threat, seed: cell.key.seed });
      const attack = { norm: threat.norm, eps: threat.eps, steps: LANDSCAPE_STEPS };
      const scan = (dimensions: 1 | 2, points: number) =>
        lossLandscape(run.model, batch.x.slice(0, grid.examples), batch.y.slice(0, grid.examples), {
          dimensions,
          points,
          attack,
          seed: cell.key.seed,
          label: `F5 ${dimensions}-D`,
        }).rows;
      const results: E6Results = { profile, landscape1d: scan(1, grid.points1d), landscape2d: scan(2, grid.points2d) };
      // E6's own time is the measuring: the training (or the checkpoint it reloads) is E5's cell.
      const seconds = (performance.now() - run.trainedAt) / 1000;
      return makeRecord(context.name, run.stamp, { model: e5Name, batch: BATCH, landscape: { ...grid, attack } }, results, seconds);
    } finally {
      run.model.dispose();
      tf.dispose([batch, measured]);
    }
  },
  summarize(record) {
    const s1 = record.results.profile.s1.find((r) => r.loss === "reattack" && r.directions === "random");
    const center = record.results.landscape1d.reduce((best, row) => (Math.abs(row.a) < Math.abs(best.a) ? row : best));
    const edge = record.results.landscape1d[0];
    return {
      "S1 re-attacked slope": s1?.slope ?? null,
      λ_max: record.results.profile.s3?.values[0] ?? null,
      "loss at θ": center.loss,
      "loss at a = −1": edge.loss,
    };
  },
};
