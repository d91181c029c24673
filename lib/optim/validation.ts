// Argument checks shared by the optimisers. They run before any tensor work, and every message names
// the option and the offending value, so a typo in a notebook cell fails at construction, not after an
// hour of training with a silently ignored option.
import * as tf from "@tensorflow/tfjs";
import type { OracleResult } from "./types";

/** Rejects option names outside `known` (typos such as `nesterof` or `weight_decay`). */
export function assertKnownKeys(options: object, known: readonly string[], owner: string): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${owner}: options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${owner}: unknown option "${key}" (known options: ${known.join(", ")})`);
    }
  }
}

export function assertNonNegative(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

export function assertPositive(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Momentum coefficients live in [0, 1): at 1 the buffer never forgets and the step diverges. */
export function assertMomentum(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new RangeError(`${name} must be a number in [0, 1), got ${String(value)}`);
  }
}

export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${String(value)}`);
}

export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): asserts value is T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}, got ${String(value)}`);
  }
}

export function assertProgress(progress: unknown): asserts progress is number {
  if (typeof progress !== "number" || !Number.isFinite(progress) || progress < 0) {
    throw new RangeError(`progress must be a finite number >= 0 (the trainer passes epochs), got ${String(progress)}`);
  }
}

/** A non-empty list of distinct float32 variables (a variable listed twice would be updated twice). */
export function assertParams(params: unknown, owner: string): asserts params is tf.Variable[] {
  if (!Array.isArray(params) || params.length === 0) {
    throw new TypeError(`${owner}: params must be a non-empty array of tf.Variable, got ${String(params)}`);
  }
  params.forEach((p, i) => {
    if (!(p instanceof tf.Variable)) throw new TypeError(`${owner}: params[${i}] must be a tf.Variable, got ${String(p)}`);
    if (p.dtype !== "float32") throw new TypeError(`${owner}: params[${i}] must be float32, got ${p.dtype}`);
    if (p.isDisposed) throw new TypeError(`${owner}: params[${i}] (${p.name}) is disposed`);
  });
  if (new Set(params).size !== params.length) throw new TypeError(`${owner}: params lists the same variable twice`);
}

/**
 * Checks an oracle's answer against the variables; on a mismatch it disposes the gradients it was
 * handed (the optimiser owns them) and throws.
 */
export function checkOracleResult(result: unknown, params: readonly tf.Variable[], owner: string): OracleResult {
  const r = result as Partial<OracleResult> | null;
  const fail = (message: string): never => {
    if (r && Array.isArray(r.grads)) tf.dispose(r.grads.filter((g) => g instanceof tf.Tensor));
    throw new TypeError(`${owner}: the gradient oracle ${message}`);
  };
  if (r === null || typeof r !== "object") return fail(`must return {loss, grads}, got ${String(result)}`);
  if (typeof r.loss !== "number") return fail(`returned loss ${String(r.loss)}, not a number`);
  if (!Array.isArray(r.grads) || r.grads.length !== params.length) {
    return fail(`returned ${Array.isArray(r.grads) ? r.grads.length : String(r.grads)} gradients for ${params.length} variables`);
  }
  r.grads.forEach((g, i) => {
    if (!(g instanceof tf.Tensor) || g.isDisposed) fail(`returned grads[${i}] that is not a live tensor`);
    if (!tf.util.arraysEqual(g.shape, params[i].shape)) {
      fail(`returned grads[${i}] of shape [${g.shape}] for a variable of shape [${params[i].shape}]`);
    }
  });
  return r as OracleResult;
}

/** The value a schedule returns must be a usable rate. */
export function checkRate(value: number, name: string, progress: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} schedule returned ${String(value)} at progress ${progress}; it must be a finite number >= 0`);
  }
  return value;
}
