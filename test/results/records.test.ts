import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPOSITORY_ROOT } from "../../lib/core/paths";
import {
  atomicWriteFile,
  provenance,
  readResult,
  resultPath,
  stampCaption,
  validateStamp,
  writeResult,
  type ResultRecord,
  type ScaleStamp,
} from "../../lib/results";

const STAMP: ScaleStamp = {
  scale: "quick",
  dataset: "MNIST train 2000 (stratified, seed 0) / test 500",
  model: "mlp(784-256-256-10, relu)",
  threat: "L∞ ε=0.1",
  attack: "train PGD-10; eval PGD-20",
  budget: "2 epochs",
  optimizer: "SGD",
  seeds: [0],
  precision: "float32",
  backend: "wasm",
};

function record(results: unknown, stamp: unknown = STAMP): ResultRecord {
  return { format: "at-result/1", experiment: "unit", stamp: stamp as ScaleStamp, config: { a: 1 }, provenance: provenance(1.5, "4.22.0"), results };
}

describe("results/records", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "records-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a written result reads back equal, stamped, with provenance", () => {
    const file = writeResult(record({ accuracy: [0.5, 0.25] }), dir);
    assert.equal(file, resultPath("unit", dir));
    const back = readResult("unit", dir);
    assert.deepEqual(back.results, { accuracy: [0.5, 0.25] });
    assert.deepEqual(back.stamp, STAMP);
    assert.ok(/^[0-9a-f]{40}$|^unknown$/.test(back.provenance.gitCommit));
    assert.equal(typeof back.provenance.gitDirty, "boolean");
    assert.equal(back.provenance.versions.tfjs, "4.22.0");
    assert.equal(back.provenance.wallTimeSeconds, 1.5);
    assert.match(stampCaption(back.stamp, "data/results/unit.json"), /^Scale: quick · MNIST .* · seed 0 · float32 · wasm · from data\/results\/unit\.json$/);
  });

  it("the stamp schema: every field, a known scale, integer seeds, a precision", () => {
    validateStamp(STAMP);
    for (const key of Object.keys(STAMP) as (keyof ScaleStamp)[]) {
      const { [key]: _dropped, ...rest } = STAMP;
      assert.throws(() => validateStamp(rest), new RegExp(`lacks ${key}`), key);
    }
    assert.throws(() => validateStamp({ ...STAMP, scale: "huge" }), /stamp\.scale must be one of "quick", "full", "reference", got "huge"/);
    assert.throws(() => validateStamp({ ...STAMP, seeds: [0.5] }), /seeds must be an array of integers/);
    assert.throws(() => validateStamp({ ...STAMP, precision: "float16" }), /stamp\.precision must be one of "float32", "float64", got "float16"/);
    assert.throws(() => validateStamp(null), /scale stamp missing/);
  });

  it("writeResult refuses an unstamped record; readResult refuses an unstamped, unknown or truncated file", () => {
    assert.throws(() => writeResult(record({}, { ...STAMP, backend: "" }), dir), /lacks backend/);
    assert.ok(!fs.existsSync(resultPath("unit", dir)), "nothing written");
    fs.writeFileSync(resultPath("unstamped", dir), JSON.stringify({ ...record({}), experiment: "unstamped", stamp: undefined }));
    assert.throws(() => readResult("unstamped", dir), /carries no valid scale stamp \(scale stamp missing\)/);
    fs.writeFileSync(resultPath("other", dir), JSON.stringify({ format: "something/2" }));
    assert.throws(() => readResult("other", dir), /unknown result format something\/2/);
    fs.writeFileSync(resultPath("cut", dir), JSON.stringify(record({ x: 1 })).slice(0, 40));
    assert.throws(() => readResult("cut", dir), /is not a readable result file/);
    assert.throws(() => readResult("absent", dir), /no recorded result .*run the experiment at full scale first/);
    assert.throws(() => resultPath("../escape", dir), /experiment name must be a plain file name/);
  });

  it("atomicWriteFile: a write that fails midway leaves the old file whole and no temporary file", () => {
    const file = path.join(dir, "target.json");
    atomicWriteFile(file, "old contents\n");
    // The module object itself (an `import * as` namespace is read-only): records.ts reads through it.
    const nodeFs = require("fs") as { writeSync: typeof fs.writeSync };
    const realWrite = nodeFs.writeSync;
    // Simulate a crash (disk full, a kill of the write) after half of the new contents went out.
    nodeFs.writeSync = ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
      realWrite(fd, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }) as unknown as typeof fs.writeSync;
    try {
      assert.throws(() => atomicWriteFile(file, "new contents that will not fit\n".repeat(100)), /ENOSPC/);
    } finally {
      nodeFs.writeSync = realWrite;
    }
    assert.equal(fs.readFileSync(file, "utf8"), "old contents\n");
    assert.deepEqual(fs.readdirSync(dir), ["target.json"], "the temporary file is removed");
    atomicWriteFile(path.join(dir, "a", "b", "new.json"), "x");
    assert.equal(fs.readFileSync(path.join(dir, "a", "b", "new.json"), "utf8"), "x", "creates folders");
  });

  it("atomicWriteFile: a process killed (SIGKILL) while rewriting a large result never leaves a truncated file", async function () {
    this.timeout(60000);
    const file = path.join(dir, "big.json");
    // A child rewrites a 4 MB JSON file in a loop, each version complete and tagged; the parent kills it
    // at an arbitrary moment, then the file must parse and be one complete version.
    const script = `
      const { atomicWriteFile } = require(${JSON.stringify(path.join(REPOSITORY_ROOT, "lib", "results", "records.ts"))});
      const filler = "x".repeat(4 * 1024 * 1024);
      for (let version = 0; ; version++) {
        atomicWriteFile(${JSON.stringify(file)}, JSON.stringify({ version, filler, end: "complete" }));
        if (version === 0) process.stdout.write("first\\n");
      }`;
    const child = spawn(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`the writer exited early with code ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; filler: string; end: string };
    assert.equal(parsed.end, "complete");
    assert.equal(parsed.filler.length, 4 * 1024 * 1024);
    assert.ok(parsed.version >= 0);
    // What a kill can leave is at most one temporary file beside it, never a partial target.
    const others = fs.readdirSync(dir).filter((f) => f !== "big.json");
    assert.ok(others.length <= 1 && others.every((f) => /^big\.json\.\d+\.\d+\.tmp$/.test(f)), `left: ${others.join(", ")}`);
  });
});
