// Where things live in the repository. Found from this file's own location, never from the working
// directory, so the library works from any cwd: mocha at the root, a notebook kernel (which starts in
// the root, jupyter/kernels/tslab/start-kernel.cjs), a script elsewhere.
import * as path from "path";

/** The repository root: lib/core/ sits two levels below it. */
export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

/** Prepared data sets (`npm run setup`, scripts/prepare-datasets.ts); not committed. */
export const DATASETS_DIR = path.join(REPOSITORY_ROOT, "data", "datasets");

/** Recorded results of long runs (lib/results); committed. */
export const RESULTS_DIR = path.join(REPOSITORY_ROOT, "data", "results");

/** Training checkpoints (lib/train/checkpoint.ts); not committed. */
export const CHECKPOINTS_DIR = path.join(REPOSITORY_ROOT, "data", "checkpoints");

/** The native oneDNN addon, where scripts/build-native.sh puts it. */
export const NATIVE_ADDON_PATH = path.join(REPOSITORY_ROOT, "native", "build", "Release", "onednn_kernels.node");

/** Records of quick-scale runs from the command line (build/ is not committed). */
export const BUILD_RESULTS_DIR = path.join(REPOSITORY_ROOT, "build", "results");
