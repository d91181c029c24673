// Comparisons of tensors of different shapes on the active backend (wasm: one loop over the heap)
// against stock cpu, bit for bit: float32 with NaN and ±Infinity, int32, broadcasts along inner, outer
// and middle axes, and the cases left to the stock kernels (same shapes, scalars).
import { strict as assert } from "assert";
import { Rng } from "../../lib/core/rng";
import { activeKernel, assertMatchesCpu, backendLabel, cpuReference, HostTensor } from "./reference";

const KERNELS = ["Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual"];

/** Small integers (many ties), with NaN and ±Infinity sprinkled in for float32. */
function values(rng: Rng, shape: number[], dtype: "float32" | "int32"): HostTensor {
  const size = shape.reduce((p, d) => p * d, 1);
  if (dtype === "int32") return { shape, dtype, values: Int32Array.from({ length: size }, () => rng.int(5) - 2) };
  const special = [NaN, Infinity, -Infinity];
  return { shape, dtype, values: Float32Array.from({ length: size }, () => (rng.uniform() < 0.1 ? special[rng.int(3)] : rng.int(5) - 2)) };
}

describe(`kernels: broadcasting comparisons vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("match bit for bit over inner, outer and middle broadcasts, float32 and int32", () => {
    const rng = new Rng(81);
    const pairs: [number[], number[]][] = [
      [
        [128, 10],
        [128, 1],
      ],
      [
        [128, 1],
        [128, 10],
      ],
      [[6, 7], [7]],
      [
        [4, 1, 3],
        [1, 5, 1],
      ],
      [
        [2, 3, 4],
        [3, 1],
      ],
      [[3], [2, 1, 3]],
      [
        [2, 1, 3, 1],
        [5, 1, 4],
      ],
    ];
    for (const dtype of ["float32", "int32"] as const) {
      for (const [aShape, bShape] of pairs) {
        const a = values(rng, aShape, dtype);
        const b = values(rng, bShape, dtype);
        for (const kernelName of KERNELS) {
          const what = `${backendLabel()} ${kernelName} ${dtype} [${aShape}] vs [${bShape}]`;
          const actual = activeKernel(kernelName, { a, b }, {});
          const expected = cpuReference(kernelName, { a, b }, {});
          assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
          assert.equal(actual.dtype as string, "bool", `${what}: dtype`);
          assert.deepEqual(Array.from(actual.values), Array.from(expected.values), `${what}: values`);
          assertMatchesCpu(kernelName, { a, b }, {}, what);
        }
      }
    }
  });

  it("leave same shapes, scalars and empty tensors to the stock kernels, with the same results", () => {
    const rng = new Rng(82);
    const cases: [number[], number[]][] = [
      [
        [5, 4],
        [5, 4],
      ],
      [[5, 4], [1]],
      [[], [3, 2]],
      [
        [0, 3],
        [1, 3],
      ],
    ];
    for (const [aShape, bShape] of cases) {
      const a = values(rng, aShape, "float32");
      const b = values(rng, bShape, "float32");
      const actual = activeKernel("Less", { a, b }, {});
      const expected = cpuReference("Less", { a, b }, {});
      assert.deepEqual(actual.shape, expected.shape);
      assert.deepEqual(Array.from(actual.values), Array.from(expected.values), `Less [${aShape}] vs [${bShape}]`);
    }
  });
});
