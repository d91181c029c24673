// Seeded random draws in JavaScript, fast enough not to dominate the steps that need them:
// uniform (the attacks' random starts) and standard normal (the attacks' L2 starts, EntropySGD's
// Langevin noise). Both are driven by sfc32 (the generator of lib/core/rng.ts) and seeded per call
// like tfjs' random ops, with the seed drawn from the caller's checkpointable Rng, so runs resume
// bit-exactly; the same seed gives the same values on every backend and platform.
//
// Why not tf.randomUniform / tf.randomNormal: they draw with seedrandom's alea (and the polar method
// for normals), about 16 and 32 ns per value here; one 128×784 attack start took 2.1 ms (uniform) and
// 2.9 ms (normal), 15–20 % of a whole MLP PGD-10 run on wasm+native, and one MLP's worth of Langevin
// noise (269k values) ~9 ms. The draws below take ~4 ns (uniform) and ~6–9 ns (normal) per value;
// lib/kernels/random-tensors.ts writes them straight into a tensor's memory.
//
// Normals: the 128-layer ziggurat of Marsaglia & Tsang (J. Stat. Softw. 5(8), 2000) with Doornik's
// correction ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005): the layer index
// and the uniform must not share bits (the original reused the same bits for both, which correlates
// the value with its layer); here they come from disjoint bits of one sfc32 word. The tables and the
// tail and wedge tests are Doornik's ZIGNOR. test/core/random-fill.test.ts checks the moments,
// the Kolmogorov–Smirnov distance to Φ (and to the uniform law), the mass beyond the tail start, and
// serial independence.
import { assertSeed, Rng } from "./rng";
import { assertFiniteNumber } from "./validate";

const LAYERS = 128;
/** Start of the tail, and the common area of every layer, for 128 layers (Marsaglia & Tsang). */
const TAIL_START = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;

/** Right edges x_i of the layers (x_0 is the base strip's virtual width, x_128 = 0) and x_{i+1}/x_i. */
const EDGES = new Float64Array(LAYERS + 1);
const RATIOS = new Float64Array(LAYERS);
{
  let f = Math.exp(-0.5 * TAIL_START * TAIL_START);
  EDGES[0] = LAYER_AREA / f;
  EDGES[1] = TAIL_START;
  EDGES[LAYERS] = 0;
  for (let i = 2; i < LAYERS; i++) {
    EDGES[i] = Math.sqrt(-2 * Math.log(LAYER_AREA / EDGES[i - 1] + f));
    f = Math.exp(-0.5 * EDGES[i] * EDGES[i]);
  }
  for (let i = 0; i < LAYERS; i++) RATIOS[i] = EDGES[i + 1] / EDGES[i];
}

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M32 = 1 / 4294967296;

/**
 * One sfc32 output (the generator of lib/core/rng.ts) on a state held as int32 words: signed 32-bit
 * arithmetic stays in V8's small-integer fast path, where the unsigned `>>> 0` form boxes doubles.
 */
function nextWord(s: Int32Array): number {
  const a = s[0];
  const b = s[1];
  const c = s[2];
  const d = s[3];
  const t = (((a + b) | 0) + d) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  s[3] = (d + 1) | 0;
  return t;
}

/** Uniform on (0, 1), never 0, so its logarithm is finite. */
function open01(s: Int32Array): number {
  return ((nextWord(s) >>> 0) + 0.5) * TWO_POW_M32;
}

/**
 * One standard normal. A single 32-bit word gives both the layer (its low 7 bits) and the signed
 * uniform (its high 25 bits): disjoint bits of a good generator are independent, which is the point of
 * Doornik's separate draws, at half the generator calls. u's resolution, 2^-24, matches float32's.
 */
function standardNormal(s: Int32Array): number {
  for (;;) {
    const word = nextWord(s);
    const i = word & (LAYERS - 1);
    const u = ((word >> 7) + 0.5) * TWO_POW_M24; // uniform on (−1, 1), sign included
    // Inside the part of the layer's rectangle that lies under the curve: accept at once (~99%).
    if (Math.abs(u) < RATIOS[i]) return u * EDGES[i];
    if (i === 0) {
      // The tail beyond r (Marsaglia 1964): x = −ln(U1)/r, accepted when −2 ln(U2) > x².
      let x: number;
      let y: number;
      do {
        x = Math.log(open01(s)) / TAIL_START;
        y = Math.log(open01(s));
      } while (-2 * y < x * x);
      return u < 0 ? x - TAIL_START : TAIL_START - x;
    }
    // The wedge between the rectangle and the curve: accept when a uniform height falls under f(x).
    const x = u * EDGES[i];
    const f0 = Math.exp(-0.5 * (EDGES[i] * EDGES[i] - x * x));
    const f1 = Math.exp(-0.5 * (EDGES[i + 1] * EDGES[i + 1] - x * x));
    if (f1 + open01(s) * (f0 - f1) < 1) return x;
  }
}

/** sfc32's state for one draw, seeded as lib/core/rng.ts seeds it. */
function seededState(seed: number): Int32Array {
  assertSeed(seed);
  return Int32Array.from(new Rng(seed).state().s);
}

/**
 * Fills `out` with independent N(0, scale²) values from a stream fixed by `seed` (an integer in
 * [0, 2^32)).
 */
export function fillNormal(out: Float32Array, seed: number, scale = 1): Float32Array {
  assertFiniteNumber("scale", scale);
  const state = seededState(seed);
  for (let k = 0; k < out.length; k++) out[k] = scale * standardNormal(state);
  return out;
}

/**
 * Fills `out` with independent values uniform on [low, high) from a stream fixed by `seed`: the top 24
 * bits of one sfc32 word a value, float32's resolution on [0, 1), so every step k·2^-24 is hit exactly.
 */
export function fillUniform(out: Float32Array, seed: number, low = 0, high = 1): Float32Array {
  assertFiniteNumber("low", low);
  assertFiniteNumber("high", high);
  if (!(high > low)) throw new RangeError(`high must exceed low, got [${low}, ${high})`);
  const state = seededState(seed);
  const width = high - low;
  for (let k = 0; k < out.length; k++) out[k] = low + width * ((nextWord(state) >>> 8) * TWO_POW_M24);
  return out;
}
