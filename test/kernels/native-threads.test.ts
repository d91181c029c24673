// The native kernels' two-thread paths (image groups split across threads, per-thread partial filter
// gradients, parallel GEMMs) against stock cpu, forced on for every size with the contention guard off.
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

describe(`kernels: native kernels on two threads vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  before(function () {
    if (!nativeStatus().loaded) this.skip();
    loadAddon().addon?.configure(2, 0, false);
  });
  after(() => {
    if (nativeStatus().loaded) loadAddon().addon?.configure(nativeThreadCount(), PARALLEL_MULTIPLY_ADDS);
  });

  it("convolutions, their gradients and matMul match", () => {
    const rng = new Rng(121);
    for (const c of [...GROUPED_CASES, ...CONV_CASES]) {
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined };
      const what = `2 threads ${describeCase(c)}`;
      assertMatchesCpu("Conv2D", { x: normal(rng, c.x), filter: normal(rng, c.filter) }, { ...attrs, dilations: 1 }, `Conv2D ${what}`);
      assertMatchesCpu("Conv2DBackpropInput", { dy: normal(rng, outputShape(c)), filter: normal(rng, c.filter) }, { ...attrs, inputShape: c.x }, `input gradient ${what}`);
      assertMatchesCpu("Conv2DBackpropFilter", { x: normal(rng, c.x), dy: normal(rng, outputShape(c)) }, { ...attrs, filterShape: c.filter }, `filter gradient ${what}`);
    }
    assertMatchesCpu("BatchMatMul", { a: normal(rng, [128, 96]), b: normal(rng, [40, 96]) }, { transposeA: false, transposeB: true }, "2 threads matMul");
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
