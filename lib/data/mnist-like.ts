// Loader shared by MNIST and Fashion-MNIST: the same IDX layout (28×28 grey images, 10 classes,
// 60,000 train and 10,000 test examples), prepared by `npm run setup` into data/datasets/<name>/.
// Files are looked up uncompressed first (how set-up stores them: 5× faster to read than gunzipping
// on every kernel start), then gzipped.
import * as path from "path";
import { cachedDecode, checkSplit, datasetsDir, findDatasetFile, Split } from "./dataset-files";
import { readIdxFile } from "./idx";
import { ByteImages, LabelledImages, toLabelledImages } from "./labelled-images";
import { checkSubsetOptions, selectSubset, SubsetOptions } from "./subsets";

export interface MnistLikeDataset {
  /** Human-readable name, for messages. */
  readonly title: string;
  /** Folder under data/datasets/. */
  readonly folder: string;
  readonly classNames: readonly string[];
  readonly splitSizes: Readonly<Record<Split, number>>;
  /** What to do when a file is missing. */
  readonly setupHint: string;
}

export interface MnistLikeOptions extends SubsetOptions {
  split: Split;
  /** Folder holding the IDX files; defaults to data/datasets/<dataset folder>/ in this repository. */
  dir?: string;
}

const FILE_PREFIX: Record<Split, string> = { train: "train", test: "t10k" };

function readIdxCached(dir: string, name: string, dataset: MnistLikeDataset) {
  const file = findDatasetFile(dir, [name, `${name}.gz`], dataset.title, dataset.setupHint);
  return cachedDecode(file, "idx", readIdxFile);
}

/**
 * The raw bytes of one split, checked for consistent counts, 28×28 images and labels < 10. The arrays
 * are shared with the in-memory cache: read them, do not modify them.
 */
export function readMnistLikeSplit(dataset: MnistLikeDataset, split: Split, dir?: string): ByteImages {
  checkSplit(split);
  const folder = dir ?? path.join(datasetsDir(), dataset.folder);
  const images = readIdxCached(folder, `${FILE_PREFIX[split]}-images-idx3-ubyte`, dataset);
  const labels = readIdxCached(folder, `${FILE_PREFIX[split]}-labels-idx1-ubyte`, dataset);
  const [count, height, width] = images.dims;
  if (images.dims.length !== 3 || height !== 28 || width !== 28 || labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new RangeError(
      `${dataset.title} ${split}: expected images [n, 28, 28] and labels [n], got [${images.dims.join(", ")}] and [${labels.dims.join(", ")}]`,
    );
  }
  const numClasses = dataset.classNames.length;
  for (let i = 0; i < count; i++) {
    if (labels.data[i] >= numClasses) {
      throw new RangeError(`${dataset.title} ${split}: label ${labels.data[i]} at position ${i} is not a class id`);
    }
  }
  return { images: images.data, labels: labels.data, count, height, width, channels: 1 };
}

/** A split (or a subset of it, see subsets.ts) as fresh tensors: x [n, 28, 28, 1] in [0, 1], y int32. */
export function loadMnistLike(dataset: MnistLikeDataset, options: MnistLikeOptions): LabelledImages {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object with a split, got ${String(options)}`);
  }
  checkSplit(options.split);
  const numClasses = dataset.classNames.length;
  // With a custom dir the split may be smaller (a test's file); check its size once it is read.
  checkSubsetOptions(options, numClasses, options.dir === undefined ? dataset.splitSizes[options.split] : undefined);
  const data = readMnistLikeSplit(dataset, options.split, options.dir);
  return toLabelledImages(data, selectSubset(data.labels, numClasses, options));
}
