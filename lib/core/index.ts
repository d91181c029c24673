export { Rng, assertSeed } from "./rng";
export type { RngState } from "./rng";
export * from "./validate";
export { fillNormal, fillUniform } from "./random-fill";
export * from "./norms";
export * from "./paths";
export * as linalg64 from "./linalg64";
