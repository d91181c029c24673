// The float64 layout of the T1 closed forms (adversarial-linear.ts) for a data set held as class ids
// 0/1: examples as one flat row-major Float64Array with its row length d, labels ỹ = 2y − 1 ∈ {−1, +1}
// (the binary logistic model of lib/models/linear.ts labels its classes 0 and 1).
import * as tf from "@tensorflow/tfjs";
import { assertFiniteVector } from "../core/linalg64";
import { assertPositiveInteger } from "../core/validate";

export interface SignedExamples {
  /** Rows x_n of length d, row-major (a Rows64 of adversarial-linear.ts). */
  readonly X: { readonly data: Float64Array; readonly d: number };
  /** ỹ_n = 2y_n − 1. */
  readonly y: Float64Array;
}

/**
 * Examples and 0/1 labels (arrays, or tensors: x of any shape [n, ...], y [n]) as float64 rows and ±1
 * labels. `d` is the row length; with a tensor x it defaults to the size of one example.
 */
export function signedExamples(x: ArrayLike<number> | tf.Tensor, labels: ArrayLike<number> | tf.Tensor, d?: number): SignedExamples {
  const values = x instanceof tf.Tensor ? x.dataSync() : x;
  const classes = labels instanceof tf.Tensor ? labels.dataSync() : labels;
  const rowLength = d ?? (x instanceof tf.Tensor && x.rank >= 2 ? x.size / x.shape[0] : undefined);
  if (rowLength === undefined) throw new RangeError("d (the row length) must be given when x is not a tensor of rank ≥ 2");
  assertPositiveInteger("d", rowLength);
  assertFiniteVector("x", values);
  if (values.length !== rowLength * classes.length) {
    throw new RangeError(`x must hold ${classes.length} rows of length ${rowLength} (one per label), got ${values.length} values`);
  }
  const y = new Float64Array(classes.length);
  for (let n = 0; n < classes.length; n++) {
    if (classes[n] !== 0 && classes[n] !== 1) throw new RangeError(`labels[${n}] must be a class id 0 or 1, got ${String(classes[n])}`);
    y[n] = 2 * classes[n] - 1;
  }
  return { X: { data: Float64Array.from(values), d: rowLength }, y };
}
