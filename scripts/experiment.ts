// npm run experiment -- <id> [--scale quick|full] [--only key=value,...] [--seeds 0,1,2]
// npm run experiment -- status      (the full-scale records present, per experiment, and their wall time)
//
// Runs the grid of one experiment of lib/experiments (the same code the notebooks call): skips cells
// whose record exists, resumes an interrupted cell from its checkpoint, reports each finished cell with
// the grid's ETA, and prints a summary table at the end. Full-scale records go to data/results/<id>/full/
// (committed), quick ones to build/results/. Bad options fail before any work, naming the valid values.
import { initBackend } from "../lib";
import { EXPERIMENTS, parseOnly, recordStatus, runExperiment, selectCells, summaryRows, type RunnableScale } from "../lib/experiments";
import { tableText } from "../lib/viz";

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run experiment -- <${Object.keys(EXPERIMENTS).join("|")}> [--scale quick|full] [--only key=value,...] [--seeds 0,1,2]\n       npm run experiment -- status`,
  );
  process.exit(2);
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.round(s / 60);
  return s < 90 ? `${Math.round(s)} s` : m < 90 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function parseArguments(argv: string[]) {
  const [id, ...rest] = argv;
  if (id === undefined || id.startsWith("--")) usage("name an experiment");
  const experiment = EXPERIMENTS[id];
  if (experiment === undefined) usage(`unknown experiment "${id}"; valid: ${Object.keys(EXPERIMENTS).join(", ")}`);
  let scale = "quick";
  let only: Record<string, string[]> = {};
  let seeds: number[] | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag === "--scale") scale = value;
    else if (flag === "--only") only = parseOnly(value);
    else if (flag === "--seeds") seeds = value.split(",").map(Number);
    else usage(`unknown option ${flag}`);
  }
  if (scale !== "quick" && scale !== "full") usage(`--scale must be quick or full, got "${scale}"`);
  const runnable: RunnableScale = scale;
  // "seeds=0,seeds=1" inside --only is the same as --seeds 0,1.
  if (only.seeds !== undefined) {
    seeds = only.seeds.map(Number);
    delete only.seeds;
  }
  if (seeds !== undefined && !seeds.every((s) => Number.isInteger(s) && s >= 0)) usage(`seeds must be non-negative integers, got ${seeds.join(",")}`);
  selectCells(experiment, experiment.grid(runnable, seeds), only); // names bad keys and values before any work
  return { experiment, scale: runnable, only, seeds };
}

function printStatus(): void {
  const rows = recordStatus().map((r) => ({
    experiment: r.experiment,
    recorded: `${r.recorded} of ${r.runs}`,
    "wall time": formatSeconds(r.wallHours * 3600),
    backends: r.backends,
    title: r.title,
  }));
  console.log(tableText(rows, { title: "Full-scale records in data/results/", caption: "wall time: the sum of the records' provenance.wallTimeSeconds" }));
}

async function main(): Promise<void> {
  if (process.argv[2] === "status") return printStatus();
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    usage((error as Error).message);
  }
  const { experiment, scale, only, seeds } = options;
  const backend = await initBackend();
  console.log(`[experiment] ${experiment.id} (${experiment.title}) at scale ${scale} on ${backend}`);
  const outcomes = await runExperiment(experiment, {
    scale,
    only,
    seeds,
    progress: false,
    onCell: (r) => console.log(`[experiment] ${r.done}/${r.count} ${r.name} (${formatSeconds(r.seconds)} elapsed, ETA ${formatSeconds(r.etaSeconds)})`),
  });
  const reused = outcomes.filter((o) => o.reused).length;
  console.log(`[experiment] ${outcomes.length} records (${reused} existed, ${outcomes.length - reused} run)`);
  console.log(tableText(summaryRows(experiment, outcomes), { title: `${experiment.id} at ${scale}`, caption: `records under data/results or build/results` }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
