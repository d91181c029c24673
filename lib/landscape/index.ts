export type { LandscapeOptions, LandscapeRow, LandscapeResult } from "./scan";
export { lossLandscape, lossLandscape1d, lossLandscape2d } from "./scan";
