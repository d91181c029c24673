// The directions of the landscape scans live with the models (lib/models/directions.ts): one
// implementation, re-exported here so that lib/landscape reads as the paper's "landscape" toolbox.
export type { FilterNormalizedOptions } from "../models/directions";
export { filterNormalizedDirection, randomUnitDirection } from "../models/directions";
