// Seeded random streams. Every random choice in the library (data order, initial weights, attack
// starts, directions, Langevin noise) draws from an `Rng`, so a seed fixes a whole run, and the
// stream's state can be saved in a checkpoint and restored to continue bit for bit.
//
// Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes
// PractRand), seeded through splitmix32 so that nearby seeds give unrelated streams.

export interface RngState {
  readonly s: [number, number, number, number];
  /** A cached second Box–Muller normal, or null. */
  readonly spare: number | null;
}

function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

export function assertSeed(seed: number, name = "seed"): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${name} must be an integer in [0, 2^32), got ${seed}`);
  }
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    assertSeed(seed);
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.uint32(); // discard the warm-up outputs
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    [rng.a, rng.b, rng.c, rng.d] = state.s;
    rng.spare = state.spare;
    return rng;
  }

  state(): RngState {
    return { s: [this.a, this.b, this.c, this.d], spare: this.spare };
  }

  /** Next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal by the Box–Muller transform (both outputs used). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A seed for one tfjs random op (`tf.randomNormal(shape, 0, 1, "float32", rng.seed())`). tfjs'
   * generators are seeded per call, so drawing each call's seed from this stream keeps the whole
   * sequence reproducible and checkpointable.
   */
  seed(): number {
    return this.uint32();
  }

  /** An independent child stream, for a sub-task that must not shift this stream's sequence. */
  fork(): Rng {
    return new Rng(this.uint32());
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    this.shuffle(p);
    return p;
  }

  normalArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }
}
