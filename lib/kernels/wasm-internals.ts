// The internals of @tensorflow/tfjs-backend-wasm 4.22.0 that the native kernels rely on, typed in one
// place and checked before use.
//
// Tensors of the wasm backend live in the Emscripten heap: `dataIdMap.get(dataId).memoryOffset` is the
// byte offset of a tensor's data in `wasm.HEAPU8.buffer`, and `makeOutput(shape, dtype)` mallocs a new
// one there. The heap can grow on any allocation, which replaces the ArrayBuffer: the buffer must be
// fetched after the last allocation, right before the data is touched.
import * as tf from "@tensorflow/tfjs";

/** The pinned versions these internals were read from. */
export const PINNED_TFJS_VERSION = "4.22.0";

export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: string;
  refCount: number;
}

export interface WasmBackendInternals {
  dataIdMap: { get(dataId: object): WasmTensorData | undefined; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  wasm: { HEAPU8: Uint8Array };
}

/** The wasm backend's internals, typed; `backend` is what a kernel receives. */
export function wasmInternals(backend: unknown): WasmBackendInternals {
  return backend as WasmBackendInternals;
}

/** The heap as it is now (fetch it after allocating outputs: growth replaces the buffer). */
export function heapBuffer(backend: WasmBackendInternals): ArrayBuffer {
  return backend.wasm.HEAPU8.buffer as ArrayBuffer;
}

/** Byte offset of a tensor's data in the heap. */
export function byteOffset(backend: WasmBackendInternals, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error("tensor is not stored in the wasm backend");
  return data.memoryOffset;
}

function wasmPackageVersion(): string | undefined {
  try {
    return (require("@tensorflow/tfjs-backend-wasm") as { version_wasm?: string }).version_wasm;
  } catch {
    return undefined;
  }
}

/**
 * What differs from the internals above on the given backend (the active one by default): an empty list
 * when everything the native kernels use is there with the expected shape. Each entry says what changed.
 */
export function wasmInternalsProblems(backend: unknown = tf.findBackend("wasm")): string[] {
  const problems: string[] = [];
  if (tf.version.tfjs !== PINNED_TFJS_VERSION) problems.push(`@tensorflow/tfjs is ${tf.version.tfjs}, pinned ${PINNED_TFJS_VERSION}`);
  const wasmVersion = wasmPackageVersion();
  if (wasmVersion !== PINNED_TFJS_VERSION) problems.push(`@tensorflow/tfjs-backend-wasm is ${wasmVersion}, pinned ${PINNED_TFJS_VERSION}`);
  if (backend === null || backend === undefined) return [...problems, "the wasm backend is not initialised"];
  const b = backend as Partial<Record<string, unknown>> & { wasm?: Partial<Record<string, unknown>> };
  const map = b.dataIdMap as Partial<Record<string, unknown>> | undefined;
  if (typeof map?.get !== "function" || typeof map?.has !== "function") problems.push("backend.dataIdMap.get/has are gone");
  if (typeof b.makeOutput !== "function") problems.push("backend.makeOutput(shape, dtype) is gone");
  if (typeof b.disposeData !== "function") problems.push("backend.disposeData(dataId) is gone");
  if (!(b.wasm?.HEAPU8 instanceof Uint8Array)) problems.push("backend.wasm.HEAPU8 is no longer a Uint8Array");
  if (problems.length > 0) return problems;
  // Round trip: an output allocated by makeOutput must be the bytes at memoryOffset in the heap.
  const internals = wasmInternals(backend);
  const out = internals.makeOutput([2], "float32");
  try {
    const data = internals.dataIdMap.get(out.dataId);
    if (data === undefined || typeof data.memoryOffset !== "number") {
      problems.push("dataIdMap entries no longer carry a numeric memoryOffset");
    } else if (data.memoryOffset % 4 !== 0) {
      problems.push(`memoryOffset ${data.memoryOffset} is not 4-byte aligned`);
    } else {
      new Float32Array(heapBuffer(internals), data.memoryOffset, 2).set([1.5, -2.25]);
      const read = (backend as tf.KernelBackend).readSync(out.dataId) as Float32Array;
      if (read[0] !== 1.5 || read[1] !== -2.25) problems.push("tensor data no longer lives at memoryOffset in wasm.HEAPU8.buffer");
    }
  } finally {
    internals.disposeData(out.dataId);
  }
  return problems;
}
