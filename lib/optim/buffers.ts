// Optimiser buffers to and from plain JSON data. A float32 value converts to a JavaScript number
// exactly, JSON prints that number with enough digits to read it back exactly, and tf.tensor rounds it
// to the same float32: a checkpoint written with JSON.stringify resumes bit for bit.
import * as tf from "@tensorflow/tfjs";
import type { Buffers, OptimizerState } from "./types";

export function shapesOf(params: readonly tf.Variable[]): number[][] {
  return params.map((p) => [...p.shape]);
}

/** Reads tensors to arrays (synchronously; never call inside tf.tidy, which would scan the arrays). */
export function readBuffers(tensors: readonly tf.Tensor[]): Buffers {
  return tensors.map((t) => Array.from(t.dataSync()));
}

/** Throws unless a saved state comes from an optimiser of this `kind` over variables of `params`' shapes. */
export function checkState<S extends OptimizerState>(
  state: OptimizerState,
  kind: S["kind"],
  params: readonly tf.Variable[],
  owner: string,
): asserts state is S {
  if (state === null || typeof state !== "object" || state.kind !== kind) {
    throw new TypeError(`${owner}: the state is from optimiser kind "${String(state?.kind)}", this optimiser is "${kind}"`);
  }
  checkShapes(state.shapes, params, owner);
}

/** Throws unless a saved state's variable shapes are those of `params`. */
function checkShapes(saved: unknown, params: readonly tf.Variable[], owner: string): void {
  if (!Array.isArray(saved)) throw new TypeError(`${owner}: state.shapes must be an array of shapes, got ${String(saved)}`);
  if (saved.length !== params.length) {
    throw new RangeError(`${owner}: the state is for ${saved.length} variables, this optimiser has ${params.length}`);
  }
  saved.forEach((shape, i) => {
    if (!Array.isArray(shape) || !tf.util.arraysEqual(shape, params[i].shape)) {
      throw new RangeError(`${owner}: state variable ${i} has shape [${String(shape)}], the variable has shape [${params[i].shape}]`);
    }
  });
}

/**
 * Validates saved buffers (one finite float array per variable, of the variable's size) and builds the
 * tensors. Validation happens before any allocation so a bad state changes nothing.
 */
export function checkBuffers(saved: unknown, params: readonly tf.Variable[], name: string): Buffers {
  if (!Array.isArray(saved) || saved.length !== params.length) {
    throw new RangeError(`${name} must hold one array per variable (${params.length}), got ${Array.isArray(saved) ? saved.length : String(saved)}`);
  }
  saved.forEach((values, i) => {
    if (!Array.isArray(values) || values.length !== params[i].size) {
      throw new RangeError(`${name}[${i}] must hold ${params[i].size} numbers, got ${Array.isArray(values) ? values.length : String(values)}`);
    }
    for (let j = 0; j < values.length; j++) {
      if (typeof values[j] !== "number" || !Number.isFinite(values[j])) {
        throw new RangeError(`${name}[${i}][${j}] must be a finite number, got ${String(values[j])}`);
      }
    }
  });
  return saved as Buffers;
}

export function buffersToTensors(buffers: Buffers, params: readonly tf.Variable[]): tf.Tensor[] {
  return buffers.map((values, i) => tf.tensor(values, params[i].shape, "float32"));
}
