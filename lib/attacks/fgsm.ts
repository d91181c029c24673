// Fast gradient (sign) method [Standard result: Goodfellow, Shlens & Szegedy, ICLR 2015]: one step of
// size ε from x along the steepest-ascent direction of the norm, then clipped to the bounds:
//     L∞: x + ε·sign(∇_x ℓ)        L2 ("fast gradient method"): x + ε·∇_x ℓ / ‖∇_x ℓ‖₂.
// It is PGD with K = 1, α = ε and no random start, and runs through the same loop.
import * as tf from "@tensorflow/tfjs";
import { assertKnownOptions, assertNonNegative, assertOneOf } from "../core/validate";
import { Classifier } from "../models/classifier";
import { DEFAULT_BOUNDS, assertBounds } from "./inputs";
import { ResolvedPgdOptions, assertAttackLoss, runPgd } from "./pgd";
import { NORMS } from "../core/norms";
import { Attack, FgsmOptions } from "./types";

const FGSM_OPTION_NAMES = ["norm", "eps", "bounds", "loss", "targeted"] as const;

function resolveFgsmOptions(options: FgsmOptions): ResolvedPgdOptions {
  assertKnownOptions("FGSM", options, FGSM_OPTION_NAMES);
  const { norm, eps, bounds = DEFAULT_BOUNDS, loss = "ce", targeted = false } = options;
  assertOneOf("norm", norm, NORMS);
  assertNonNegative("eps", eps);
  assertBounds(bounds);
  assertAttackLoss(loss, targeted);
  return { norm, eps, steps: 1, stepSize: eps, start: "zero", restarts: 1, bounds: [bounds[0], bounds[1]], seed: 0, loss, targeted, stepSchedule: "constant" };
}

/** FGSM (L∞) or FGM (L2): the adversarial inputs after one full step of size ε. Deterministic. */
export function fgsm(model: Classifier, x: tf.Tensor, y: tf.Tensor1D, options: FgsmOptions): tf.Tensor {
  return runPgd(model, x, y, resolveFgsmOptions(options), false).xAdv;
}

/** FGSM bound to its options (see Attack); the seed argument is accepted and ignored (FGSM draws nothing). */
export function fgsmAttack(options: FgsmOptions): Attack {
  const o = resolveFgsmOptions(options);
  const attack = (model: Classifier, x: tf.Tensor, y: tf.Tensor1D): tf.Tensor => runPgd(model, x, y, o, false).xAdv;
  return Object.assign(attack, {
    description: `FGSM ${o.norm} eps=${o.eps} (${o.targeted ? "targeted " : ""}${o.loss})`,
    cost: { gradientEvaluations: 1, forwardPasses: 0 },
  });
}
