// CIFAR-10 in its binary format (A. Krizhevsky, 2009, https://www.cs.toronto.edu/~kriz/cifar.html):
// 32×32 colour images, 10 classes, 50,000 train examples in data_batch_1.bin ... data_batch_5.bin and
// 10,000 test examples in test_batch.bin. Each record is 3073 bytes: one label byte (0-9), then
// 1024 red, 1024 green and 1024 blue bytes, each plane row-major. The loader returns NHWC.
//
// The data cannot be fetched by `npm run setup`: neither npm nor Debian carries it, and set-up works
// offline. To use it, download the "CIFAR-10 binary version (suitable for C programs)",
// https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (162 MB), and unpack it inside
// data/datasets/:
//
//   cd data/datasets && tar xzf /path/to/cifar-10-binary.tar.gz
//
// which creates data/datasets/cifar-10-batches-bin/ holding data_batch_1.bin ... data_batch_5.bin,
// test_batch.bin and batches.meta.txt. The project's default experiments run on MNIST and
// Fashion-MNIST instead (docs: scale of this reproduction).
import * as fs from "fs";
import * as path from "path";
import { cachedDecode, checkSplit, datasetsDir, findDatasetFile, Split } from "./dataset-files";
import { ByteImages, LabelledImages, toLabelledImages } from "./labelled-images";
import { checkSubsetOptions, selectSubset, SubsetOptions } from "./subsets";

export const CIFAR10_CLASSES: readonly string[] = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

export const CIFAR10_FOLDER = "cifar-10-batches-bin";
export const CIFAR10_FILES: Readonly<Record<Split, readonly string[]>> = {
  train: ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
  test: ["test_batch.bin"],
};

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

const HINT =
  "CIFAR-10 cannot be downloaded by `npm run setup` (it works offline): download " +
  "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and unpack it in data/datasets/ " +
  `(\`cd data/datasets && tar xzf cifar-10-binary.tar.gz\`), which creates data/datasets/${CIFAR10_FOLDER}/ ` +
  "with data_batch_1.bin ... data_batch_5.bin and test_batch.bin (see lib/data/cifar10.ts).";

export interface Cifar10Options extends SubsetOptions {
  split: Split;
  /** Folder holding the .bin files; defaults to data/datasets/cifar-10-batches-bin/ in this repository. */
  dir?: string;
}

/** Decode one binary batch (any whole number of records) into NHWC bytes and labels. */
export function parseCifar10Batch(bytes: Uint8Array, source = "CIFAR-10 batch"): ByteImages {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new RangeError(`${source}: ${bytes.length} bytes is not a whole number of ${RECORD}-byte records (truncated or not a CIFAR-10 binary batch)`);
  }
  const count = bytes.length / RECORD;
  const images = new Uint8Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const record = i * RECORD;
    const label = bytes[record];
    if (label >= CIFAR10_CLASSES.length) {
      throw new RangeError(`${source}: record ${i} has label ${label}, not a class id in [0, 9]`);
    }
    labels[i] = label;
    const out = i * 3 * PLANE;
    // Channel-major (planes R, G, B) to pixel-major (R G B per pixel).
    for (let channel = 0; channel < 3; channel++) {
      const plane = record + 1 + channel * PLANE;
      for (let p = 0; p < PLANE; p++) images[out + 3 * p + channel] = bytes[plane + p];
    }
  }
  return { images, labels, count, height: SIDE, width: SIDE, channels: 3 };
}

// Keyed weakly by the first cached batch, so clearDatasetCache() frees the joined split too.
const joinedSplits = new WeakMap<ByteImages, { parts: ByteImages[]; value: ByteImages }>();

/** The raw NHWC bytes of a split (shared with the cache: do not modify). */
export function readCifar10Bytes(split: Split, dir?: string): ByteImages {
  checkSplit(split);
  const folder = dir ?? path.join(datasetsDir(), CIFAR10_FOLDER);
  const batches = CIFAR10_FILES[split].map((name) => {
    const file = findDatasetFile(folder, [name], "CIFAR-10", HINT);
    return cachedDecode(file, "cifar10", (f) => parseCifar10Batch(fs.readFileSync(f), f));
  });
  if (batches.length === 1) return batches[0];
  // The joined train split is 150 MB: keep it while its five cached batches are unchanged.
  const joined = joinedSplits.get(batches[0]);
  if (joined && joined.parts.length === batches.length && joined.parts.every((b, i) => b === batches[i])) {
    return joined.value;
  }
  const count = batches.reduce((sum, b) => sum + b.count, 0);
  const images = new Uint8Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const batch of batches) {
    images.set(batch.images, at * 3 * PLANE);
    labels.set(batch.labels, at);
    at += batch.count;
  }
  const value: ByteImages = { images, labels, count, height: SIDE, width: SIDE, channels: 3 };
  joinedSplits.set(batches[0], { parts: batches, value });
  return value;
}

/** CIFAR-10 as tensors: x [n, 32, 32, 3] float32 in [0, 1] (NHWC), y [n] int32. Options as subsets.ts. */
export function loadCifar10(options: Cifar10Options): LabelledImages {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object with a split, got ${String(options)}`);
  }
  checkSplit(options.split);
  checkSubsetOptions(options, CIFAR10_CLASSES.length);
  const data = readCifar10Bytes(options.split, options.dir);
  return toLabelledImages(data, selectSubset(data.labels, CIFAR10_CLASSES.length, options));
}
