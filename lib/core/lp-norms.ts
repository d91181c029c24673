// The names of the p-norms, in a file of their own without tfjs: the float64 closed forms
// (lib/losses/adversarial-linear.ts) import them from here, so that they also bundle for the browser
// (the companion site's playground, scripts/site.ts). norms.ts re-exports them.

/** A p-norm this library computes (and, for the closed forms of linear models, a threat model). */
export type LpNorm = "l1" | "l2" | "linf";
export const LP_NORMS: readonly LpNorm[] = ["l1", "l2", "linf"];
