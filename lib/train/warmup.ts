// ε warm-up: the training attack's radius grows linearly from 0 to ε over the first `warmup` epochs,
//
//     ε_t = ε · min(1, t / warmup),     t = the trainer's progress (epochs) at the start of the step,
//
// a common remedy for adversarial training that fails to start at large ε (e.g. MNIST at L∞ 0.3; the
// ramp of Wong, Rice & Kolter 2020 and of the certified-training literature). The step size follows
// the radius: α_t = α · ε_t/ε, so the attack keeps the configured α/ε (the default α = 2.5ε/K stays
// 2.5ε_t/K). The first step (t = 0) has ε_t = 0: it trains on the clean minibatch and runs no attack.
import { assertNonNegative } from "../core/validate";
import { pgdAttack } from "../attacks/pgd";
import type { Attack, PgdOptions } from "../attacks/types";

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

/** The training attack at a point of the run: its radius ε_t (null when not known or no attack) and the attack (null: none runs). */
export interface AttackAt {
  readonly eps: number | null;
  readonly attack: Attack | null;
}

/**
 * The training attack through the warm-up: PGD options are built once at the full radius and once per
 * ramp radius (the last one cached); a bound Attack is used as it is (it has no warm-up).
 */
export class WarmupAttacks {
  /** The attack at the full radius, or null for standard training. */
  readonly full: Attack | null;
  private ramp: { eps: number; attack: Attack } | null = null;

  constructor(
    private readonly spec: PgdOptions | Attack | null,
    private readonly warmup: number,
  ) {
    this.full = spec === null ? null : typeof spec === "function" ? spec : pgdAttack(spec);
  }

  at(progress: number): AttackAt {
    const spec = this.spec;
    if (spec === null || typeof spec === "function") return { eps: null, attack: this.full };
    const eps = warmupEps(spec.eps, this.warmup, progress);
    if (eps === 0) return { eps, attack: null };
    if (eps === spec.eps) return { eps, attack: this.full };
    if (this.ramp === null || this.ramp.eps !== eps) this.ramp = { eps, attack: pgdAttack(attackOptionsAt(spec, eps)) };
    return { eps, attack: this.ramp.attack };
  }
}
