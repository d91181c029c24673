// Sum on the active backend (wasm: leading-axes reduction as a product with ones) against stock cpu.
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, normal } from "./reference";

describe(`kernels: Sum vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches leading-axes reductions (bias gradients), with and without keepDims", () => {
    const rng = new Rng(61);
    const cases: [number[], number | number[]][] = [
      [[128, 9, 9, 8], [0, 1, 2]],
      [[7, 5, 6, 3], [0, 1, 2]],
      [[33, 17], 0],
      [[33, 17], [0]],
      [[4, 5, 6], [-3, -2]],
      [[4, 5, 6], [1, 0]],
    ];
    for (const [shape, axis] of cases) {
      for (const keepDims of [false, true]) {
        assertMatchesCpu("Sum", { x: normal(rng, shape) }, { axis, keepDims }, `${backendLabel()} Sum [${shape}] axis ${JSON.stringify(axis)} keepDims=${keepDims}`);
      }
    }
  });

  it("matches the reductions it leaves to the stock kernel (inner axes, all axes)", () => {
    const rng = new Rng(62);
    const cases: [number[], number | number[]][] = [
      [[4, 5, 6], [1, 2]],
      [[4, 5, 6], 2],
      [[4, 5, 6], [0, 1, 2]],
      [[4, 5, 6], [0, 2]],
    ];
    for (const [shape, axis] of cases) {
      assertMatchesCpu("Sum", { x: normal(rng, shape) }, { axis, keepDims: false }, `${backendLabel()} Sum [${shape}] axis ${JSON.stringify(axis)}`);
    }
  });
});
