// The grid experiments the command line runs (`npm run experiment -- <id>`), by id.
import { E3 } from "./e3";
import { E5 } from "./e5";
import { E5_TUNING } from "./e5-tuning";
import { E6 } from "./e6";
import { E7 } from "./e7";
import type { Experiment } from "./experiment";

export const EXPERIMENTS: Readonly<Record<string, Experiment>> = {
  [E3.id]: E3,
  [E5_TUNING.id]: E5_TUNING,
  [E5.id]: E5,
  [E6.id]: E6,
  [E7.id]: E7,
};
