// Sum, Mean and Prod on the active backend against float64 references (fold-reference.ts): on wasm the
// kernels of lib/kernels/wasm-reduce.ts (float64 folds, a blockwise matrix product for leading axes,
// the native double accumulators with wasm+native), on cpu the stock kernels, which fold in float64 too.
// The stock wasm kernels fold in one float32 running value; where that matters the tests show them
// failing the same check, so the check can tell.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { withStockKernels } from "../../lib/kernels";
import { allAxisSets, assertWithinBound, boundRatio, foldReference } from "./fold-reference";
import { backendDataIds, backendLabel } from "./reference";

const onWasm = () => tf.getBackend() === "wasm";

/** `op(x)`'s values, asserting it leaves no tensor and no backend buffer behind once disposed. */
function run(op: () => tf.Tensor, what: string): { values: Float32Array | Int32Array; shape: number[]; dtype: string } {
  const tensors = tf.memory().numTensors;
  const buffers = backendDataIds();
  const y = op();
  const result = { values: y.dataSync() as Float32Array, shape: y.shape, dtype: y.dtype };
  y.dispose();
  assert.equal(tf.memory().numTensors, tensors, `${what}: tensors leaked`);
  assert.equal(backendDataIds(), buffers, `${what}: backend buffers leaked`);
  return result;
}

/** The shape tfjs gives a reduction over `axes`. */
const reducedShape = (shape: number[], axes: number[], keepDims: boolean) => shape.flatMap((d, a) => (axes.includes(a) ? (keepDims ? [1] : []) : [d]));

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

describe(`kernels: Sum / Mean / Prod against float64 [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("every axis set of a rank-4 tensor, as positive and negative axes, with and without keepDims", () => {
    const rng = new Rng(61);
    // Odd sizes, so blocks of rows leave remainders; products of values near 1 stay finite.
    const shape = [6, 35, 4, 50];
    const sums = Float32Array.from({ length: sizeOf(shape) }, () => 3 + rng.normal());
    const products = Float32Array.from({ length: sizeOf(shape) }, () => 1 + 0.01 * rng.normal());
    const xs = tf.tensor(sums, shape);
    const xp = tf.tensor(products, shape);
    allAxisSets(4).forEach((axes, i) => {
      // Alternately as given, as negative axes, and a single axis as a number.
      const axis = axes.length === 1 && i % 3 === 0 ? axes[0] : i % 2 === 1 ? axes.map((a) => a - 4) : axes;
      const count = sizeOf(axes.map((a) => shape[a]));
      const sumRef = foldReference(sums, shape, axes, "sum");
      const prodRef = foldReference(products, shape, axes, "prod");
      for (const keepDims of [false, true]) {
        const what = (op: string) => `${backendLabel()} ${op} [${shape}] axis ${JSON.stringify(axis)} keepDims=${keepDims}`;
        const expectedShape = reducedShape(shape, axes, keepDims);
        const sum = run(() => tf.sum(xs, axis, keepDims), what("sum"));
        const mean = run(() => tf.mean(xs, axis, keepDims), what("mean"));
        const prod = run(() => tf.prod(xp, axis, keepDims), what("prod"));
        for (const [op, r] of [
          ["sum", sum],
          ["mean", mean],
          ["prod", prod],
        ] as const)
          assert.deepEqual(r.shape, expectedShape, `${what(op)}: shape`);
        assertWithinBound(sum.values, sumRef, what("sum"));
        assertWithinBound(mean.values, sumRef, what("mean"), count);
        assertWithinBound(prod.values, prodRef, what("prod"));
      }
    });
    tf.dispose([xs, xp]);
  });

  it("47·10⁶ pixel-like values: the mean within 1e-6 of float64, column and row sums within the bound (stock wasm: > 1 % off)", function () {
    this.timeout(600_000);
    // Bytes k from a xorshift generator, values fround(k / 255) as a dataset's pixels; the references
    // are exact integer sums divided by 255.
    const [rows, columns] = [60_000, 784];
    const n = rows * columns;
    const bytes = new Uint8Array(n);
    for (let i = 0, state = 2463534242; i < bytes.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      // Like the datasets: mostly dark, the lit quarter mostly bright (so a float32 running sum, which
      // rounds each addend to its unit in the last place once past 2^23, drifts instead of averaging out).
      const r = (state >>> 8) & 255;
      bytes[i] = (state >>> 0) % 4 === 0 ? 255 - ((r * r) >> 9) : 0;
    }
    const columnSums = new Float64Array(columns);
    const rowSums = new Float64Array(rows);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const k = bytes[r * columns + c];
        columnSums[c] += k;
        rowSums[r] += k;
      }
      total += rowSums[r];
    }
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = bytes[i] / 255;
    const x = tf.tensor(pixels, [rows, columns]);
    const mean = total / 255 / n;
    const relative = (v: number) => Math.abs(v - mean) / mean;
    const meanOfAll = run(() => tf.mean(x), "mean").values[0];
    assert.ok(relative(meanOfAll) <= 1e-6, `${backendLabel()} mean ${meanOfAll} vs ${mean}: relative error ${relative(meanOfAll)}`);
    const sumOfAll = run(() => tf.sum(x), "sum").values[0];
    assert.ok(relative(sumOfAll / n) <= 1e-6, `${backendLabel()} sum / n ${sumOfAll / n} vs ${mean}`);
    const sums = (values: Float64Array) => ({ value: values.map((v) => v / 255), magnitude: values.map((v) => v / 255) });
    assertWithinBound(run(() => tf.sum(x, 0), "column sums").values, sums(columnSums), `${backendLabel()} column sums of [${rows}, ${columns}]`);
    assertWithinBound(run(() => tf.mean(x, 0), "column means").values, sums(columnSums), `${backendLabel()} column means`, rows);
    assertWithinBound(run(() => tf.mean(x, 1), "row means").values, sums(rowSums), `${backendLabel()} row means`, columns);
    if (onWasm()) {
      const stock = withStockKernels("wasm", () => run(() => tf.mean(x), "stock mean").values[0]);
      assert.ok(relative(stock) > 0.01, `the stock wasm Mean gave ${stock}, expected to be off`);
    }
    x.dispose();
  });

  it("constant arrays: n copies of c sum to n·c and average to c (the stock wasm sum of 10^7 is off by > 1 %)", () => {
    const c = Math.fround(0.1);
    const n = 10_000_000;
    const values = new Float32Array(n).fill(c);
    const x = tf.tensor(values, [10_000, 1_000]);
    const all = { value: Float64Array.of(n * c), magnitude: Float64Array.of(n * c) };
    assertWithinBound(run(() => tf.sum(x), "sum").values, all, `${backendLabel()} sum of ${n} × ${c}`);
    assertWithinBound(run(() => tf.mean(x), "mean").values, all, `${backendLabel()} mean of ${n} × ${c}`, n);
    // Columns (the leading-axis path) and rows.
    const columns = { value: new Float64Array(1_000).fill(10_000 * c), magnitude: new Float64Array(1_000).fill(10_000 * c) };
    const rows = { value: new Float64Array(10_000).fill(1_000 * c), magnitude: new Float64Array(10_000).fill(1_000 * c) };
    assertWithinBound(run(() => tf.sum(x, 0), "sum axis 0").values, columns, `${backendLabel()} column sums`);
    assertWithinBound(run(() => tf.mean(x, 0), "mean axis 0").values, columns, `${backendLabel()} column means`, 10_000);
    assertWithinBound(run(() => tf.sum(x, 1), "sum axis 1").values, rows, `${backendLabel()} row sums`);
    if (onWasm()) {
      const stock = withStockKernels("wasm", () => run(() => tf.sum(x), "stock sum").values[0]);
      assert.ok(Math.abs(stock - n * c) > 0.01 * n * c, `the stock wasm Sum gave ${stock}, expected to be off`);
    }
    x.dispose();
  });

  it("alternating signs: exact cancellation, and a drift the float32 running sum loses", () => {
    // x_i = (-1)^i (1 + i·2^-22), exact in float32: pairs cancel to -2^-22, n = 2^21 values sum to
    // exactly -1/4 (every float64 partial sum is exact), each row of 1024 to exactly -2^-13.
    const n = 2 ** 21;
    const exact = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1 + i * 2 ** -22));
    const x = tf.tensor(exact, [2 ** 11, 2 ** 10]);
    assert.equal(run(() => tf.sum(x), "sum").values[0], -0.25, `${backendLabel()} alternating sum`);
    assert.deepEqual(Array.from(new Set(run(() => tf.sum(x, 1), "row sums").values)), [-(2 ** -13)], `${backendLabel()} alternating row sums`);
    assertWithinBound(run(() => tf.sum(x, 0), "column sums").values, foldReference(exact, [2 ** 11, 2 ** 10], [0], "sum"), `${backendLabel()} column sums`);
    x.dispose();
    // a, b, a, b, … with a = fround(1.1), b = fround(-0.9): n/2 · (a + b), exact in float64.
    const [a, b] = [Math.fround(1.1), Math.fround(-0.9)];
    const m = 10_000_000;
    const drift = tf.tensor(Float32Array.from({ length: m }, (_, i) => (i % 2 === 0 ? a : b)));
    const expected = { value: Float64Array.of((m / 2) * (a + b)), magnitude: Float64Array.of((m / 2) * (a - b)) };
    assertWithinBound(run(() => tf.sum(drift), "sum").values, expected, `${backendLabel()} alternating sum with drift`);
    assertWithinBound(run(() => tf.mean(drift), "mean").values, expected, `${backendLabel()} alternating mean with drift`, m);
    if (onWasm()) {
      const stock = withStockKernels("wasm", () => run(() => tf.sum(drift), "stock sum").values);
      assert.ok(boundRatio(stock, expected) > 100, `the stock wasm Sum gave ${stock[0]}, expected to be off`);
    }
    drift.dispose();
  });

  it("products: overflow only in float32 partial products, and exact powers of two", () => {
    // 10 × 1e20 then 10 × 1e-20: 1e200 is fine in float64, Infinity in float32.
    const values = Float32Array.from({ length: 20 }, (_, i) => (i < 10 ? 1e20 : 1e-20));
    const x = tf.tensor(values);
    assertWithinBound(run(() => tf.prod(x), "prod").values, foldReference(values, [20], [0], "prod"), `${backendLabel()} prod`);
    if (onWasm()) assert.ok(!Number.isFinite(withStockKernels("wasm", () => run(() => tf.prod(x), "stock prod").values[0])), "the stock wasm Prod overflows");
    x.dispose();
    // Rows of 100 values 4, 1/4, 1/2, 2, 4, …: every partial product is a power of two, the row's is 1.
    const powers = tf.tensor(
      Float32Array.from({ length: 4000 }, (_, i) => [4, 0.25, 0.5, 2][i % 4]),
      [40, 100],
    );
    assert.deepEqual(Array.from(new Set(run(() => tf.prod(powers, 1), "prod rows").values)), [1], `${backendLabel()} products of powers of two`);
    powers.dispose();
  });

  it("int32: Sum exact while it fits and wrapping like cpu's Int32Array beyond; Mean from the integers", () => {
    const rng = new Rng(62);
    const ints = Int32Array.from({ length: 1_000_000 }, () => rng.int(2000));
    const x = tf.tensor(ints, [1000, 1000], "int32");
    const total = ints.reduce((s, v) => s + v, 0);
    const sum = run(() => tf.sum(x), "int32 sum");
    assert.equal(sum.dtype, "int32");
    assert.equal(sum.values[0], total, `${backendLabel()} int32 sum`);
    const columns = run(() => tf.sum(x, 0), "int32 column sums").values;
    assert.deepEqual(Array.from(columns), Array.from(foldReference(ints, [1000, 1000], [0], "sum").value));
    const mean = run(() => tf.mean(x), "int32 mean");
    assert.equal(mean.dtype, "float32");
    assertWithinBound(mean.values, foldReference(ints, [1_000_000], [0], "sum"), `${backendLabel()} int32 mean`, 1_000_000);
    x.dispose();
    const wrap = tf.tensor1d([2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30, 5], "int32");
    assert.equal(run(() => tf.sum(wrap), "int32 sum past 2^31").values[0], 5, "4·2^30 + 5 wraps to 5");
    wrap.dispose();
  });

  it("empty reductions: sum 0, mean 0 (as cpu), prod 1", () => {
    const x = tf.zeros([0, 3]);
    assert.deepEqual(Array.from(run(() => tf.sum(x, 0), "sum").values), [0, 0, 0]);
    assert.deepEqual(Array.from(run(() => tf.mean(x, 0), "mean").values), [0, 0, 0]);
    assert.deepEqual(Array.from(run(() => tf.prod(x, 0), "prod").values), [1, 1, 1]);
    x.dispose();
  });

  it("gradients: of sum ones, of mean 1/n, of a weighted row sum the weights", () => {
    const rng = new Rng(63);
    const shape = [20, 3, 50];
    const x = tf.tensor(
      Float32Array.from({ length: sizeOf(shape) }, () => rng.normal()),
      shape,
    );
    for (const axes of [[0], [1, 2], [0, 2], [0, 1, 2]]) {
      const n = sizeOf(axes.map((a) => shape[a]));
      const gs = tf.grad((t: tf.Tensor) => tf.sum(t, axes))(x);
      const gm = tf.grad((t: tf.Tensor) => tf.mean(t, axes))(x);
      assert.deepEqual(Array.from(new Set(gs.dataSync())), [1], `d sum / dx over ${axes}`);
      assert.deepEqual(Array.from(new Set(gm.dataSync())), [Math.fround(1 / n)], `d mean / dx over ${axes}`);
      tf.dispose([gs, gm]);
    }
    const w = tf.tensor(
      Float32Array.from({ length: 20 * 50 }, () => rng.normal()),
      [20, 1, 50],
    );
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t, 1, true), w)))(x);
    const gw = g.dataSync();
    const wv = w.dataSync();
    for (let i = 0; i < 20; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 50; k++) assert.equal(gw[(i * 3 + j) * 50 + k], wv[i * 50 + k]);
    tf.dispose([x, w, g]);
  });
});
