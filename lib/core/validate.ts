// Argument checks shared by every public function: each throws before any work, with a message that
// names the argument and the value it got. This is the one home of these checks: other folders call
// them (with a name such as "Sgd: lr" where the owner matters) rather than keep their own copies, so
// one kind of mistake reads the same everywhere.
import type { RngState } from "./rng";

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}

export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${show(value)}`);
  }
}

export function assertPositive(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value <= 0) throw new RangeError(`${name} must be > 0, got ${show(value)}`);
}

export function assertNonNegative(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value < 0) throw new RangeError(`${name} must be ≥ 0, got ${show(value)}`);
}

export function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${show(value)}`);
  }
}

export function assertPositiveInteger(name: string, value: unknown): asserts value is number {
  assertInteger(name, value, 1);
}

/** A finite number in [low, high]; `openLow` / `openHigh` exclude that end. */
export function assertInRange(name: string, value: unknown, low: number, high: number, openLow = false, openHigh = false): asserts value is number {
  assertFiniteNumber(name, value);
  if (value > high || value < low || (openLow && value === low) || (openHigh && value === high)) {
    throw new RangeError(`${name} must be in ${openLow ? "(" : "["}${low}, ${high}${openHigh ? ")" : "]"}, got ${show(value)}`);
  }
}

export function assertOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${name} must be one of ${allowed.map(show).join(", ")}, got ${show(value)}`);
  }
}

/** A flag: only true or false (a truthy string or 1 is more often a mistake than a wish). */
export function assertBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${show(value)}`);
}

/** An object of named fields (options, assumptions, ...): not null, not an array. */
export function assertObject(name: string, value: unknown): asserts value is object {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${show(value)}`);
  }
}

/**
 * An options object whose names are all known: a typo would otherwise be silently ignored. `what`
 * names the function or class the options are for.
 */
export function assertKnownOptions(what: string, options: unknown, known: readonly string[]): void {
  assertObject(`${what} options`, options);
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`unknown ${what} option(s): ${unknown.join(", ")} (known: ${known.join(", ")})`);
  }
}

/**
 * A saved Rng stream (a checkpoint's): sfc32's four 32-bit words (the generator keeps some signed and
 * some unsigned, so either range is accepted) and the cached normal, null or a finite number.
 */
export function assertRngState(name: string, value: unknown): asserts value is RngState {
  const s = value as Partial<RngState> | null;
  const valid =
    s !== null &&
    typeof s === "object" &&
    Array.isArray(s.s) &&
    s.s.length === 4 &&
    s.s.every((x) => Number.isInteger(x) && x >= -0x80000000 && x <= 0xffffffff) &&
    (s.spare === null || (typeof s.spare === "number" && Number.isFinite(s.spare)));
  if (!valid) throw new RangeError(`${name} must be an Rng state {s: four 32-bit integers, spare: null or a number}, got ${JSON.stringify(value)}`);
}
