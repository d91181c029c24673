// recordStatus counts the records present against each grid and sums their recorded wall times.
import { strict as assert } from "assert";
import * as fs from "fs";
import { E5_TUNING, EXPERIMENTS, recordName, recordStatus } from "../../lib/experiments";
import { readResult, resultPath, writeResult } from "../../lib/results";
import { temporaryFolder } from "../train/support";

describe("experiments/status", () => {
  it("counts the full-scale records of each experiment and sums their wall times", () => {
    const directory = temporaryFolder("status");
    assert.ok(recordStatus(directory).every((r) => r.recorded === 0 && r.wallHours === 0 && r.backends === ""));
    // Two records of the search, copied from the repository's own, with their wall times changed to known values.
    const [a, b] = E5_TUNING.grid("full")
      .slice(0, 2)
      .map((cell) => recordName(E5_TUNING, "full", cell.key));
    for (const [name, seconds] of [
      [a, 1800],
      [b, 5400],
    ] as const) {
      const record = readResult(name);
      writeResult({ ...record, provenance: { ...record.provenance, wallTimeSeconds: seconds } }, directory);
      assert.ok(fs.existsSync(resultPath(name, directory)));
    }
    const rows = recordStatus(directory);
    assert.deepEqual(
      rows.map((r) => r.experiment),
      Object.keys(EXPERIMENTS),
    );
    const tuning = rows.find((r) => r.experiment === E5_TUNING.id)!;
    assert.deepEqual([tuning.recorded, tuning.runs, tuning.wallHours, tuning.backends], [2, E5_TUNING.grid("full").length, 2, "wasm+native"]);
    assert.ok(rows.filter((r) => r !== tuning).every((r) => r.recorded === 0));
    fs.rmSync(directory, { recursive: true, force: true });
  });
});
