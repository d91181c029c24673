import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";
import { Classifier } from "./classifier";
import { flattenTensors, paramCount } from "./params";

/** A random direction in parameter space with unit Euclidean norm, from a seed. */
export function randomUnitDirection(model: Classifier, seed: number): tf.Tensor1D {
  const rng = new Rng(seed);
  return tf.tidy(() => {
    const v = tf.randomNormal([paramCount(model)], 0, 1, "float32", rng.seed()) as tf.Tensor1D;
    return tf.div(v, tf.norm(v)) as tf.Tensor1D;
  });
}

export interface FilterNormalizedOptions {
  seed: number;
  /**
   * What to do with bias vectors (rank-1 parameters): "zero" (default, as the figures of Li et al. 2018)
   * or "keep", which sets the direction equal to the bias itself, as Li et al.'s code does for 1-D
   * parameters when biases are not ignored.
   */
  biases?: "zero" | "keep";
}

/**
 * Filter-normalised direction (Li et al., Visualizing the Loss Landscape of Neural Nets, NeurIPS 2018):
 * a Gaussian direction d, rescaled per filter so that ‖d_f‖ = ‖θ_f‖. A filter is one output unit: a slice
 * along the last axis of a kernel (an output channel of a [k, k, in, out] convolution, a neuron of an
 * [in, out] dense kernel). This removes the scale invariance of ReLU networks from landscape plots.
 */
export function filterNormalizedDirection(model: Classifier, options: FilterNormalizedOptions): tf.Tensor1D {
  const { seed, biases = "zero" } = options;
  if (biases !== "zero" && biases !== "keep") throw new RangeError(`biases must be "zero" or "keep", got ${String(biases)}`);
  const rng = new Rng(seed);
  return tf.tidy(() => {
    const parts = model.params.map((p) => {
      if (p.rank === 1) return biases === "zero" ? tf.zerosLike(p) : p.clone();
      const d = tf.randomNormal(p.shape, 0, 1, "float32", rng.seed());
      const axes = p.shape.slice(0, -1).map((_, i) => i);
      const dNorm = tf.sqrt(tf.sum(tf.square(d), axes, true));
      const wNorm = tf.sqrt(tf.sum(tf.square(p), axes, true));
      // A filter of all zeros gets a zero direction, not 0/0.
      return tf.mul(d, tf.divNoNan(wNorm, dNorm));
    });
    return flattenTensors(parts);
  });
}
