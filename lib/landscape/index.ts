export type { LandscapeOptions, LandscapeRow, LandscapeResult } from "./scan";
export { lossLandscape, lossLandscape1d, lossLandscape2d } from "./scan";
export type { LinearSurfaceThreat, LinearSurfaceOptions, LinearSurfaceRow } from "./linear-surface";
export { linearLossSurface, surfaceAxis } from "./linear-surface";
