// Conv2D and FusedConv2D on the active backend (native im2col + oneDNN when loaded) against stock cpu.
import { Rng } from "../../lib/core/rng";
import { CONV_CASES, DILATED_CASES, describeCase } from "./conv-cases";
import { assertMatchesCpu, backendLabel, normal } from "./reference";

describe(`kernels: Conv2D / FusedConv2D vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("Conv2D matches over strides, paddings, dilations, sizes and batches", () => {
    const rng = new Rng(21);
    for (const c of [...CONV_CASES, ...DILATED_CASES]) {
      assertMatchesCpu(
        "Conv2D",
        { x: normal(rng, c.x), filter: normal(rng, c.filter) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dilations: c.dilations ?? 1, dimRoundingMode: undefined },
        `${backendLabel()} Conv2D ${describeCase(c)}`,
      );
    }
  });

  it("FusedConv2D matches with bias + relu, bias only, and an activation left to wasm", () => {
    const rng = new Rng(22);
    for (const c of CONV_CASES.slice(0, 6)) {
      for (const activation of ["relu", "linear", "elu"]) {
        assertMatchesCpu(
          "FusedConv2D",
          { x: normal(rng, c.x), filter: normal(rng, c.filter), bias: normal(rng, [c.filter[3]]) },
          { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dilations: 1, dimRoundingMode: undefined, activation, leakyreluAlpha: 0.2 },
          `${backendLabel()} FusedConv2D ${activation} ${describeCase(c)}`,
        );
      }
    }
  });
});
