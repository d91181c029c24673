// S5's saturation with the data box [Project design; T4 with the box is Derived here]. An L∞ attack that
// also keeps x + δ in the data range [a, b] chooses each coordinate from its own interval
//     δᵢ ∈ [max(−ε, a − xᵢ), min(ε, b − xᵢ)],
// so the feasible set is still a box, and T4's KKT argument applies to it unchanged: a coordinate sits at
// the end of its interval that sign(∂ᵢℓ) points to, or strictly inside with ∂ᵢℓ = 0. On MNIST most pixels
// are 0, and where the gradient points down the end is the data bound (δᵢ = 0), not −ε: S5's saturation
// (|δᵢ| ≥ ε − 10⁻⁶, attack-stats.ts) does not count those, this split does.
import * as tf from "@tensorflow/tfjs";
import { assertNonNegative } from "../core/validate";
import { SATURATION_TOLERANCE } from "./attack-stats";

/** Per example, the shares of coordinates in each position (they add up to 1). */
export interface BoxPositions {
  /** |δᵢ| ≥ ε − tolerance: S5's saturation. */
  readonly atEps: number[];
  /** Not at ±ε, but x + δ at a bound of the data range (within the tolerance). */
  readonly atDataBound: number[];
  /** Neither: strictly inside the coordinate's interval (T4: only where ∂ᵢℓ = 0). */
  readonly inside: number[];
}

/** Where each coordinate of δ = xAdv − x sits in its feasible interval, per example. */
export function boxPositions(x: tf.Tensor, xAdv: tf.Tensor, eps: number, bounds: [number, number] = [0, 1], tolerance = SATURATION_TOLERANCE): BoxPositions {
  if (!(x instanceof tf.Tensor) || !(xAdv instanceof tf.Tensor)) throw new TypeError("x and xAdv must be tf.Tensors");
  if (x.shape.join(",") !== xAdv.shape.join(",")) throw new RangeError(`xAdv must have the shape of x [${x.shape.join(", ")}], got [${xAdv.shape.join(", ")}]`);
  if (x.rank < 2 || x.shape[0] < 1) throw new RangeError(`x must be a batch [examples, …] with at least one example, got shape [${x.shape.join(", ")}]`);
  assertNonNegative("eps", eps);
  assertNonNegative("tolerance", tolerance);
  if (!Array.isArray(bounds) || bounds.length !== 2 || !(bounds[0] < bounds[1]))
    throw new RangeError(`bounds must be [low, high] with low < high, got ${String(bounds)}`);
  const n = x.shape[0];
  const coordinates = x.size / n;
  // Counts per example (exact in float32 up to 2²⁴ coordinates), divided here, so the shares add up to 1.
  const counts = tf.tidy(() => {
    const flatX = x.reshape([n, -1]);
    const flatAdv = xAdv.reshape([n, -1]);
    const atEps = tf.greaterEqual(tf.abs(tf.sub(flatAdv, flatX)), eps - tolerance);
    const atData = tf.logicalOr(tf.lessEqual(flatAdv, bounds[0] + tolerance), tf.greaterEqual(flatAdv, bounds[1] - tolerance));
    const count = (mask: tf.Tensor) => tf.sum(tf.cast(mask, "float32"), 1);
    return tf.stack([count(atEps), count(tf.logicalAnd(tf.logicalNot(atEps), atData))]);
  });
  const [atEps, atData] = counts.arraySync() as number[][];
  counts.dispose();
  const share = (c: number) => c / coordinates;
  return { atEps: atEps.map(share), atDataBound: atData.map(share), inside: atEps.map((c, i) => share(coordinates - c - atData[i])) };
}
