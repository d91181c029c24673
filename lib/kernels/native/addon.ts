// Loading the oneDNN addon built from native/ (scripts/build-native.sh) and its typed surface.
import * as fs from "fs";
import * as path from "path";
import { NATIVE_ADDON_PATH } from "../../core/paths";

/**
 * The addon's kernels. Each takes the wasm heap and a Float64Array of shape numbers followed by byte
 * offsets of its tensors in that heap (native/src/addon.cc documents each layout) and writes its output
 * in place.
 */
export interface OnednnAddon {
  matMul(heap: ArrayBuffer, params: Float64Array): void;
  conv2d(heap: ArrayBuffer, params: Float64Array): void;
  conv2dBackpropInput(heap: ArrayBuffer, params: Float64Array): void;
  conv2dBackpropFilter(heap: ArrayBuffer, params: Float64Array): void;
  maxPool(heap: ArrayBuffer, params: Float64Array): void;
  maxPoolGrad(heap: ArrayBuffer, params: Float64Array): void;
  avgPoolGrad(heap: ArrayBuffer, params: Float64Array): void;
  softplus(heap: ArrayBuffer, params: Float64Array): void;
  sign(heap: ArrayBuffer, params: Float64Array): void;
  maximumMinimum(heap: ArrayBuffer, params: Float64Array): void;
  reduceSum(heap: ArrayBuffer, params: Float64Array): void;
  projectedStep(heap: ArrayBuffer, params: Float64Array): void;
  sgdUpdate(heap: ArrayBuffer, params: Float64Array): void;
  crossEntropyHead(heap: ArrayBuffer, params: Float64Array): void;
  /**
   * The library, the thread settings, how many parallel regions ran and found their worker late, how
   * many convolutions oneDNN's convolution primitives served, and how many of those with Winograd.
   */
  info(): {
    library: string;
    maxThreads: number;
    parallelThreshold: number;
    parallelRegions: number;
    lateWorkers: number;
    convolutionPrimitiveCalls: number;
    winogradCalls: number;
  };
  /**
   * Work of at least `parallelThreshold` multiply-adds uses up to `maxThreads` threads; `guard`
   * (default true) drops to one thread while another process holds the second core; `primitives`
   * (default true) lets oneDNN's convolution primitives serve the shapes they cover, the rest going
   * through im2col + GEMM.
   */
  configure(maxThreads: number, parallelThreshold: number, guard?: boolean, primitives?: boolean): void;
}

export type AddonLoad = { addon: OnednnAddon; path: string } | { addon: null; reason: string };

/** Load the addon, or say in a few words why it cannot be. */
export function loadAddon(file: string = NATIVE_ADDON_PATH): AddonLoad {
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) return { addon: null, reason: `addon not built: ${shown} (run scripts/build-native.sh)` };
  // OpenMP's workers (oneDNN's convolution primitives; the addon's own loops have workers of their own,
  // native/src/threads.cc) sleep as soon as a parallel region ends instead of spinning: a spinning worker
  // holds the second core that V8's garbage-collector and compiler threads and a second process need
  // (with GOMP_SPINCOUNT=3e5, two bench processes side by side ran PGD-10 10x slower). libgomp reads
  // this once, when the addon loads it.
  if (process.env.OMP_WAIT_POLICY === undefined) process.env.OMP_WAIT_POLICY = "passive";
  try {
    return { addon: require(file) as OnednnAddon, path: shown };
  } catch (error) {
    const message = String((error as Error).message ?? error).split("\n")[0];
    return { addon: null, reason: `addon failed to load: ${message}` };
  }
}
