// The networks notebooks 04 and 07 measure [Project design]: the training preset's MLP 784-256-256-10
// on MNIST with softplus activations — so the clean and the frozen adversarial losses are smooth in θ and
// any non-smoothness of the re-attacked loss is the attack's doing (lemma L1) — trained by the scale's
// preset (training-presets.ts), standard or PGD-AT at one threat, for E3's number of epochs. Evaluated
// once, after training (PGD-20 on the preset's held-out examples), not after every epoch: at quick scale
// that evaluation would cost a third of the training. At full scale the run is checkpointed under
// data/checkpoints/softplus-mlp/, so a re-run of a notebook, or the other notebook asking for the same
// network, loads the finished model instead of training it again.
import * as path from "path";
import { CHECKPOINTS_DIR } from "../core/paths";
import type { Norm } from "../core/norms";
import { makeStamp } from "../results/records";
import type { CellContext } from "./experiment";
import { runPreset, type PresetRun } from "./preset-run";
import type { RunnableScale } from "./presets";
import { trainingPreset } from "./training-presets";

/** Standard training, or PGD-AT under a norm. */
export type SoftplusTraining = "standard" | Norm;

export interface SoftplusMlpOptions {
  scale: RunnableScale;
  training: SoftplusTraining;
  /** ε of the training attack, or (standard training) of the evaluation attack. */
  norm?: Norm;
  eps: number;
  seed?: number;
}

/** SGD-AT-equivalent epochs (E3's for the MLP): quick 6 (the quick presets learn in 6), full 10. */
export const SOFTPLUS_MLP_EPOCHS: Readonly<Record<RunnableScale, number>> = { quick: 6, full: 10 };

/** A trained network with its accuracies after training. */
export interface TrainedSoftplusMlp extends PresetRun {
  readonly training: SoftplusTraining;
  readonly eps: number;
  readonly cleanAccuracy: number;
  readonly robustAccuracy: number;
  /** What the network is called in tables and legends: "standard", "L2-AT ε=1", "L∞-AT ε=0.1". */
  readonly label: string;
}

/** "standard", "L2-AT ε=1", "L∞-AT ε=0.1". */
export function trainingLabel(training: SoftplusTraining, eps: number): string {
  return training === "standard" ? "standard" : `${training === "linf" ? "L∞" : "L2"}-AT ε=${eps}`;
}

/** Trains (or, at full scale, loads the checkpointed) softplus MLP; the caller disposes `model`. */
export async function trainSoftplusMlp(options: SoftplusMlpOptions): Promise<TrainedSoftplusMlp> {
  const { scale, training, eps, seed = 0 } = options;
  const norm = training === "standard" ? (options.norm ?? "linf") : training;
  const epochs = SOFTPLUS_MLP_EPOCHS[scale];
  const preset = trainingPreset({
    scale,
    dataset: "mnist",
    model: "mlp",
    activation: "softplus",
    norm,
    eps,
    seed,
    epochs,
    method: training === "standard" ? "standard" : "sgd-at",
  });
  const name = `softplus-mlp/${scale}/${training}-${norm}-${eps}-e${epochs}-s${seed}`;
  const context: CellContext = { scale, name, checkpointDir: scale === "full" ? path.join(CHECKPOINTS_DIR, name) : null, checkpointRoot: null };
  const evaluation = { ...preset.fit.evaluation, every: epochs, final: {} };
  const run = await runPreset(preset, context, () => ({ evaluation }));
  const last = run.result.log[run.result.log.length - 1];
  const heldOut = `${last.evaluated} held-out examples`;
  const attack = `${preset.stamp.attack.split("; eval")[0]}; eval PGD-20 after training (${heldOut})`;
  return {
    ...run,
    stamp: makeStamp({ ...run.stamp, attack }),
    training,
    eps,
    cleanAccuracy: last.cleanAccuracy as number,
    robustAccuracy: last.robustAccuracy as number,
    label: trainingLabel(training, eps),
  };
}
