// Evaluation on the held-out split during and after training: clean accuracy, and robust accuracy and
// loss under an attack, with the attack's starts seeded the same way at every epoch so that epochs
// compare (lib/attacks/evaluate.ts does the work, in batches).
import { cleanAccuracy, robustAccuracy } from "../attacks/evaluate";
import type { Attack } from "../attacks/types";
import type { Classifier } from "../models/classifier";
import type { TrainingData } from "./oracle";

export interface HeldOutAccuracy {
  cleanAccuracy: number;
  /** null without an attack. */
  robustAccuracy: number | null;
  robustLoss: number | null;
  examples: number;
}

export function evaluateHeldOut(model: Classifier, data: TrainingData, attack: Attack | null, options: { batchSize: number; seed: number }): HeldOutAccuracy {
  const examples = data.x.shape[0];
  if (attack === null) {
    const clean = cleanAccuracy(model, data.x, data.y, { batchSize: options.batchSize });
    return { cleanAccuracy: clean.accuracy, robustAccuracy: null, robustLoss: null, examples };
  }
  const r = robustAccuracy(model, data.x, data.y, attack, { batchSize: options.batchSize, seed: options.seed });
  return { cleanAccuracy: r.cleanAccuracy, robustAccuracy: r.robustAccuracy, robustLoss: r.meanAdversarialLoss, examples };
}
