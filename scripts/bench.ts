// npm run bench -- [--backends cpu,wasm,wasm+native] [--workloads a,b] [--runs 5] [--warmup 3] [--seconds 2] [--json FILE] [--all] [--profile]
//
// Times the library's hot paths on every backend available, side by side in one run: each backend
// configuration runs in its own process (the native kernels are registered globally, so wasm and
// wasm+native cannot share one), the workloads one after the other. Each workload is warmed up for
// `warmup` seconds (at least one run), then timed over at least `runs` runs and at least `seconds` (the
// way Google Benchmark's min_time works): a 3 ms step is timed hundreds of times, a 20 s one `runs` times.
// Reports the median, min and max, the number of timed runs, examples per second, the kernels one run
// launches, and the ratio of medians to cpu and to wasm. --profile also prints, per workload, where one
// run's time goes: the kernels by total time (tf.profile's per-kernel wall times; profiling adds a
// little to each), which is what says whether a step is bound by arithmetic or by per-kernel overhead.
// Workloads that take minutes per run on the cpu backend (the smoothness estimators) are left out there
// unless --all is given.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend, activeBackend } from "../lib/backend";
import { BATCH, WORKLOADS } from "./bench/workloads";

interface Run {
  workload: string;
  backend: string;
  batch: number;
  medianMs: number;
  timedRuns: number;
  minMs: number;
  maxMs: number;
  examplesPerSecond: number;
  /** Kernels the engine ran in one run (tf.profile), the per-op overhead the short workloads pay; null where not counted. */
  kernels: number | null;
}

/** Runs slower than this are not profiled for their kernel count (an epoch would hold millions). */
const PROFILE_BELOW_MS = 5000;

// Caps the timed runs of a sub-millisecond workload.
const MAX_TIMED_RUNS = 1000;

const CONFIGURATIONS: Record<string, NodeJS.ProcessEnv> = {
  cpu: { AT_BACKEND: "cpu" },
  wasm: { AT_BACKEND: "wasm", AT_NATIVE: "0" },
  "wasm+native": { AT_BACKEND: "wasm", AT_NATIVE: "1" },
  tensorflow: { AT_BACKEND: "tensorflow" },
};

function parseArgs(argv: string[]) {
  const args = {
    backends: Object.keys(CONFIGURATIONS),
    workloads: WORKLOADS.map((w) => w.name),
    runs: 5,
    warmup: 3,
    seconds: 2,
    json: "",
    child: false,
    all: false,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new RangeError(`${argv[i - 1]} needs a value`);
      return value;
    };
    switch (argv[i]) {
      case "--backends":
        args.backends = next().split(",");
        break;
      case "--workloads":
        args.workloads = next().split(",");
        break;
      case "--runs":
        args.runs = Number(next());
        break;
      case "--warmup":
        args.warmup = Number(next());
        break;
      case "--seconds":
        args.seconds = Number(next());
        break;
      case "--json":
        args.json = next();
        break;
      case "--child":
        args.child = true;
        break;
      case "--all":
        args.all = true;
        break;
      case "--profile":
        args.profile = true;
        break;
      default:
        throw new RangeError(`unknown argument ${argv[i]} (see the header of scripts/bench.ts)`);
    }
  }
  const unknownBackend = args.backends.filter((b) => !(b in CONFIGURATIONS));
  const unknownWorkload = args.workloads.filter((w) => !WORKLOADS.some((x) => x.name === w));
  if (unknownBackend.length) throw new RangeError(`unknown backend(s) ${unknownBackend.join(", ")}; known: ${Object.keys(CONFIGURATIONS).join(", ")}`);
  if (unknownWorkload.length) throw new RangeError(`unknown workload(s) ${unknownWorkload.join(", ")}; known: ${WORKLOADS.map((w) => w.name).join(", ")}`);
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new RangeError(`--runs must be a positive integer, got ${args.runs}`);
  if (!(args.seconds >= 0 && args.seconds <= 60)) throw new RangeError(`--seconds must be in [0, 60], got ${args.seconds}`);
  if (!(args.warmup >= 0 && args.warmup <= 60)) throw new RangeError(`--warmup must be in [0, 60], got ${args.warmup}`);
  return args;
}

/** In the child: time every workload on the backend AT_BACKEND/AT_NATIVE selected; print JSON runs. */
/** One run's kernels grouped by name, by total time: "BatchMatMul ×8 1.44 ms (44%)" lines. */
function kernelTimeLines(
  kernels: { name: string; kernelTimeMs: number | { error: string } | Promise<number | { error: string }> }[],
  top = 8,
): Promise<string[]> {
  return Promise.all(kernels.map(async (k) => ({ name: k.name, ms: Number(await k.kernelTimeMs) || 0 }))).then((timed) => {
    const byName = new Map<string, { count: number; ms: number }>();
    for (const { name, ms } of timed) {
      const entry = byName.get(name) ?? { count: 0, ms: 0 };
      byName.set(name, { count: entry.count + 1, ms: entry.ms + ms });
    }
    const total = timed.reduce((sum, k) => sum + k.ms, 0);
    return [...byName.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([name, { count, ms }]) => `${name} ×${count} ${ms.toFixed(2)} ms (${((100 * ms) / total).toFixed(0)}%)`)
      .concat(`all ${timed.length} kernels: ${total.toFixed(2)} ms`);
  });
}

async function child(workloads: string[], runs: number, warmup: number, seconds: number, all: boolean, profile: boolean): Promise<void> {
  await initBackend({ quiet: true });
  const backend = activeBackend();
  const out: Run[] = [];
  for (const workload of WORKLOADS.filter((w) => workloads.includes(w.name))) {
    if (backend === "cpu" && workload.heavyOnCpu && !all) {
      process.stderr.write(`  ${backend.padEnd(12)} ${workload.name.padEnd(26)} skipped (minutes per run on cpu; --all to include)\n`);
      continue;
    }
    const { run, dispose } = workload.setup();
    // Warm-up (kernel set-up, JIT, memory pools, the native kernels' thread decisions): a fast step
    // keeps getting faster over its first seconds (the MLP step with the native kernels: ~5 ms over runs
    // 5–10, ~3 ms after 50; the native CNN step's per-second medians 20.5, 17.2, 16.0, 15.8 ms, then
    // ~15 ms), so the warm-up is a time, not a count, and long enough to reach the steady state a
    // training run spends its hours in.
    const warmStart = performance.now();
    do await run();
    while (performance.now() - warmStart < warmup * 1000);
    const budgetMs = seconds * 1000;
    const times: number[] = [];
    let timedMs = 0;
    while (times.length < (workload.runs ?? runs) || (timedMs < budgetMs && times.length < MAX_TIMED_RUNS)) {
      const start = process.hrtime.bigint();
      await run();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      timedMs += times[times.length - 1];
    }
    times.sort((a, b) => a - b);
    const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
    // Counted after timing, as profiling slows every kernel down.
    const info = median < PROFILE_BELOW_MS ? await tf.profile(async () => void (await run())) : null;
    // tf.profile also lists the named scopes of ops ("fusedMatMul__op"), whose time is their kernels'.
    const launched = info === null ? null : info.kernels.filter((k) => !k.name.endsWith("__op"));
    const kernels = launched === null ? null : launched.length;
    if (profile && launched !== null) {
      const lines = await kernelTimeLines(launched);
      process.stderr.write(`  ${backend} ${workload.name}, one run by kernel:\n${lines.map((l) => `    ${l}\n`).join("")}`);
    }
    dispose();
    out.push({
      workload: workload.name,
      backend,
      batch: BATCH,
      medianMs: median,
      timedRuns: times.length,
      minMs: times[0],
      maxMs: times[times.length - 1],
      examplesPerSecond: ((workload.examplesPerRun ?? BATCH) * 1000) / median,
      kernels,
    });
    process.stderr.write(`  ${backend.padEnd(12)} ${workload.name.padEnd(26)} ${median.toFixed(1)} ms\n`);
  }
  if (tf.memory().numTensors > 0) process.stderr.write(`  (${tf.memory().numTensors} tensors alive after the workloads)\n`);
  process.stdout.write(JSON.stringify(out) + "\n");
}

function table(runs: Run[]): string {
  const median = (workload: string, backend: string) => runs.find((r) => r.workload === workload && r.backend === backend)?.medianMs;
  const header = ["workload", "backend", "batch", "median ms", "min ms", "max ms", "runs", "examples/s", "kernels/run", "× cpu", "× wasm"];
  const rows = runs.map((r) => {
    const ratio = (base: string) => {
      const m = median(r.workload, base);
      return m === undefined || r.backend === base ? "" : `${(m / r.medianMs).toFixed(1)}×`;
    };
    return [
      r.workload,
      r.backend,
      String(r.batch),
      r.medianMs.toFixed(1),
      r.minMs.toFixed(1),
      r.maxMs.toFixed(1),
      String(r.timedRuns),
      Math.round(r.examplesPerSecond).toString(),
      r.kernels === null ? "—" : String(r.kernels),
      ratio("cpu"),
      ratio("wasm"),
    ];
  });
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j < 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args.workloads, args.runs, args.warmup, args.seconds, args.all, args.profile);
  const runs: Run[] = [];
  for (const backend of args.backends) {
    process.stderr.write(`[bench] ${backend} ...\n`);
    const childArgs = [
      "--child",
      "--workloads",
      args.workloads.join(","),
      "--runs",
      String(args.runs),
      "--warmup",
      String(args.warmup),
      "--seconds",
      String(args.seconds),
      ...(args.all ? ["--all"] : []),
      ...(args.profile ? ["--profile"] : []),
    ];
    const result = spawnSync(process.execPath, [...process.execArgv, __filename, ...childArgs], {
      env: { ...process.env, ...CONFIGURATIONS[backend], AT_QUIET: "1" },
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    const last = result.stdout.trim().split("\n").pop() ?? "";
    if (result.status !== 0 || !last.startsWith("[")) {
      process.stderr.write(`[bench] ${backend}: not available (${result.status === 0 ? "no output" : `exit ${result.status}`})\n`);
      continue;
    }
    const childRuns = JSON.parse(last) as Run[];
    // wasm+native falls back to plain wasm where the addon is missing: do not report it twice.
    if (backend === "wasm+native" && childRuns.every((r) => r.backend !== "wasm+native")) {
      process.stderr.write("[bench] wasm+native: native kernels not loaded, skipped\n");
      continue;
    }
    runs.push(...childRuns);
  }
  console.log(
    `\nBenchmark: median of ≥ ${args.runs} runs and ≥ ${args.seconds} s after ${args.warmup} s of warm-up, batch ${BATCH}, node ${process.version}, tfjs ${tf.version.tfjs}\n`,
  );
  console.log(table(runs));
  console.log("\nWorkloads:");
  for (const w of WORKLOADS.filter((x) => args.workloads.includes(x.name))) console.log(`  ${w.name.padEnd(24)} ${w.description}`);
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify({ runs }, null, 1) + "\n");
    console.log(`\nwrote ${args.json}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
