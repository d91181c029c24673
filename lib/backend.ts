// Choose and initialise the TensorFlow.js backend: tensorflow (tfjs-node's native addon) > wasm > cpu.
// The decision is made from `tf.getBackend()` after `setBackend` succeeds, never from a successful
// `require`, because a package can resolve while its native addon is missing (docs/toolchain.md §3.1).
import * as tf from "@tensorflow/tfjs";
import { assertOneOf } from "./core/validate";
import { installCpuKernelFixes, installWasmKernelFixes } from "./kernels";
import { installNativeKernels, nativeStatus } from "./kernels/native";

export const BACKENDS = ["tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

let active: string | null = null;

// The cpu backend prints a "looks like you are running TensorFlow.js in Node.js" banner on its first
// write. `tf.enableProdMode()` would hide it too, but also switches off debug checks for everybody, so
// only the banner's flag is cleared.
function silenceCpuBanner(): void {
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}

type ProcessEvent = "uncaughtException" | "unhandledRejection";
const PROCESS_EVENTS: ProcessEvent[] = ["uncaughtException", "unhandledRejection"];

// process typed as a plain emitter: its own typings overload listeners() per event name.
const emitter = process as NodeJS.EventEmitter;

function processListeners(): Map<ProcessEvent, Function[]> {
  return new Map(PROCESS_EVENTS.map((event) => [event, emitter.listeners(event)]));
}

// The Emscripten glue of tfjs-backend-wasm adds process listeners that re-throw every uncaught exception
// and unhandled rejection. In a notebook that kills the kernel on any stray error (tslab keeps it alive
// with listeners of its own), so the ones added while a backend loads are removed again. Scripts still
// stop on an uncaught error: that is Node's default without listeners.
function removeListenersAddedSince(before: Map<ProcessEvent, Function[]>): void {
  for (const event of PROCESS_EVENTS) {
    const old = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!old.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

async function tryBackend(name: BackendName): Promise<boolean> {
  if (name === "tensorflow") {
    try {
      // Throws "native addon module (tfjs_binding.node) can not be found" where it did not install.
      require("@tensorflow/tfjs-node");
    } catch {
      return false;
    }
  }
  if (name === "wasm") {
    require("@tensorflow/tfjs-backend-wasm");
  }
  const listeners = processListeners();
  const ok = await tf.setBackend(name);
  if (ok) await tf.ready();
  removeListenersAddedSince(listeners);
  if (!ok) return false;
  if (tf.getBackend() !== name) return false;
  if (name === "wasm") {
    installWasmKernelFixes();
    if (process.env.AT_NATIVE !== "0") installNativeKernels();
  }
  if (name === "cpu") {
    installCpuKernelFixes();
    silenceCpuBanner();
  }
  return true;
}

/** The backend in use, with "+native" when the native GEMM/conv kernels run inside wasm. */
export function activeBackend(): string {
  const name = tf.getBackend();
  return name === "wasm" && nativeStatus().loaded ? "wasm+native" : name;
}

export interface InitBackendOptions {
  /** Force one backend; defaults to the AT_BACKEND environment variable, else the fastest available. */
  prefer?: string;
  /** Do not print the one-line report. */
  quiet?: boolean;
}

/**
 * Initialise the fastest available backend (or the forced one) and return its name, e.g.
 * "wasm+native", "wasm" or "cpu". Calling it again is cheap and returns the same backend unless a
 * different one is forced.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<string> {
  const prefer = options.prefer ?? process.env.AT_BACKEND ?? undefined;
  if (prefer !== undefined && prefer !== "") assertOneOf("AT_BACKEND (or options.prefer)", prefer, BACKENDS);
  const wanted = prefer ? [prefer as BackendName] : [...BACKENDS];
  if (active !== null && wanted.includes(tf.getBackend() as BackendName)) return activeBackend();
  for (const name of wanted) {
    if (await tryBackend(name)) {
      active = activeBackend();
      // When the native kernels fail to load, installNativeKernels has already said why, in one line.
      if (!options.quiet) console.log(`[at] TensorFlow.js ${tf.version.tfjs} backend: ${active}`);
      return active;
    }
  }
  if (prefer) {
    const hint =
      prefer === "tensorflow"
        ? "@tensorflow/tfjs-node is an optional dependency whose install downloads libtensorflow; it is absent or its addon does not load here"
        : "it could not be initialised";
    throw new Error(`backend "${prefer}" was forced (AT_BACKEND) but ${hint}`);
  }
  throw new Error("no TensorFlow.js backend could be initialised (tried tensorflow, wasm, cpu)");
}
