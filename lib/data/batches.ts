// Minibatches for SGD, reproducible and resumable.
//
// An `EpochSampler` decides which examples go in which batch: each epoch is a fresh permutation drawn
// from one seeded stream, so epoch e's order depends only on the seed and e. Its `state()` is small
// and JSON-serialisable (the stream's state at the start of the current epoch, the epoch count and
// the batches already handed out): a trainer saves it in a checkpoint, and `EpochSampler.fromState`
// continues with exactly the batches an uninterrupted run would have seen, even mid-epoch.
//
// `batches(data, ...)` turns the indices into tensors with tf.gather, one batch at a time.
import * as tf from "@tensorflow/tfjs";
import { assertSeed, Rng, RngState } from "../core/rng";
import { assertBoolean, assertInteger, assertObject, assertPositiveInteger, assertRngState } from "../core/validate";

export interface SamplerOptions {
  batchSize: number;
  /** Draw a new permutation each epoch (default true); false keeps the data order. */
  shuffle?: boolean;
  /** Seed of the permutations; required when shuffling. */
  seed?: number;
  /** Skip the last, smaller batch of an epoch (default false). */
  dropLast?: boolean;
}

export interface EpochSamplerState {
  readonly n: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** Epochs started so far (0 before the first batch). */
  readonly epoch: number;
  /** Batches of the current epoch handed out so far. */
  readonly batch: number;
  /** The stream's state just before the current epoch's permutation was drawn. */
  readonly rng: RngState;
}

function checkSamplerOptions(n: number, options: SamplerOptions): void {
  assertObject("options", options);
  const { batchSize, shuffle = true, seed, dropLast = false } = options;
  assertPositiveInteger("the number of examples", n);
  assertPositiveInteger("batchSize", batchSize);
  if (batchSize > n) {
    throw new RangeError(`batchSize must be at most the number of examples (${n}), got ${batchSize}`);
  }
  assertBoolean("shuffle", shuffle);
  assertBoolean("dropLast", dropLast);
  if (shuffle && seed === undefined) {
    throw new RangeError("seed is required when shuffling (every random choice takes a seed), got undefined");
  }
  if (seed !== undefined) assertSeed(seed);
}

export class EpochSampler {
  readonly n: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** Batches per epoch: ceil(n / batchSize), or floor with dropLast. */
  readonly batchesPerEpoch: number;
  private rng: Rng;
  private rngAtEpochStart: RngState;
  private order: Int32Array | null = null;
  private epochCount = 0;
  private batchCount = 0;

  constructor(n: number, options: SamplerOptions) {
    checkSamplerOptions(n, options);
    this.n = n;
    this.batchSize = options.batchSize;
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.batchesPerEpoch = this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    this.rng = new Rng(options.seed ?? 0);
    this.rngAtEpochStart = this.rng.state();
  }

  /** Epochs started so far. */
  get epoch(): number {
    return this.epochCount;
  }

  /** Batches of the current epoch handed out so far (batchesPerEpoch once it is used up). */
  get batch(): number {
    return this.batchCount;
  }

  /** True when the next batch starts a new epoch. */
  get atEpochEnd(): boolean {
    return this.order === null || this.batchCount === this.batchesPerEpoch;
  }

  private drawOrder(): Int32Array {
    if (this.shuffle) return this.rng.permutation(this.n);
    const order = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    return order;
  }

  private startEpoch(): Int32Array {
    this.rngAtEpochStart = this.rng.state();
    const order = this.drawOrder();
    this.order = order;
    this.epochCount++;
    this.batchCount = 0;
    return order;
  }

  /**
   * Start a new epoch and hand out all of it at once: the example order (a permutation of 0..n-1,
   * cut to batchesPerEpoch·batchSize with dropLast). The rest of an unfinished epoch is skipped.
   */
  nextEpoch(): Int32Array {
    const order = this.startEpoch();
    this.batchCount = this.batchesPerEpoch;
    return order.slice(0, Math.min(this.n, this.batchesPerEpoch * this.batchSize));
  }

  /** The next batch's example indices; starts a new epoch when the current one is used up. */
  nextBatch(): Int32Array {
    const order = this.atEpochEnd ? this.startEpoch() : (this.order as Int32Array);
    const start = this.batchCount * this.batchSize;
    this.batchCount++;
    return order.slice(start, Math.min(this.n, start + this.batchSize));
  }

  state(): EpochSamplerState {
    const rng = this.rngAtEpochStart;
    return {
      n: this.n,
      batchSize: this.batchSize,
      shuffle: this.shuffle,
      dropLast: this.dropLast,
      epoch: this.epochCount,
      batch: this.batchCount,
      rng: { s: [rng.s[0], rng.s[1], rng.s[2], rng.s[3]], spare: rng.spare },
    };
  }

  /** A sampler that continues exactly where the one that produced `state` was. */
  static fromState(state: EpochSamplerState): EpochSampler {
    if (typeof state !== "object" || state === null || typeof state.rng !== "object" || state.rng === null) {
      throw new TypeError(`state must be an EpochSamplerState, got ${JSON.stringify(state)}`);
    }
    const sampler = new EpochSampler(state.n, {
      batchSize: state.batchSize,
      shuffle: state.shuffle,
      dropLast: state.dropLast,
      seed: 0, // replaced by the saved stream below
    });
    const { epoch, batch } = state;
    assertInteger("state.epoch", epoch, 0);
    const maxBatch = epoch === 0 ? 0 : sampler.batchesPerEpoch;
    if (!Number.isInteger(batch) || batch < 0 || batch > maxBatch) {
      throw new RangeError(`state.batch must be an integer in [0, ${maxBatch}], got ${batch}`);
    }
    assertRngState("state.rng", state.rng);
    sampler.rng = Rng.fromState(state.rng);
    sampler.rngAtEpochStart = sampler.rng.state();
    if (epoch > 0) sampler.order = sampler.drawOrder(); // redraw the current epoch's permutation
    sampler.epochCount = epoch;
    sampler.batchCount = batch;
    return sampler;
  }
}

// A type alias, so that it is a tf.TensorContainer (tf.dispose(batch)).
export type Batch<X extends tf.Tensor = tf.Tensor, Y extends tf.Tensor = tf.Tensor> = {
  x: X;
  y: Y;
};

/**
 * The batches of one epoch as tensors gathered from `data` (the caller disposes each batch).
 * With options, a fresh sampler gives one epoch (the same seed gives the same epoch); pass an
 * `EpochSampler` to go on through later epochs, each reshuffled: it yields the rest of the current
 * epoch, or the next epoch if the current one is used up.
 *
 *   const sampler = new EpochSampler(n, { batchSize: 128, seed: 1 });
 *   for (let epoch = 0; epoch < 3; epoch++)
 *     for (const { x, y } of batches(train, sampler)) { ...; tf.dispose([x, y]); }
 */
export function batches<X extends tf.Tensor, Y extends tf.Tensor>(
  data: Batch<X, Y>,
  source: SamplerOptions | EpochSampler,
): Generator<Batch<X, Y>, void, undefined> {
  if (typeof data !== "object" || data === null || !(data.x instanceof tf.Tensor) || !(data.y instanceof tf.Tensor)) {
    throw new TypeError("data must be { x: tf.Tensor, y: tf.Tensor }");
  }
  const n = data.x.shape[0];
  if (data.x.rank === 0 || data.y.rank === 0 || data.y.shape[0] !== n) {
    throw new RangeError(`data.x [${data.x.shape}] and data.y [${data.y.shape}] must have the same first dimension`);
  }
  const sampler = source instanceof EpochSampler ? source : new EpochSampler(n, source);
  if (sampler.n !== n) throw new RangeError(`the sampler is for ${sampler.n} examples, but data has ${n}`);
  return gatherBatches(data, sampler);
}

function* gatherBatches<X extends tf.Tensor, Y extends tf.Tensor>(data: Batch<X, Y>, sampler: EpochSampler): Generator<Batch<X, Y>, void, undefined> {
  do {
    const indices = sampler.nextBatch();
    yield tf.tidy(() => {
      const at = tf.tensor1d(indices, "int32");
      return { x: tf.gather(data.x, at) as X, y: tf.gather(data.y, at) as Y };
    });
  } while (!sampler.atEpochEnd);
}
