// The public API: `import * as at from "./lib"`, then `at.data.loadMnist(...)`, `at.models.mlp(...)`,
// `at.attacks.pgd(...)`, ... One namespace per folder of the architecture (docs/design.md §2).
export { initBackend, activeBackend } from "./backend";
export * as core from "./core";
export * as data from "./data";
export * as models from "./models";
export * as losses from "./losses";
export * as attacks from "./attacks";
export * as theory from "./theory";
export * as results from "./results";
export * as viz from "./viz";
export * as optim from "./optim";
export * as train from "./train";
export * as experiments from "./experiments";
export * as parameterSpace from "./parameter-space";
export * as smoothness from "./smoothness";
export * as landscape from "./landscape";
export * as coursework from "./coursework";
