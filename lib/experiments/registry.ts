// The grid experiments the command line runs (`npm run experiment -- <id>`), by id.
import { E5 } from "./e5";
import { E5_TUNING } from "./e5-tuning";
import type { Experiment } from "./experiment";

export const EXPERIMENTS: Readonly<Record<string, Experiment>> = {
  [E5_TUNING.id]: E5_TUNING,
  [E5.id]: E5,
};
