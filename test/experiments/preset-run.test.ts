// cellSeconds: a cell's recorded wall time counts its training (summed over resumed sessions) and the
// measuring after it; before it existed, E3 and E7 recorded the training alone, E6 its S1–S6 profile
// without the F5 scans.
import { strict as assert } from "assert";
import { cellSeconds, type PresetRun } from "../../lib/experiments/preset-run";

describe("experiments/preset-run", () => {
  it("cellSeconds adds the time since training returned to the trainer's wall time, in seconds", () => {
    // A run whose training took 10 s (over all its sessions) and returned 2 s ago.
    const run = { result: { wallTimeSeconds: 10 }, trainedAt: performance.now() - 2000 } as unknown as PresetRun;
    const seconds = cellSeconds(run);
    assert.ok(seconds >= 12 && seconds < 13, `expected 12–13 s, got ${seconds}`);
    assert.ok(cellSeconds(run) >= seconds, "the clock runs on while the cell measures");
  });
});
