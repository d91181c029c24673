export { Rng, assertSeed } from "./rng";
export type { RngState } from "./rng";
export * from "./validate";
export * from "./norms";
