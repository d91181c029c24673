// Fashion-MNIST: 28×28 grey images of Zalando articles, 60,000 train and 10,000 test examples,
// 10 balanced classes. H. Xiao, K. Rasul and R. Vollgraf, Zalando Research (2017), MIT licence,
// https://github.com/zalandoresearch/fashion-mnist. Set-up copies (gunzipped) the official files from
// the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/) to
// data/datasets/fashion-mnist/.
import { ByteImages, LabelledImages } from "./labelled-images";
import { Split } from "./dataset-files";
import { loadMnistLike, MnistLikeDataset, MnistLikeOptions, readMnistLikeSplit } from "./mnist-like";

export const FASHION_MNIST: MnistLikeDataset = {
  title: "Fashion-MNIST",
  folder: "fashion-mnist",
  classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
  splitSizes: { train: 60000, test: 10000 },
  setupHint:
    "Prepare the data sets with `npm run setup` (or `npx tsx scripts/prepare-datasets.ts`); " +
    "Fashion-MNIST comes from the Debian package dataset-fashion-mnist (`sudo apt-get install dataset-fashion-mnist`).",
};

/**
 * Fashion-MNIST as tensors: x [n, 28, 28, 1] float32 in [0, 1], y [n] int32. The T-shirt-vs-shirt
 * task is `classes: [0, 6]`. Options as for loadMnist (subsets.ts).
 */
export function loadFashionMnist(options: MnistLikeOptions): LabelledImages {
  return loadMnistLike(FASHION_MNIST, options);
}

/** Fashion-MNIST's raw bytes (shared with the cache: do not modify). */
export function readFashionMnistBytes(split: Split, dir?: string): ByteImages {
  return readMnistLikeSplit(FASHION_MNIST, split, dir);
}
