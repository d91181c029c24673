// Conv2DBackpropInput on the active backend (wasm: stride-1 full-convolution fix; wasm+native: GEMM +
// col2im) against stock cpu.
import { Rng } from "../../lib/core/rng";
import { CONV_CASES, describeCase, outputShape } from "./conv-cases";
import { assertMatchesCpu, backendLabel, normal } from "./reference";

describe(`kernels: Conv2DBackpropInput vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches over strides 1 and 2, every padding, odd sizes, batch 1 to 128, 1 to 8 channels", () => {
    const rng = new Rng(31);
    for (const c of CONV_CASES) {
      assertMatchesCpu(
        "Conv2DBackpropInput",
        { dy: normal(rng, outputShape(c)), filter: normal(rng, c.filter) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined, inputShape: c.x },
        `${backendLabel()} ${describeCase(c)}`,
      );
    }
  });
});
