// The data layer: MNIST and Fashion-MNIST (prepared by `npm run setup`), CIFAR-10 (binary format, user-
// supplied), seeded 2-D sets, subsets and resumable minibatches. Pixels are float32 in [0, 1], labels
// int32 class ids.
export type { IdxArray } from "./idx";
export { parseIdx, readIdxFile } from "./idx";
export type { Split } from "./dataset-files";
export { datasetsDir, clearDatasetCache } from "./dataset-files";
export type { SubsetOptions, Subset } from "./subsets";
export { selectSubset, stratifiedQuotas } from "./subsets";
export type { LabelledImages, ByteImages } from "./labelled-images";
export type { MnistLikeOptions, MnistLikeDataset } from "./mnist-like";
export { MNIST, loadMnist, readMnistBytes } from "./mnist";
export { FASHION_MNIST, loadFashionMnist, readFashionMnistBytes } from "./fashion-mnist";
export type { Cifar10Options } from "./cifar10";
export { CIFAR10_CLASSES, CIFAR10_FOLDER, loadCifar10, parseCifar10Batch, readCifar10Bytes } from "./cifar10";
export type { Points2d, Dataset2d, BlobsOptions, MoonsOptions, SeparableOptions } from "./synthetic-2d";
export { blobs, blobsFloat64, moons, moonsFloat64, separable, separableFloat64, separableDistances, toTensors2d } from "./synthetic-2d";
export type { SamplerOptions, EpochSamplerState, Batch } from "./batches";
export { EpochSampler, batches } from "./batches";
