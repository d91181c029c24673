// Argument checks shared by every public function: each throws before any work, with a message that
// names the argument and the value it got.

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

export function assertInRange(name: string, value: unknown, low: number, high: number, openLow = false): asserts value is number {
  assertFiniteNumber(name, value);
  if (value > high || value < low || (openLow && value === low)) {
    throw new RangeError(`${name} must be in ${openLow ? "(" : "["}${low}, ${high}], got ${show(value)}`);
  }
}

export function assertOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${name} must be one of ${allowed.map(show).join(", ")}, got ${show(value)}`);
  }
}

/** Rejects option names that are not known (a typo would otherwise be silently ignored). */
export function assertKnownOptions(what: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`unknown ${what} option(s): ${unknown.join(", ")} (known: ${known.join(", ")})`);
  }
}
