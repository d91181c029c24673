// Kernel registrations that make training possible and fast on the wasm and cpu backends
// (docs/toolchain.md §3.4). Each fix is registered as a kernel, so tf.grad, tf.layers and optimizers all
// use it; each is tested against the stock cpu kernel in test/kernels/.
import { installConv2DBackpropFilter } from "./conv2d-backprop-filter";
import { installCpuMaxPoolGrad } from "./cpu-max-pool-grad";
import { installWasmBatchMatMul } from "./wasm-batch-matmul";
import { installWasmBroadcastCompare } from "./wasm-broadcast-compare";
import { installWasmCast } from "./wasm-cast";
import { installWasmChannelBroadcast } from "./wasm-channel-broadcast";
import { installWasmConv2DBackpropInput } from "./wasm-conv2d-backprop-input";
import { installWasmIdentity } from "./wasm-identity";
import { installWasmMaxPoolGrad } from "./wasm-max-pool-grad";
import { installWasmReductions } from "./wasm-reduce";
import { installWasmSign } from "./wasm-sign";

export { replacedKernels, stockKernel, withStockKernels } from "./register";
export { normalTensor, uniformTensor } from "./random-tensors";

/**
 * wasm: matMul with transpose flags through XNNPACK, the missing Conv2DBackpropFilter, stride-1
 * Conv2DBackpropInput, non-overlapping MaxPoolGrad, an exact Sign (PGD's step) and per-channel
 * broadcasts (bias adds) on wide rows as fast kernel compositions; float32 Sum, Mean and Prod over any
 * axes accumulated in float64 instead of one float32 running value, and broadcasting comparisons, as
 * loops over the heap; Identity / same-dtype Cast sharing data instead of copying it. Idempotent.
 */
export function installWasmKernelFixes(): void {
  installWasmBatchMatMul();
  installConv2DBackpropFilter("wasm");
  installWasmConv2DBackpropInput();
  installWasmMaxPoolGrad();
  installWasmReductions();
  installWasmSign();
  installWasmChannelBroadcast();
  installWasmBroadcastCompare();
  installWasmIdentity();
  installWasmCast();
}

/**
 * cpu: Conv2DBackpropFilter as one convolution (the stock loop is about 50x slower) and MaxPoolGrad as
 * one typed-array loop. Idempotent.
 */
export function installCpuKernelFixes(): void {
  installConv2DBackpropFilter("cpu");
  installCpuMaxPoolGrad();
}
