import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend, activeBackend } from "../lib/backend";

const root = path.resolve(__dirname, "..");

describe("backend", () => {
  it("reports the backend tfjs actually uses", async () => {
    const name = await initBackend({ quiet: true });
    assert.equal(name, activeBackend());
    assert.equal(name.replace("+native", ""), tf.getBackend());
    if (process.env.AT_BACKEND) assert.equal(tf.getBackend(), process.env.AT_BACKEND);
  });

  it("refuses an unknown backend, and fails clearly when a forced one is not available", async () => {
    await assert.rejects(
      initBackend({ prefer: "webgpu", quiet: true }),
      /AT_BACKEND \(or options.prefer\) must be one of "tensorflow", "wasm", "cpu", got "webgpu"/,
    );
    let tfjsNode = true;
    try {
      require("@tensorflow/tfjs-node");
    } catch {
      tfjsNode = false;
    }
    if (!tfjsNode)
      await assert.rejects(
        initBackend({ prefer: "tensorflow", quiet: true }),
        /backend "tensorflow" was forced \(AT_BACKEND\) but @tensorflow\/tfjs-node .* absent or its addon does not load/,
      );
  });

  it("prints no tfjs banner when the library is imported and used on the cpu backend", function () {
    this.timeout(60000);
    const script =
      'const at = require("./lib"); const tf = require("@tensorflow/tfjs"); at.initBackend({ quiet: true }).then(() => tf.add(tf.ones([2]), 1).dataSync());';
    const result = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: root,
      env: { ...process.env, AT_BACKEND: "cpu" },
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout + result.stderr, "");
  });
});
