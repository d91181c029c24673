// The native kernels and the wasm fixes rely on internals of @tensorflow/tfjs(-backend-wasm) 4.22.0.
// These tests fail loudly, saying what changed, when an upgrade moves them.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import * as wasmPackage from "@tensorflow/tfjs-backend-wasm";
import { replacedKernels, stockKernel } from "../../lib/kernels";
import { PINNED_TFJS_VERSION, wasmInternalsProblems } from "../../lib/kernels/wasm-internals";

/** Kernels the wasm fixes wrap or call, all shipped by tfjs-backend-wasm 4.22.0. */
const WASM_KERNELS_USED = [
  "BatchMatMul",
  "_FusedMatMul",
  "Conv2D",
  "FusedConv2D",
  "Conv2DBackpropInput",
  "MaxPool",
  "MaxPoolGrad",
  "Sum",
  "Mean",
  "Prod",
  "Sign",
  "Identity",
  "Cast",
  "Transpose",
  "Reverse",
  "Fill",
  "Step",
  "Sub",
  "Multiply",
  "Neg",
  "Relu6",
  "Cumprod",
  "PadV2",
  "Slice",
];

describe("kernels: pinned tfjs internals", () => {
  it(`tfjs and tfjs-backend-wasm are ${PINNED_TFJS_VERSION}, pinned exactly in package.json`, () => {
    assert.equal(tf.version.tfjs, PINNED_TFJS_VERSION, "@tensorflow/tfjs version changed: re-check lib/kernels/wasm-internals.ts");
    assert.equal(wasmPackage.version_wasm, PINNED_TFJS_VERSION, "@tensorflow/tfjs-backend-wasm version changed: re-check lib/kernels/wasm-internals.ts");
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    assert.equal(pkg.dependencies["@tensorflow/tfjs"], PINNED_TFJS_VERSION, "package.json must pin @tensorflow/tfjs exactly");
    assert.equal(pkg.dependencies["@tensorflow/tfjs-backend-wasm"], PINNED_TFJS_VERSION, "package.json must pin @tensorflow/tfjs-backend-wasm exactly");
  });

  it("the wasm backend class has the data map, output allocator, heap and reference counts used", () => {
    const proto = wasmPackage.BackendWasm.prototype as unknown as Record<string, unknown>;
    for (const method of ["makeOutput", "disposeData", "incRef", "readSync", "numDataIds"]) {
      assert.equal(typeof proto[method], "function", `BackendWasm.prototype.${method} is gone`);
    }
  });

  it("a live wasm backend stores tensors at dataIdMap.get(id).memoryOffset in wasm.HEAPU8.buffer", function () {
    if (tf.getBackend() !== "wasm") this.skip(); // this run is on cpu
    assert.deepEqual(wasmInternalsProblems(tf.backend()), [], "tfjs wasm internals changed");
  });

  it("the wasm kernels the fixes wrap or call are registered; Conv2DBackpropFilter is still missing", function () {
    if (tf.getBackend() !== "wasm") this.skip();
    for (const name of WASM_KERNELS_USED) assert.ok(stockKernel(name, "wasm") !== undefined, `wasm kernel ${name} is gone`);
    assert.equal(
      stockKernel("Conv2DBackpropFilter", "wasm"),
      undefined,
      "tfjs-backend-wasm now ships Conv2DBackpropFilter: compare it with lib/kernels/conv2d-backprop-filter.ts",
    );
    assert.ok(replacedKernels("wasm").includes("Conv2DBackpropFilter"));
  });
});
