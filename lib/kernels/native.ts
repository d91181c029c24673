// The native accelerator of the wasm backend: GEMM, convolution, pooling, PGD's elementwise kernels, softplus
// and the update steps of PGD and SGD (./steps.ts) on oneDNN (native/, built by scripts/build-native.sh),
// registered as wasm kernels that read and write the tensors in place in the wasm heap. wasm's own GEMM
// is single-threaded SIMD128 at 30–40 GFLOP/s; oneDNN's dnnl_sgemm runs at the core's native width (about 110 GFLOP/s per core on
// the AMD EPYC machines measured, 190–240 on AVX-512 Intel ones; docs/toolchain.md §3.7) on up to two
// threads. Registered in the wasm backend, not the cpu one, because there the elementwise kernels stay
// fast too. Whatever a native kernel does not cover (dtype, layout, activation) goes to the kernel it
// replaced. AT_NATIVE=0 turns it off; AT_NATIVE_THREADS caps its threads (default: up to 2).
import * as os from "os";
import * as tf from "@tensorflow/tfjs";
import { NATIVE_ADDON_PATH } from "../core/paths";
import { loadAddon, OnednnAddon } from "./native/addon";
import { nativeBatchMatMul } from "./native/batch-matmul";
import { nativeConv2D } from "./native/conv2d";
import { nativeConv2DBackpropFilter } from "./native/conv2d-backprop-filter";
import { nativeConv2DBackpropInput } from "./native/conv2d-backprop-input";
import { nativeFusedConv2D } from "./native/fused-conv2d";
import { nativeFusedMatMul } from "./native/fused-matmul";
import { nativeMaxPool } from "./native/max-pool";
import { nativeMaxPoolGrad } from "./native/max-pool-grad";
import { nativeAvgPoolGrad } from "./native/avg-pool-grad";
import { nativeMaximum, nativeMinimum } from "./native/maximum-minimum";
import { nativeMean, nativeSum } from "./native/reduce";
import { nativeSign } from "./native/sign";
import { nativeSoftplus } from "./native/softplus";
import { registerNativeSteps } from "./native/steps";
import { registerNativeCrossEntropyHead } from "./native/cross-entropy-head";
import { KernelFunc, overrideKernel } from "./register";
import { wasmInternalsProblems } from "./wasm-internals";

export interface NativeStatus {
  /** Whether the native kernels are registered in the wasm backend. */
  loaded: boolean;
  /** Why not, or what was loaded: "AT_NATIVE=0", "addon not built: <path> ...", "loaded oneDNN 2.6.3 ...". */
  reason: string;
  /** The library doing the work, e.g. "oneDNN 2.6.3", when loaded. */
  library?: string;
}

/** The kernels the addon provides, each wrapping the wasm kernel registered before it. */
const NATIVE_KERNELS: Record<string, (addon: OnednnAddon, previous: KernelFunc | undefined) => KernelFunc> = {
  BatchMatMul: nativeBatchMatMul,
  _FusedMatMul: nativeFusedMatMul,
  Conv2D: nativeConv2D,
  FusedConv2D: nativeFusedConv2D,
  Conv2DBackpropInput: nativeConv2DBackpropInput,
  Conv2DBackpropFilter: nativeConv2DBackpropFilter,
  MaxPool: nativeMaxPool,
  MaxPoolGrad: nativeMaxPoolGrad,
  AvgPoolGrad: nativeAvgPoolGrad,
  Sign: nativeSign,
  Softplus: nativeSoftplus,
  Maximum: nativeMaximum,
  Minimum: nativeMinimum,
  Sum: nativeSum,
  Mean: nativeMean,
};

/**
 * Work below this many multiply-adds runs on one thread: waking a worker costs more than it saves
 * (measured on 2 cores: two threads double 1.3e7-multiply-add GEMMs, and gain nothing at 4e6).
 */
export const PARALLEL_MULTIPLY_ADDS = 1e7;

let status: NativeStatus | null = null;

/** Threads the addon may use: AT_NATIVE_THREADS, else up to 2. */
export function nativeThreadCount(): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const requested = Number(process.env.AT_NATIVE_THREADS);
  return Number.isInteger(requested) && requested >= 1 ? requested : Math.max(1, Math.min(2, cores));
}

function attempt(): NativeStatus {
  if (process.env.AT_NATIVE === "0") return { loaded: false, reason: "AT_NATIVE=0" };
  const problems = wasmInternalsProblems();
  if (problems.length > 0) return { loaded: false, reason: `tfjs wasm internals differ from the pinned ones: ${problems.join("; ")}` };
  const load = loadAddon();
  // `in`, not `=== null`: tslab compiles without strictNullChecks, where null does not narrow a union.
  if ("reason" in load) return { loaded: false, reason: load.reason };
  const addon = load.addon;
  let library: string;
  try {
    const threads = nativeThreadCount();
    addon.configure(threads, PARALLEL_MULTIPLY_ADDS);
    library = addon.info().library;
    for (const [name, make] of Object.entries(NATIVE_KERNELS)) {
      overrideKernel("native-onednn", name, "wasm", (previous) => make(addon, previous));
    }
    registerNativeSteps(addon);
    registerNativeCrossEntropyHead(addon);
    return { loaded: true, library, reason: `loaded ${library} (${threads} threads max) from ${load.path}` };
  } catch (error) {
    return { loaded: false, reason: `addon failed to initialise: ${String((error as Error).message ?? error).split("\n")[0]}` };
  }
}

/**
 * Register the native kernels into the wasm backend (call after the wasm backend is initialised and the
 * kernel fixes are installed, so they are the fallback). Idempotent. Returns whether they are in use;
 * when they cannot be (addon not built, failed to load, internals changed), prints one line saying so
 * and the library keeps running on wasm with the kernel fixes.
 */
export function installNativeKernels(): boolean {
  if (status !== null) return status.loaded;
  if (tf.findBackend("wasm") === null) {
    // Not an error of the accelerator: nothing to attach to yet, so do not remember the outcome.
    return false;
  }
  status = attempt();
  if (!status.loaded && status.reason !== "AT_NATIVE=0") {
    console.warn(`[at] native kernels off (${status.reason}); running on wasm with the kernel fixes`);
  }
  return status.loaded;
}

/** Whether the native kernels are in use and why (reads AT_NATIVE itself if install never ran). */
export function nativeStatus(): NativeStatus {
  if (status !== null) return { ...status };
  if (process.env.AT_NATIVE === "0") return { loaded: false, reason: "AT_NATIVE=0" };
  return { loaded: false, reason: `not installed (installNativeKernels() runs when the wasm backend is initialised; addon ${NATIVE_ADDON_PATH})` };
}
