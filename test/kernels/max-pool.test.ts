// MaxPool and MaxPoolGrad on the active backend against stock cpu: non-overlapping and overlapping
// windows, same/valid padding, odd sizes, batch 1 to 128; ties go to the first maximum as on cpu.
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, cpuReference, distinct, HostTensor, normal, tied } from "./reference";
import { label, NON_OVERLAPPING, OVERLAPPING, PoolCase, poolAttrs } from "./pool-cases";

function check(c: PoolCase, x: HostTensor, rng: Rng, what: string): void {
  const attrs = poolAttrs(c);
  assertMatchesCpu("MaxPool", { x }, attrs, `${backendLabel()} MaxPool ${what}`);
  const output = cpuReference("MaxPool", { x }, attrs);
  assertMatchesCpu("MaxPoolGrad", { dy: normal(rng, output.shape), input: x, output }, attrs, `${backendLabel()} MaxPoolGrad ${what}`);
}

describe(`kernels: MaxPool / MaxPoolGrad vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("non-overlapping windows, including windows full of ties (routed to the first maximum)", () => {
    const rng = new Rng(51);
    for (const c of NON_OVERLAPPING) {
      check(c, normal(rng, c.x), rng, `${label(c)} normal`);
      check(c, tied(rng, c.x), rng, `${label(c)} ties`);
    }
  });

  it("NaN never wins a window, and a window of −Infinity routes no gradient", function () {
    // Not on the plain wasm backend: its stock MaxPool (XNNPACK) returns −Infinity for a window holding
    // a NaN ([NaN, 1, 2, 3] → −Infinity; cpu: 3), and its MaxPoolGrad fix is exact only for finite
    // values (lib/kernels/wasm-max-pool-grad.ts).
    if (backendLabel() === "wasm") this.skip();
    const rng = new Rng(53);
    for (const c of [NON_OVERLAPPING[7], OVERLAPPING[1]]) {
      const x = normal(rng, c.x);
      const values = Float32Array.from(x.values);
      for (let i = 0; i < values.length; i += 5) values[i] = NaN;
      // The whole first window of the first image (every channel) is −Infinity.
      const [, , width, channels] = c.x;
      for (const pixel of [0, 1, width, width + 1]) values.fill(-Infinity, pixel * channels, (pixel + 1) * channels);
      check(c, { ...x, values }, rng, `${label(c)} NaN and −Infinity`);
    }
  });

  it("overlapping windows (gradients of shared pixels add up), with and without ties", () => {
    // The stock wasm MaxPoolGrad fails both: ties go to the last maximum, and the [3, 2] / [1, 2] "same"
    // case is wrong even with distinct values.
    const rng = new Rng(52);
    for (const c of OVERLAPPING) {
      check(c, distinct(rng, c.x), rng, `${label(c)} distinct`);
      check(c, tied(rng, c.x), rng, `${label(c)} ties`);
    }
  });
});
