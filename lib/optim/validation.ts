// Argument checks of the optimisers that no other folder needs: momentum, the variables, the oracle and
// what it returns (the progress clock and the rates a schedule returns are checked in schedules.ts).
// The general ones (unknown option names, signs, flags, choices) are lib/core/validate.ts's. All run before any tensor work, and
// every message names the option and the offending value, so a typo in a notebook cell fails at
// construction, not after an hour of training with a silently ignored option.
import * as tf from "@tensorflow/tfjs";
import { assertInRange } from "../core/validate";
import type { GradientOracle, OracleResult } from "./types";

/** Momentum coefficients live in [0, 1): at 1 the buffer never forgets and the step diverges. */
export function assertMomentum(name: string, value: unknown): asserts value is number {
  assertInRange(name, value, 0, 1, false, true);
}

/** An oracle, checked at every step so a wrong argument fails before the step changes anything. */
export function assertOracle(oracle: unknown, owner: string): asserts oracle is GradientOracle {
  if (typeof oracle !== "function") throw new TypeError(`${owner}: oracle must be a function, got ${String(oracle)}`);
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
