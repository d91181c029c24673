import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import {
  mlp,
  smallCnn,
  paramCount,
  flattenParams,
  assignParams,
  flattenTensors,
  randomUnitDirection,
  filterNormalizedDirection,
  unflattenLike,
} from "../../lib/models";
import { assertClose, assertNoLeak } from "../helpers";

describe("parameter vectors", () => {
  const makeModels = () => [
    mlp({ inputShape: [5], hidden: [4, 3], numClasses: 2, seed: 1 }),
    smallCnn({ inputShape: [8, 8, 2], channels: [3], hidden: [4], numClasses: 3, seed: 2 }),
  ];

  it("flattenParams concatenates the parameters in order, and assignParams inverts it exactly", () => {
    for (const model of makeModels()) {
      const theta = flattenParams(model);
      assert.equal(theta.size, paramCount(model));
      const expected = model.params.flatMap((p) => Array.from(p.dataSync()));
      assert.deepEqual(Array.from(theta.dataSync()), expected);
      const shifted = tf.add(theta, tf.linspace(-1, 1, theta.size)) as tf.Tensor1D;
      assignParams(model, shifted);
      assert.deepEqual(flattenParams(model).dataSync(), shifted.dataSync());
      assignParams(model, theta);
      assert.deepEqual(Array.from(flattenParams(model).dataSync()), expected);
      tf.dispose([theta, shifted]);
      model.dispose();
    }
  });

  it("unflattenLike and flattenTensors are inverse", () => {
    const [model] = makeModels();
    const v = tf.range(0, paramCount(model), 1, "float32") as tf.Tensor1D;
    const parts = unflattenLike(model, v);
    assert.deepEqual(
      parts.map((p) => p.shape),
      model.params.map((p) => p.shape),
    );
    assert.deepEqual(flattenTensors(parts).dataSync(), v.dataSync());
    tf.dispose([v, ...parts]);
    model.dispose();
  });

  it("random unit directions have norm 1 and depend only on the seed", () => {
    const [model] = makeModels();
    const a = randomUnitDirection(model, 3),
      b = randomUnitDirection(model, 3),
      c = randomUnitDirection(model, 4);
    assertClose([tf.norm(a).dataSync()[0]], [1], 1e-6, "norm");
    assert.deepEqual(a.dataSync(), b.dataSync());
    assert.notDeepEqual(a.dataSync(), c.dataSync());
    tf.dispose([a, b, c]);
    model.dispose();
  });

  it("filter-normalised directions have, per filter, the norm of that filter", () => {
    for (const model of makeModels()) {
      for (const biases of ["zero", "keep"] as const) {
        const d = filterNormalizedDirection(model, { seed: 5, biases });
        const parts = unflattenLike(model, d);
        model.params.forEach((p, i) => {
          const dp = parts[i].arraySync();
          const wp = p.arraySync();
          if (p.rank === 1) {
            assert.deepEqual(dp, biases === "zero" ? new Array(p.size).fill(0) : wp);
            return;
          }
          // Per output unit (last axis): compare norms computed by hand.
          const out = p.shape[p.rank - 1];
          const dFlat = parts[i].dataSync(),
            wFlat = p.dataSync();
          for (let f = 0; f < out; f++) {
            let dn = 0,
              wn = 0;
            for (let j = f; j < dFlat.length; j += out) {
              dn += dFlat[j] ** 2;
              wn += wFlat[j] ** 2;
            }
            assertClose([Math.sqrt(dn)], [Math.sqrt(wn)], 1e-5, `filter ${f} of parameter ${i}`);
          }
        });
        tf.dispose([d, ...parts]);
      }
      model.dispose();
    }
  });

  it("rejects a vector of the wrong length", () => {
    const [model] = makeModels();
    const wrong = tf.zeros([paramCount(model) + 1]) as tf.Tensor1D;
    assert.throws(() => assignParams(model, wrong), /vector must be a Tensor1D of length/);
    wrong.dispose();
    model.dispose();
  });

  it("leaks no tensors", () => {
    const [model] = makeModels();
    const theta = flattenParams(model);
    assertNoLeak(() => flattenParams(model), "flattenParams");
    assertNoLeak(() => assignParams(model, theta), "assignParams");
    assertNoLeak(() => filterNormalizedDirection(model, { seed: 1 }), "filterNormalizedDirection");
    assertNoLeak(() => randomUnitDirection(model, 1), "randomUnitDirection");
    theta.dispose();
    model.dispose();
  });
});
