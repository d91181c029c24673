// ε warm-up: the training attack's radius grows linearly from 0 to ε over the first `warmup` epochs,
//
//     ε_t = ε · min(1, t / warmup),     t = the trainer's progress (epochs) at the start of the step,
//
// a common remedy for adversarial training that fails to start at large ε (e.g. MNIST at L∞ 0.3; the
// ramp of Wong, Rice & Kolter 2020 and of the certified-training literature). The step size follows
// the radius: α_t = α · ε_t/ε, so the attack keeps the configured α/ε (the default α = 2.5ε/K stays
// 2.5ε_t/K). The first step (t = 0) has ε_t = 0: it trains on the clean minibatch and runs no attack.
import { assertNonNegative } from "../core/validate";
import type { PgdOptions } from "../attacks/types";

/** ε_t of the warm-up; `warmup` = 0 means no warm-up (ε throughout). */
export function warmupEps(eps: number, warmup: number, progress: number): number {
  assertNonNegative("eps", eps);
  assertNonNegative("epsWarmup", warmup);
  assertNonNegative("progress", progress);
  if (warmup === 0 || progress >= warmup) return eps;
  return (eps * progress) / warmup;
}

/** The training attack's options at radius `eps` (ε_t ≤ ε): the radius replaced, an explicit step size scaled with it. */
export function attackOptionsAt(options: PgdOptions, eps: number): PgdOptions {
  if (eps === options.eps) return options;
  const scaled: PgdOptions = { ...options, eps };
  if (options.stepSize !== undefined) scaled.stepSize = (options.stepSize * eps) / options.eps;
  return scaled;
}
