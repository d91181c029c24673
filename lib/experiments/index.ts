export * from "./presets";
