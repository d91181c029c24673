import { strict as assert } from "assert";
import {
  assertBoolean,
  assertFiniteNumber,
  assertInRange,
  assertInteger,
  assertKnownOptions,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertPositive,
  assertPositiveInteger,
  assertRngState,
} from "../../lib/core/validate";
import { Rng } from "../../lib/core/rng";

/** Asserts that `f` throws an error of `kind` whose message matches `pattern` exactly as written. */
function fails(f: () => void, kind: typeof TypeError | typeof RangeError, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof kind && pattern.test((e as Error).message), `expected ${kind.name} ${pattern}`);
}

describe("core/validate", () => {
  it("numbers: the message names the argument and shows the value", () => {
    fails(() => assertFiniteNumber("h", NaN), RangeError, /^h must be a finite number, got NaN$/);
    fails(() => assertFiniteNumber("h", "1"), RangeError, /^h must be a finite number, got "1"$/);
    fails(() => assertPositive("lr", 0), RangeError, /^lr must be > 0, got 0$/);
    fails(() => assertNonNegative("eps", -0.5), RangeError, /^eps must be ≥ 0, got -0\.5$/);
    fails(() => assertNonNegative("eps", Infinity), RangeError, /^eps must be a finite number, got Infinity$/);
    fails(() => assertInteger("L", 2.5, 0), RangeError, /^L must be an integer ≥ 0, got 2\.5$/);
    fails(() => assertPositiveInteger("steps", 0), RangeError, /^steps must be an integer ≥ 1, got 0$/);
    assertPositive("lr", 1e-300);
    assertNonNegative("eps", 0);
    assertInteger("L", 0, 0);
  });

  it("ranges: closed and open ends, each shown in the message", () => {
    assertInRange("rho", 0, 0, 1);
    assertInRange("rho", 1, 0, 1);
    fails(() => assertInRange("rho", 1.5, 0, 1), RangeError, /^rho must be in \[0, 1\], got 1\.5$/);
    fails(() => assertInRange("w", 0, 0, 1, true), RangeError, /^w must be in \(0, 1\], got 0$/);
    assertInRange("w", 1, 0, 1, true);
    fails(() => assertInRange("momentum", 1, 0, 1, false, true), RangeError, /^momentum must be in \[0, 1\), got 1$/);
    assertInRange("momentum", 0, 0, 1, false, true);
    assertInRange("momentum", 0.999, 0, 1, false, true);
    fails(() => assertInRange("momentum", NaN, 0, 1, false, true), RangeError, /^momentum must be a finite number, got NaN$/);
  });

  it("choices and flags", () => {
    fails(() => assertOneOf("norm", "l3", ["l2", "linf"] as const), RangeError, /^norm must be one of "l2", "linf", got "l3"$/);
    fails(() => assertOneOf("norm", 2, ["l2", "linf"] as const), RangeError, /^norm must be one of "l2", "linf", got 2$/);
    assertOneOf("norm", "linf", ["l2", "linf"] as const);
    fails(() => assertBoolean("nesterov", "yes"), TypeError, /^nesterov must be true or false, got "yes"$/);
    fails(() => assertBoolean("nesterov", 1), TypeError, /^nesterov must be true or false, got 1$/);
    assertBoolean("nesterov", false);
  });

  it("objects and option names: null, arrays and primitives are not option objects; typos are named", () => {
    fails(() => assertObject("options", null), TypeError, /^options must be an object, got null$/);
    fails(() => assertObject("options", [1, 2]), TypeError, /^options must be an object, got \[1, 2\]$/);
    fails(() => assertObject("options", 3), TypeError, /^options must be an object, got 3$/);
    assertObject("options", {});
    fails(() => assertKnownOptions("Sgd", null, ["lr"]), TypeError, /^Sgd options must be an object, got null$/);
    fails(() => assertKnownOptions("Sgd", ["lr"], ["lr"]), TypeError, /^Sgd options must be an object, got \[lr\]$/);
    fails(() => assertKnownOptions("Sgd", undefined, ["lr"]), TypeError, /^Sgd options must be an object, got undefined$/);
    fails(
      () => assertKnownOptions("Sgd", { lr: 1, momentun: 0.9, nesterof: true }, ["lr", "momentum", "nesterov"]),
      TypeError,
      /^unknown Sgd option\(s\): momentun, nesterof \(known: lr, momentum, nesterov\)$/,
    );
    assertKnownOptions("Sgd", { lr: 1 }, ["lr", "momentum"]);
    assertKnownOptions("Sgd", {}, ["lr"]);
  });

  it("Rng states: what Rng.state() gives passes (also through JSON); anything else is refused", () => {
    const rng = new Rng(7);
    rng.normal(); // leaves a cached spare
    for (const state of [new Rng(3).state(), rng.state(), JSON.parse(JSON.stringify(rng.state()))]) assertRngState("state.rng", state);
    const good = new Rng(3).state();
    const bad: unknown[] = [
      null,
      { s: [1, 2, 3], spare: null },
      { s: [1, 2, 3, 0x100000000], spare: null },
      { s: [1, 2, 3, -0x80000001], spare: null },
      { s: [1, 2, 3, 1.5], spare: null },
      { s: good.s, spare: NaN },
      { s: good.s },
    ];
    for (const state of bad) fails(() => assertRngState("state.rng", state), RangeError, /^state\.rng must be an Rng state .*, got /);
  });
});
