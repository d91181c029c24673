export * from "./presets";
export * from "./reattack-vs-frozen";
export * from "./experiment";
export * from "./runner";
export * from "./training-presets";
export * from "./notebook-runs";
