// The paper's claims C1–C6 [From the paper: abstract wording and version, paper-spec §1.3] and where the
// notebooks check them (paper-spec §11), for the companion site's index.
export interface ClaimEntry {
  readonly id: string;
  readonly claim: string;
  readonly wording: string;
  readonly notebooks: readonly string[];
  /** Exercises that work on it (notebook 12 and the exercise sections). */
  readonly exercises: readonly string[];
  /** Playground figures that illustrate it. */
  readonly figures: readonly string[];
}

export const CLAIMS: readonly ClaimEntry[] = [
  { id: "C1", claim: "Binary linear classification: the L2 adversarial loss is smooth except at w = 0.",
    wording: "“under the L2 constraints, the adversarial loss is smooth except at zero” (v1)", notebooks: ["00", "01", "03"], exercises: ["12.1", "12.2"], figures: ["t1-surface", "t1-kink"] },
  { id: "C2", claim: "Prior analysis ignores that attacks depend on θ; with it, the loss is locally smooth in several cases.",
    wording: "“this analysis ignores the dependence of adversarial attacks on model parameters” (v3); “prove local smoothness in several cases” (v2)",
    notebooks: ["02", "04", "05", "06", "07", "08"], exercises: ["02.1", "02.2", "05.1", "06.1"], figures: ["attack-geometry"] },
  { id: "C3", claim: "The attack constraint is one cause of non-smoothness; L∞ can cause more of it than L2.",
    wording: "“the L∞ constraint can cause non-smoothness more than the L2 constraint” (v3)", notebooks: ["01", "03", "04", "07", "08"],
    exercises: ["01.1", "01.2", "03.1", "04.1", "07.1", "08.1", "12.1", "12.6"], figures: ["t1-kink", "attack-geometry"] },
  { id: "C4", claim: "A flatter loss in input space tends to mean a less smooth adversarial loss in parameter space.",
    wording: "“the flatter loss surface in the input space tends to have the less smooth adversarial loss surface in the parameter space” (TNNLS)",
    notebooks: ["06"], exercises: ["06.1", "12.2", "12.8"], figures: [] },
  { id: "C5", claim: "EnSGD smooths the non-smooth adversarial loss.",
    wording: "“we theoretically and experimentally show that smooth adversarial loss by EntropySGD (EnSGD) improves the performance of AT” (TNNLS)",
    notebooks: ["09", "10"], exercises: ["09.1", "12.3", "12.4", "12.7"], figures: ["local-entropy"] },
  { id: "C6", claim: "The smoothing improves adversarial training, in theory and experiments.",
    wording: "“EntropySGD smoothens the non-smooth loss and improves the performance of adversarial training” (v3)", notebooks: ["10", "11"], exercises: ["10.1", "11.1", "12.7"], figures: [] },
];
