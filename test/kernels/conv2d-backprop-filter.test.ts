// Conv2DBackpropFilter on the active backend (cpu and wasm: the one-convolution fix; wasm+native:
// im2col + oneDNN) against the stock cpu kernel.
import { Rng } from "../../lib/core/rng";
import { CONV_CASES, describeCase, outputShape } from "./conv-cases";
import { assertMatchesCpu, backendLabel, normal } from "./reference";

describe(`kernels: Conv2DBackpropFilter vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches over strides 1 and 2, every padding, odd sizes, batch 1 to 128, 1 to 8 channels", () => {
    const rng = new Rng(41);
    for (const c of CONV_CASES) {
      assertMatchesCpu(
        "Conv2DBackpropFilter",
        { x: normal(rng, c.x), dy: normal(rng, outputShape(c)) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined, filterShape: c.filter },
        `${backendLabel()} ${describeCase(c)}`,
      );
    }
  });
});
