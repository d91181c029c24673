// What one S1 measurement (gradient-lipschitz.ts) works on, shared by its batch pass and its
// per-example pass (per-example-ratios.ts).
import type * as tf from "@tensorflow/tfjs";
import type { Classifier } from "../models/classifier";
import type { CostMeter, LossMode } from "../parameter-space/danskin-gradient";
import type { Origin } from "../parameter-space/moves";
import type { ParameterAttack } from "../parameter-space/re-attack";

/** What one S1 measurement works on: the batch, the point θ₀ it starts from, the grid and the losses. */
export interface S1Setting {
  readonly model: Classifier;
  readonly x: tf.Tensor;
  readonly y: tf.Tensor1D;
  readonly oneHot: tf.Tensor2D;
  readonly origin: Origin;
  readonly units: tf.Tensor1D[];
  readonly h: number[];
  readonly distances: number[];
  readonly losses: LossMode[];
  readonly attack: ParameterAttack | null;
  readonly meter: CostMeter;
}

/** The re-attacked inputs at one (direction, h) point, kept by the batch pass for the per-example pass. */
export interface ReattackedPoint {
  readonly xAdv: tf.Tensor;
  /** |gap| per example. */
  readonly gap: Float32Array;
}
