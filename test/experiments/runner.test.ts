// The experiment runner: cell selection with named errors, one record per cell, existing records
// skipped, and an interrupted grid (SIGKILL mid-run) that, restarted, ends with the records of an
// uninterrupted run.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_ROOT } from "../../lib/core/paths";
import { cellFileName, parseOnly, recordName, runExperiment, selectCells } from "../../lib/experiments";
import { readResult, resultPath } from "../../lib/results";
import { temporaryFolder } from "../train/support";
import { TINY_EPOCHS, tinyExperiment } from "../fixtures/experiments/tiny";

const SCRIPT = path.join(REPOSITORY_ROOT, "test", "fixtures", "experiments", "run-tiny.ts");

/** Runs the tiny grid in a child process; with killAfter, SIGKILLs it once it printed that many epoch lines. */
function runChild(directory: string, checkpoints: string, killAfter?: number): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", SCRIPT, directory, checkpoints], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, AT_TINY_REPORT: "1", AT_TINY_EPOCH_PAUSE_MS: killAfter === undefined ? "0" : "300" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let epochs = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      epochs = (output.match(/^epoch \d+$/gm) ?? []).length;
      if (killAfter !== undefined && epochs >= killAfter) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ killed: true, output });
      else if (code === 0) resolve({ killed: false, output });
      else reject(new Error(`run-tiny exited with ${code}: ${output}`));
    });
  });
}

describe("experiments/runner", () => {
  const dirs: string[] = [];
  const folder = (name: string) => {
    const dir = temporaryFolder(name);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("selects cells by key and names bad fields and values with the valid ones", () => {
    const cells = tinyExperiment.grid("quick");
    assert.deepEqual(parseOnly("seed=1,seed=0"), { seed: ["1", "0"] });
    assert.deepEqual(
      selectCells(tinyExperiment, cells, "seed=1").map((c) => c.key.seed),
      [1],
    );
    assert.throws(() => selectCells(tinyExperiment, cells, "dataset=mnist"), /tiny has no key field "dataset"; its fields are seed/);
    assert.throws(() => selectCells(tinyExperiment, cells, "seed=7"), /seed has no value 7 in this grid; valid: 0, 1/);
    assert.throws(() => parseOnly("seed"), /--only takes key=value pairs/);
    assert.equal(cellFileName(tinyExperiment, { seed: 3 }), "seed3");
    assert.equal(recordName(tinyExperiment, "full", { seed: 3 }), "tiny/full/seed3");
  });

  it("writes one stamped record per cell and skips cells whose record exists", async () => {
    const directory = folder("runner-records");
    const first = await runExperiment(tinyExperiment, { scale: "quick", directory, checkpoints: null, progress: false, only: "seed=0" });
    assert.deepEqual(
      first.map((o) => [o.name, o.reused]),
      [["tiny/quick/seed0", false]],
    );
    assert.ok(fs.existsSync(resultPath("tiny/quick/seed0", directory)));
    assert.equal(readResult("tiny/quick/seed0", directory).results !== undefined, true);
    const second = await runExperiment(tinyExperiment, { scale: "quick", directory, checkpoints: null, progress: false });
    assert.deepEqual(
      second.map((o) => [o.name, o.reused]),
      [
        ["tiny/quick/seed0", true],
        ["tiny/quick/seed1", false],
      ],
    );
    assert.deepEqual(second[0].record, first[0].record, "the skipped cell's record is read back as written");
    await assert.rejects(
      runExperiment(tinyExperiment, { scale: "huge" as "quick", directory, progress: false }),
      /scale must be "quick" or "full", got "huge"/,
    );
  });

  it("killed with SIGKILL mid-grid and restarted, ends with the records of an uninterrupted run", async function () {
    this.timeout(300000);
    const reference = folder("runner-reference");
    await runChild(reference, folder("runner-reference-checkpoints"));
    const directory = folder("runner-interrupted");
    const checkpoints = folder("runner-interrupted-checkpoints");
    const interrupted = await runChild(directory, checkpoints, 3);
    assert.ok(interrupted.killed, "the first run was killed");
    assert.ok(!fs.existsSync(resultPath("tiny/quick/seed0", directory)), "killed before the first cell finished");
    const restarted = await runChild(directory, checkpoints);
    const epochsRun = (restarted.output.match(/^epoch \d+$/gm) ?? []).length;
    assert.ok(epochsRun < 2 * TINY_EPOCHS, `the restart resumed from the checkpoint (${epochsRun} epochs run again of ${2 * TINY_EPOCHS})`);
    for (const seed of [0, 1]) {
      const name = `tiny/quick/seed${seed}`;
      const a = readResult(name, reference);
      const b = readResult(name, directory);
      assert.deepEqual(b.results, a.results, `${name}: the same log and bit-identical weights`);
      assert.deepEqual(b.config, a.config);
      assert.deepEqual(b.stamp, a.stamp);
    }
  });
});
