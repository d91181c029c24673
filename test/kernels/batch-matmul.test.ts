// BatchMatMul and _FusedMatMul on the active backend (wasm: explicit-transpose fix; wasm+native: oneDNN)
// against the stock cpu kernels: every transpose combination, odd sizes, batch broadcasting, batch 128.
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, normal } from "./reference";

const transposes: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Operand shapes for op(a) = [..., m, k] and op(b) = [..., k, n]. */
function operands(rng: Rng, outerA: number[], outerB: number[], m: number, k: number, n: number, ta: boolean, tb: boolean) {
  return {
    a: normal(rng, [...outerA, ...(ta ? [k, m] : [m, k])]),
    b: normal(rng, [...outerB, ...(tb ? [n, k] : [k, n])]),
  };
}

describe(`kernels: BatchMatMul / _FusedMatMul vs stock cpu [${process.env.AT_BACKEND ?? "default"}]`, () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [17, 33, 9],
    [64, 31, 40],
  ];

  it("matches for every transpose combination and odd sizes (batch 1)", () => {
    const rng = new Rng(11);
    for (const [m, k, n] of sizes) {
      for (const [ta, tb] of transposes) {
        assertMatchesCpu(
          "BatchMatMul",
          operands(rng, [1], [1], m, k, n, ta, tb),
          { transposeA: ta, transposeB: tb },
          `${backendLabel()} ${m}x${k}x${n} tA=${ta} tB=${tb}`,
        );
      }
    }
  });

  it("matches a batch-128 MLP layer product in every transpose combination", () => {
    const rng = new Rng(12);
    for (const [ta, tb] of transposes) {
      assertMatchesCpu("BatchMatMul", operands(rng, [], [], 128, 196, 64, ta, tb), { transposeA: ta, transposeB: tb }, `128x196x64 tA=${ta} tB=${tb}`);
    }
  });

  it("matches batched and broadcast products", () => {
    const rng = new Rng(13);
    // Not [2, 1] x [1, 3]: the stock kernels size the output batch as max(batchA, batchB) and return a
    // third of the values tf.matMul's shape promises, so there is no reference to compare with.
    const batches: [number[], number[]][] = [
      [[3], [3]],
      [[4], []],
      [[1], [5]],
      [[2, 3], [3]],
      [[3], [2, 3]],
    ];
    for (const [outerA, outerB] of batches) {
      for (const [ta, tb] of transposes) {
        assertMatchesCpu(
          "BatchMatMul",
          operands(rng, outerA, outerB, 6, 5, 7, ta, tb),
          { transposeA: ta, transposeB: tb },
          `batch [${outerA}] x [${outerB}] tA=${ta} tB=${tb}`,
        );
      }
    }
  });

  it("matches _FusedMatMul with bias and relu, linear, and an activation the native path leaves to wasm", () => {
    const rng = new Rng(14);
    for (const activation of ["relu", "linear", "elu"]) {
      for (const [ta, tb] of transposes) {
        for (const withBias of [true, false]) {
          const inputs: Record<string, ReturnType<typeof normal>> = operands(rng, [1], [1], 33, 20, 11, ta, tb);
          if (withBias) inputs.bias = normal(rng, [11]);
          assertMatchesCpu(
            "_FusedMatMul",
            inputs,
            { transposeA: ta, transposeB: tb, activation, leakyreluAlpha: 0.2 },
            `fused ${activation} bias=${withBias} tA=${ta} tB=${tb}`,
          );
        }
      }
    }
  });
});
