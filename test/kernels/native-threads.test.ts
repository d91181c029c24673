// The native kernels' two-thread paths (image groups split across threads, per-thread partial filter
// gradients, parallel GEMMs) against stock cpu, forced on for every size with the contention guard off;
// the convolutions both through oneDNN's convolution primitives and through im2col + GEMM (the path
// for the shapes the primitives do not cover).
import { strict as assert } from "assert";
import * as fs from "fs";
import { Rng } from "../../lib/core/rng";
import { nativeStatus, nativeThreadCount, PARALLEL_MULTIPLY_ADDS } from "../../lib/kernels/native";
import { loadAddon } from "../../lib/kernels/native/addon";
import { CONV_CASES, ConvCase, describeCase, outputShape } from "./conv-cases";
import { assertMatchesCpu, cpuReference, normal, tied } from "./reference";

/** Enough images per batch for several image groups (about 512 KiB of im2col rows each). */
const GROUPED_CASES: ConvCase[] = [
  { x: [12, 13, 13, 16], filter: [3, 3, 16, 8], strides: 1, pad: "valid" },
  { x: [40, 28, 28, 2], filter: [3, 3, 2, 3], strides: 2, pad: "same" },
];

/**
 * Which kernels oneDNN has for NHWC tensors depends on the instruction set: the tests of which kernel
 * serves a shape hold for the machine kind the project measures on (AVX-512); elsewhere the im2col
 * path serves, and is tested for its values like every other path.
 */
const hasAvx512 = () => /\bavx512f\b/.test(fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "");

/** How much one of the addon's call counters grew while `run` ran. */
function callsDuring(counter: "convolutionPrimitiveCalls" | "winogradCalls", run: () => void): number {
  const count = () => loadAddon().addon?.info()[counter] ?? 0;
  const before = count();
  run();
  return count() - before;
}

describe(`kernels: native kernels on two threads vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  before(function () {
    if (!nativeStatus().loaded) this.skip();
    loadAddon().addon?.configure(2, 0, false);
  });
  after(() => {
    if (nativeStatus().loaded) loadAddon().addon?.configure(nativeThreadCount(), PARALLEL_MULTIPLY_ADDS);
  });

  for (const primitives of [true, false]) {
    it(`convolutions and their gradients match (${primitives ? "oneDNN primitives where they apply" : "im2col + GEMM only"})`, () => {
      loadAddon().addon?.configure(2, 0, false, primitives);
      const rng = new Rng(121);
      for (const c of [...GROUPED_CASES, ...CONV_CASES]) {
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined };
        const what = `2 threads ${primitives ? "primitives" : "im2col"} ${describeCase(c)}`;
        assertMatchesCpu("Conv2D", { x: normal(rng, c.x), filter: normal(rng, c.filter) }, { ...attrs, dilations: 1 }, `Conv2D ${what}`);
        assertMatchesCpu(
          "Conv2DBackpropInput",
          { dy: normal(rng, outputShape(c)), filter: normal(rng, c.filter) },
          { ...attrs, inputShape: c.x },
          `input gradient ${what}`,
        );
        assertMatchesCpu(
          "Conv2DBackpropFilter",
          { x: normal(rng, c.x), dy: normal(rng, outputShape(c)) },
          { ...attrs, filterShape: c.filter },
          `filter gradient ${what}`,
        );
      }
      loadAddon().addon?.configure(2, 0, false);
    });
  }

  it("oneDNN's primitives serve the bench CNN's convolutions, except the one-channel input gradient", function () {
    if (!hasAvx512()) this.skip();
    const rng = new Rng(123);
    const served = (run: () => void) => callsDuring("convolutionPrimitiveCalls", run);
    // The bench CNN's two layers at batch 2 (direct primitives; Winograd from larger batches, below).
    const layers: ConvCase[] = [
      { x: [2, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: "valid" },
      { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: "valid" },
    ];
    for (const layer of layers) {
      const attrs = { strides: 1, pad: "valid", dataFormat: "NHWC", dimRoundingMode: undefined };
      const what = describeCase(layer);
      assert.equal(
        served(() => assertMatchesCpu("Conv2D", { x: normal(rng, layer.x), filter: normal(rng, layer.filter) }, { ...attrs, dilations: 1 }, `Conv2D ${what}`)),
        1,
      );
      assert.equal(
        served(() =>
          assertMatchesCpu(
            "Conv2DBackpropFilter",
            { x: normal(rng, layer.x), dy: normal(rng, outputShape(layer)) },
            { ...attrs, filterShape: layer.filter },
            `filter gradient ${what}`,
          ),
        ),
        1,
      );
      const inputGradient = served(() =>
        assertMatchesCpu(
          "Conv2DBackpropInput",
          { dy: normal(rng, outputShape(layer)), filter: normal(rng, layer.filter) },
          { ...attrs, inputShape: layer.x },
          `input gradient ${what}`,
        ),
      );
      assert.equal(inputGradient, layer.x[3] === 1 ? 0 : 1, `input gradient ${what}`);
    }
  });

  it("large 3x3 stride-1 convolutions with 16k channels take Winograd for the forward pass and the filter gradient", function () {
    if (!hasAvx512()) this.skip();
    const rng = new Rng(126);
    const winograd = (run: () => void) => callsDuring("winogradCalls", run);
    // The bench CNN's second layer at batch 16: 3.6e7 multiply-adds, above the Winograd threshold.
    const layer: ConvCase = { x: [16, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: "valid" };
    const attrs = { strides: 1, pad: "valid", dataFormat: "NHWC", dimRoundingMode: undefined };
    const what = `Winograd ${describeCase(layer)}`;
    const x = normal(rng, layer.x);
    const filter = normal(rng, layer.filter);
    assert.equal(
      winograd(() => assertMatchesCpu("Conv2D", { x, filter }, { ...attrs, dilations: 1 }, `Conv2D ${what}`)),
      1,
    );
    for (const activation of ["relu", "linear"]) {
      const fused = { ...attrs, dilations: 1, activation, leakyreluAlpha: 0 };
      assert.equal(
        winograd(() => assertMatchesCpu("FusedConv2D", { x, filter, bias: normal(rng, [64]) }, fused, `FusedConv2D ${activation} ${what}`)),
        1,
      );
    }
    const dy = normal(rng, outputShape(layer));
    assert.equal(
      winograd(() => assertMatchesCpu("Conv2DBackpropFilter", { x, dy }, { ...attrs, filterShape: layer.filter }, `filter gradient ${what}`)),
      1,
    );
    // The input gradient stays direct (Winograd was slower for it).
    assert.equal(
      winograd(() => assertMatchesCpu("Conv2DBackpropInput", { dy, filter }, { ...attrs, inputShape: layer.x }, `input gradient ${what}`)),
      0,
    );
    // Below the threshold (batch 2), direct.
    const small: ConvCase = { ...layer, x: [2, 13, 13, 32] };
    assert.equal(
      winograd(() => assertMatchesCpu("Conv2D", { x: normal(rng, small.x), filter }, { ...attrs, dilations: 1 }, `Conv2D direct ${describeCase(small)}`)),
      0,
    );
  });

  it("matMul matches, split by rows (C taller than wide) and by columns (wider than tall)", () => {
    const rng = new Rng(124);
    // [m, n, k, transposeA, transposeB]
    const cases: [number, number, number, boolean, boolean][] = [
      [128, 40, 96, false, true],
      [100, 300, 64, false, true],
      [100, 300, 64, true, false],
      [100, 300, 64, false, false],
      [7, 300, 33, true, true],
    ];
    for (const [m, n, k, transposeA, transposeB] of cases) {
      const a = normal(rng, transposeA ? [k, m] : [m, k]);
      const b = normal(rng, transposeB ? [n, k] : [k, n]);
      assertMatchesCpu("BatchMatMul", { a, b }, { transposeA, transposeB }, `2 threads matMul ${m}x${n}x${k} ${+transposeA}${+transposeB}`);
    }
  });

  it("three threads on the project's own workers (pool grown to two workers, per-thread partial sums) match", () => {
    loadAddon().addon?.configure(3, 0, false, false);
    const regions = () => loadAddon().addon?.info().parallelRegions ?? 0;
    const before = regions();
    try {
      const rng = new Rng(127);
      const c = GROUPED_CASES[0];
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined };
      assertMatchesCpu(
        "Conv2DBackpropFilter",
        { x: normal(rng, c.x), dy: normal(rng, outputShape(c)) },
        { ...attrs, filterShape: c.filter },
        "3 threads filter gradient",
      );
      assertMatchesCpu("BatchMatMul", { a: normal(rng, [100, 64]), b: normal(rng, [64, 300]) }, { transposeA: false, transposeB: false }, "3 threads matMul");
    } finally {
      loadAddon().addon?.configure(2, 0, false);
    }
    assert.ok(regions() - before >= 2, `parallel regions run: ${regions() - before}`);
  });

  it("max pooling and its gradient match", () => {
    const rng = new Rng(122);
    const attrs = { filterSize: 2, strides: 2, pad: "valid", dimRoundingMode: undefined };
    const x = tied(rng, [128, 6, 6, 4]);
    assertMatchesCpu("MaxPool", { x }, attrs, "2 threads MaxPool");
    const output = cpuReference("MaxPool", { x }, attrs);
    assertMatchesCpu("MaxPoolGrad", { dy: normal(rng, output.shape), input: x, output }, attrs, "2 threads MaxPoolGrad");
  });
});
