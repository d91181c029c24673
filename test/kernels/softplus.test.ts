// Softplus on the active backend (wasm+native: the addon's vectorised kernel) against stock cpu, and
// pointwise against softplus in float64 from −100 to 100: very negative x (where softplus(x) = exp(x)
// must keep its relative precision, down to the subnormals), the cutoffs of the cpu formula (±15.9) and
// of the native exp (104),
// zeros, infinities and NaN.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { assertMatchesCpu, backendLabel, HostTensor, normal } from "./reference";

/** softplus in float64, without overflow or cancellation. */
const softplus64 = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe(`kernels: Softplus vs stock cpu and float64 [${process.env.AT_BACKEND ?? "default"}]`, () => {
  it("matches cpu on activations of every scale, every vector tail length", () => {
    const rng = new Rng(91);
    for (const shape of [[1], [7], [17], [128, 26, 26, 16]]) {
      const x = normal(rng, shape);
      const wide: HostTensor = { ...x, values: x.values.map((v) => 20 * v) };
      assertMatchesCpu("Softplus", { x: wide }, {}, `${backendLabel()} Softplus [${shape}]`);
    }
  });

  it("is within 4 ulp of float64 softplus at every x, exp(x) below −15.9 included; ±0, ±∞ and NaN as cpu", function () {
    // Not on the plain wasm backend: its stock kernel loses the relative precision of softplus where it is
    // tiny (log(1 + exp(x)) rounds 1 + exp(x) first), which only the native kernel is held to here.
    if (backendLabel() === "wasm") this.skip();
    const grid = Array.from({ length: 20001 }, (_, i) => -100 + i / 100);
    const special = [
      -0, 0, 1e-8, -1e-8, 15.9, 15.95, 16, -15.9, -15.95, -16, 86.9, 87, 87.1, -86.9, -87, -87.1, -88.7, 88.7, -95, -103, -103.9, -104, -104.1, -110,
    ];
    const values = Float32Array.from([...grid, ...special]);
    const t = tf.tensor(values);
    const y = tf.softplus(t);
    const actual = y.dataSync();
    tf.dispose([t, y]);
    let worst = 0;
    let where = NaN;
    for (let i = 0; i < values.length; i++) {
      const exact = softplus64(values[i]);
      const ulp = Math.max(Math.abs(exact) * 2 ** -23, 2 ** -149); // float32's spacing, subnormals included
      const error = Math.abs(actual[i] - exact) / ulp;
      if (!(error <= worst)) [worst, where] = [error, values[i]];
    }
    assert.ok(worst <= 4, `${backendLabel()}: ${worst.toFixed(1)} ulp at x = ${where}`);
    const edges = tf.tensor([Infinity, -Infinity, NaN]);
    const out = tf.softplus(edges);
    assert.deepEqual(Array.from(out.dataSync()), [Infinity, 0, NaN]);
    tf.dispose([edges, out]);
  });
});
