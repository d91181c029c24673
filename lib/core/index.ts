export { Rng, assertSeed } from "./rng";
export type { RngState } from "./rng";
export * from "./validate";
export * from "./norms";
export * from "./paths";
export * as linalg64 from "./linalg64";
