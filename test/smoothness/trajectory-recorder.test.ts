// S2 along training: fit's onStep hook, and the recorder measuring one optimiser step every `every`.
import { strict as assert } from "assert";
import * as tf from "@tensorflow/tfjs";
import { flattenParams } from "../../lib/models";
import { trajectoryRatio, trajectoryRecorder } from "../../lib/smoothness";
import { fit } from "../../lib/train";
import { disposeData, mnistSubset, smallMlp } from "../train/support";

describe("smoothness/trajectoryRecorder (S2 during fit)", () => {
  it("fit calls onStep after every step; the recorder measures the step after every `every`-th, equal to trajectoryRatio on the saved weights", async () => {
    const train = mnistSubset(64);
    const batch = mnistSubset(16, "test");
    const model = smallMlp(3);
    const weights: tf.Tensor1D[] = [flattenParams(model)];
    const steps: number[] = [];
    const recorder = trajectoryRecorder(model, batch.x, batch.y, 3, { loss: "clean" });
    try {
      await fit(
        model,
        { train },
        {
          epochs: 2,
          batchSize: 16,
          optimizer: { kind: "sgd", lr: 0.1 },
          progress: false,
          onStep: (step) => {
            steps.push(step);
            weights.push(flattenParams(model));
            recorder.onStep(step);
          },
        },
      );
      assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7, 8]);
      // Saved after steps 2 and 5 (the weights before steps 3 and 6), measured after steps 3 and 6.
      assert.deepEqual(
        recorder.rows.map((r) => r.step),
        [3, 6],
      );
      for (const row of recorder.rows) {
        const independent = trajectoryRatio(model, batch.x, batch.y, weights[row.step - 1], weights[row.step], { loss: "clean" });
        assert.equal(row.ratio, independent.ratio, `step ${row.step}`);
        assert.ok(row.distance > 0);
      }
    } finally {
      recorder.dispose();
      tf.dispose(weights);
      model.dispose();
      disposeData(train, batch);
    }
  });
});
