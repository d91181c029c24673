// Replacing tfjs kernels in place, and calling kernels from inside kernels.
//
// Fixes are registered as kernels, not as gradients, so every caller benefits: tf.grad, tf.layers,
// optimizers. A replacement wraps the kernel registered before it ("previous"), so it can hand over the
// cases it does not cover, and layers stack: stock → kernel fix → native kernel. The kernels tfjs shipped
// are remembered, so tests and benchmarks can compare with them (`stockKernel`, `withStockKernels`).
import * as tf from "@tensorflow/tfjs";

export type KernelFunc = tf.KernelConfig["kernelFunc"];
export type KernelArgs = Parameters<KernelFunc>[0];
export type Backend = KernelArgs["backend"];

/** What tfjs shipped for "<backend>/<kernel>", captured before the first replacement (undefined: none). */
const stock = new Map<string, tf.KernelConfig | undefined>();
/** Tags of the replacements installed so far: installing one twice is a no-op. */
const installed = new Set<string>();

const key = (kernelName: string, backendName: string) => `${backendName}/${kernelName}`;

function reregister(kernelName: string, backendName: string, config: tf.KernelConfig | undefined): void {
  if (tf.getKernel(kernelName, backendName) !== undefined) tf.unregisterKernel(kernelName, backendName);
  if (config !== undefined) tf.registerKernel(config);
}

/**
 * Replace `kernelName` on `backendName` by `make(previous)`, where `previous` is the kernel registered
 * now (undefined when the backend lacks it). The replacement keeps the previous config's setupFunc and
 * disposeFunc (wasm kernels bind their C functions there). Idempotent per `tag`; returns whether it
 * installed now.
 */
export function overrideKernel(tag: string, kernelName: string, backendName: string, make: (previous: KernelFunc | undefined) => KernelFunc): boolean {
  const id = `${tag}:${key(kernelName, backendName)}`;
  if (installed.has(id)) return false;
  const current = tf.getKernel(kernelName, backendName);
  if (!stock.has(key(kernelName, backendName))) stock.set(key(kernelName, backendName), current);
  const kernelFunc = make(current?.kernelFunc);
  reregister(kernelName, backendName, { ...current, kernelName, backendName, kernelFunc });
  installed.add(id);
  return true;
}

/** The kernel as tfjs shipped it (before any replacement from this folder), or undefined if it has none. */
export function stockKernel(kernelName: string, backendName: string): KernelFunc | undefined {
  const k = key(kernelName, backendName);
  return stock.has(k) ? stock.get(k)?.kernelFunc : tf.getKernel(kernelName, backendName)?.kernelFunc;
}

/** Names of the kernels replaced on `backendName` so far. */
export function replacedKernels(backendName: string): string[] {
  return [...stock.keys()].filter((k) => k.startsWith(`${backendName}/`)).map((k) => k.slice(backendName.length + 1));
}

/**
 * Run `fn` with the stock kernels of `backendName` registered again, then restore the replacements
 * (also when `fn` throws). Synchronous on purpose: no other code can run while the registry is swapped.
 */
export function withStockKernels<T>(backendName: string, fn: () => T): T {
  const names = replacedKernels(backendName);
  const current = names.map((name) => tf.getKernel(name, backendName));
  names.forEach((name) => reregister(name, backendName, stock.get(key(name, backendName))));
  try {
    return fn();
  } finally {
    names.forEach((name, i) => reregister(name, backendName, current[i]));
  }
}

/** A reshaped alias of a tensor's data; only valid as an input to another kernel (it owns no reference). */
export function view(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * Runs kernels of one backend from inside a kernel and frees their outputs (the intermediates) when
 * done, except the one handed back with `keep`. Kernels are looked up at call time, so a composite
 * kernel uses whatever is registered then (a native GEMM, if installed).
 */
export class KernelScope {
  private readonly temporaries: tf.TensorInfo[] = [];

  constructor(
    readonly backendName: string,
    readonly backend: Backend,
  ) {}

  run(kernelName: string, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown> = {}): tf.TensorInfo {
    return this.runMany(kernelName, inputs, attrs)[0];
  }

  runMany(kernelName: string, inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[], attrs: Record<string, unknown> = {}): tf.TensorInfo[] {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (kernel === undefined) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    const out = kernel.kernelFunc({ inputs: inputs as KernelArgs["inputs"], backend: this.backend, attrs: attrs as KernelArgs["attrs"] });
    const outputs = Array.isArray(out) ? out : [out];
    this.temporaries.push(...outputs);
    return outputs;
  }

  /** Take `info` (an output of `run`, possibly through `view`) out of the scope: the caller now owns it. */
  keep(info: tf.TensorInfo): tf.TensorInfo {
    const i = this.temporaries.findIndex((t) => t.dataId === info.dataId);
    if (i < 0) throw new Error("KernelScope.keep: not an output of this scope");
    this.temporaries.splice(i, 1);
    return info;
  }

  dispose(): void {
    const backend = this.backend as tf.KernelBackend;
    for (const t of this.temporaries.splice(0)) backend.disposeData(t.dataId);
  }
}

/** Run `body` with a fresh scope; intermediates are freed even when it throws. */
export function withScope<T>(backendName: string, backend: Backend, body: (scope: KernelScope) => T): T {
  const scope = new KernelScope(backendName, backend);
  try {
    return body(scope);
  } finally {
    scope.dispose();
  }
}
