// The native accelerator's switch and report: on with the addon built, off with AT_NATIVE=0 (the suite
// runs both ways), one-line reason otherwise; the addon refuses calls outside the heap.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../../lib/backend";
import { installWasmKernelFixes } from "../../lib/kernels";
import { installNativeKernels, nativeStatus } from "../../lib/kernels/native";
import { loadAddon } from "../../lib/kernels/native/addon";

describe(`kernels: native accelerator status [${process.env.AT_BACKEND ?? "default"}]`, () => {
  const onWasm = () => tf.getBackend() === "wasm";

  it("AT_NATIVE=0 turns it off and says so", function () {
    if (process.env.AT_NATIVE !== "0") this.skip();
    assert.deepEqual(nativeStatus(), { loaded: false, reason: "AT_NATIVE=0" });
    assert.equal(installNativeKernels(), false);
    assert.notEqual(activeBackend(), "wasm+native");
  });

  it("on wasm it is loaded (reported as wasm+native) or says why not", function () {
    if (!onWasm() || process.env.AT_NATIVE === "0") this.skip();
    const status = nativeStatus();
    if (status.loaded) {
      assert.match(status.reason, /^loaded oneDNN \d+\.\d+/);
      assert.match(status.library ?? "", /^oneDNN \d+\.\d+\.\d+$/);
      assert.equal(activeBackend(), "wasm+native");
    } else {
      assert.ok(status.reason.length > 0);
      assert.equal(activeBackend(), "wasm");
    }
  });

  it("installing twice changes nothing", function () {
    if (!onWasm()) this.skip();
    const before = ["BatchMatMul", "Conv2D", "Conv2DBackpropFilter", "MaxPoolGrad"].map((k) => tf.getKernel(k, "wasm"));
    installWasmKernelFixes();
    const loaded = nativeStatus().loaded;
    assert.equal(installNativeKernels(), loaded);
    const after = ["BatchMatMul", "Conv2D", "Conv2DBackpropFilter", "MaxPoolGrad"].map((k) => tf.getKernel(k, "wasm"));
    after.forEach((k, i) => assert.equal(k, before[i]));
  });

  it("is off on the cpu backend", function () {
    if (tf.getBackend() !== "cpu") this.skip();
    assert.equal(nativeStatus().loaded, false);
    assert.equal(activeBackend(), "cpu");
  });

  it("the addon rejects tensors outside the heap and wrong parameter lists", function () {
    const load = loadAddon();
    if (load.addon === null) this.skip();
    const heap = new ArrayBuffer(64);
    // 2x2 times 2x2 with the output placed past the end of a 64-byte heap.
    assert.throws(() => load.addon!.matMul(heap, Float64Array.of(1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 16, -1, 60)), RangeError);
    assert.throws(() => load.addon!.matMul(heap, Float64Array.of(1, 2, 2)), RangeError);
    assert.throws(() => load.addon!.sign(heap, Float64Array.of(4, 2, 16)), RangeError); // misaligned
    const ok = new Float32Array(heap);
    ok.set([1, 2, 3, 4, 5, 6, 7, 8]);
    load.addon.matMul(heap, Float64Array.of(1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 16, -1, 32));
    assert.deepEqual(Array.from(ok.subarray(8, 12)), [19, 22, 43, 50]);
  });

  it("the addon's reduceSum folds x as [outer, reduce, inner], sums and means, and rejects tensors outside the heap", function () {
    const load = loadAddon();
    if (load.addon === null) this.skip();
    const heap = new ArrayBuffer(64);
    const f = new Float32Array(heap);
    f.set([1, 2, 3, 4, 5, 6]);
    load.addon.reduceSum(heap, Float64Array.of(2, 3, 1, 0, 0, 32)); // rows [1 2 3], [4 5 6]
    assert.deepEqual(Array.from(f.subarray(8, 10)), [6, 15]);
    load.addon.reduceSum(heap, Float64Array.of(1, 2, 3, 1, 0, 32)); // column means of [[1 2 3], [4 5 6]]
    assert.deepEqual(Array.from(f.subarray(8, 11)), [2.5, 3.5, 4.5]);
    load.addon.reduceSum(heap, Float64Array.of(1, 3, 2, 0, 0, 32)); // [1, 3, 2]: sums down the middle axis
    assert.deepEqual(Array.from(f.subarray(8, 10)), [9, 12]);
    assert.throws(() => load.addon!.reduceSum(heap, Float64Array.of(1, 20, 1, 0, 0, 32)), RangeError); // x runs past the heap
    assert.throws(() => load.addon!.reduceSum(heap, Float64Array.of(2, 3, 1, 0, 0)), RangeError);
  });
});
