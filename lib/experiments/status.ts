// Which full-scale records of the grid experiments are in the repository, and what they cost here:
// `npm run experiment -- status` and notebook 00 show it, so neither README nor a notebook keeps a count by hand.
import { EXPERIMENTS } from "./registry";
import { loadRecords } from "./runner";

export interface RecordStatus {
  readonly experiment: string;
  readonly title: string;
  /** Records present under data/results/<id>/full/. */
  readonly recorded: number;
  /** Runs in the full grid. */
  readonly runs: number;
  /** Sum of the records' wall times (provenance.wallTimeSeconds), in hours; 0 when none is recorded. */
  readonly wallHours: number;
  /** The backends the records were computed on. */
  readonly backends: string;
}

/** One row per registered experiment, at full scale. */
export function recordStatus(directory?: string): RecordStatus[] {
  return Object.values(EXPERIMENTS).map((experiment) => {
    const records = loadRecords(experiment, "full", directory);
    const seconds = records.reduce((s, o) => s + o.record.provenance.wallTimeSeconds, 0);
    return {
      experiment: experiment.id,
      title: experiment.title,
      recorded: records.length,
      runs: experiment.grid("full").length,
      wallHours: seconds / 3600,
      backends: [...new Set(records.map((o) => o.record.stamp.backend))].join(", "),
    };
  });
}
