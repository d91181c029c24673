import * as tf from "@tensorflow/tfjs";
import { Classifier } from "./classifier";

// The model's parameters as one flat vector θ ∈ R^m, in the model's documented order (for each layer the
// kernel, then the bias; each tensor flattened row-major). The smoothness estimators move θ along
// directions through these two functions and never look inside a model.

export function paramCount(model: Classifier): number {
  return model.params.reduce((n, p) => n + p.size, 0);
}

/** θ as a new Tensor1D (the caller disposes it). */
export function flattenParams(model: Classifier): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.concat(
        model.params.map((p) => p.reshape([p.size])),
        0,
      ) as tf.Tensor1D,
  );
}

/** Split a flat vector into tensors shaped like the model's parameters (the caller disposes them). */
export function unflattenLike(model: Classifier, vector: tf.Tensor1D): tf.Tensor[] {
  assertParamVector(model, vector);
  return tf.tidy(() => {
    const parts = tf.split(
      vector,
      model.params.map((p) => p.size),
    );
    return parts.map((part, i) => part.reshape(model.params[i].shape));
  });
}

/** Write θ into the model's variables. */
export function assignParams(model: Classifier, vector: tf.Tensor1D): void {
  const parts = unflattenLike(model, vector);
  parts.forEach((part, i) => model.params[i].assign(part));
  tf.dispose(parts);
}

/** Flatten a list of per-parameter tensors (e.g. gradients) the same way as θ. */
export function flattenTensors(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.concat(
        tensors.map((t) => t.reshape([t.size])),
        0,
      ) as tf.Tensor1D,
  );
}

export function assertParamVector(model: Classifier, vector: tf.Tensor, argument = "vector"): void {
  const m = paramCount(model);
  if (vector.rank !== 1 || vector.size !== m) {
    throw new RangeError(`${argument} must be a Tensor1D of length ${m} (the parameters of ${model.name}), got shape [${vector.shape.join(", ")}]`);
  }
}
