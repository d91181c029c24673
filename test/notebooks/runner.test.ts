// The notebook runner is the notebooks' test: it must fail on any failing cell and show that cell's own
// error text, and write outputs that a re-run does not change. Run against fixture notebooks.
// Backend-independent, so it runs in one suite only (the last one npm test runs: wasm with the native
// kernels).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixture = (name: string) => path.join("test", "fixtures", "notebooks", name);

function runNotebooks(...args: string[]) {
  const result = spawnSync("bash", ["scripts/run-notebooks.sh", "--jobs", "2", ...args], { cwd: root, encoding: "utf8", timeout: 180000 });
  return { status: result.status, out: result.stdout + result.stderr, last: result.stdout.trim().split("\n").pop() };
}

const suite = process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0" ? describe : describe.skip;

suite("notebook runner", function () {
  this.timeout(240000);

  it("passes a passing notebook and reports the count last", () => {
    const { status, last } = runNotebooks(fixture("passing.ipynb"));
    assert.equal(status, 0);
    assert.equal(last, "1 passed, 0 failed");
  });

  it("fails on a type error, an awaited rejection and an unawaited one, printing each cell's error", () => {
    const { status, out, last } = runNotebooks(fixture("type-error.ipynb"), fixture("awaited-rejection.ipynb"), fixture("unawaited-rejection.ipynb"));
    assert.equal(status, 1);
    assert.equal(last, "0 passed, 3 failed");
    // Cells are named by execution count, as the kernel names them (a markdown cell has none).
    assert.match(
      out,
      /type-error\.ipynb[^\n]*\ncell 2 failed:[\s\S]*--- error ---\nTypeScriptError: cell 2 does not compile\ncell 2, line 1, column 7: Type 'string' is not assignable to type 'number'\./,
    );
    assert.match(
      out,
      /awaited-rejection\.ipynb[^\n]*\ncell 2 failed:[\s\S]*--- error ---\nError: the awaited promise failed\ncell 2, line 1: await Promise\.reject/,
    );
    assert.match(
      out,
      /unawaited-rejection\.ipynb[^\n]*\ncell 2 killed the kernel:[\s\S]*UnhandledPromiseRejection[^\n]*\nError: nobody awaited this\ncell 2, line 2: late\(\);/,
    );
  });

  it("writes outputs without execution timings, so that a re-run leaves the notebook unchanged", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "at-runner-"));
    try {
      const copy = path.join(dir, "timings.ipynb");
      fs.copyFileSync(path.join(root, fixture("timings.ipynb")), copy);
      assert.equal(runNotebooks("--write", copy).status, 0);
      const first = fs.readFileSync(copy, "utf8");
      const cells = JSON.parse(first).cells;
      assert.equal([cells[1].outputs[0].text].flat().join(""), "42\n");
      assert.ok(
        cells.every((cell: { metadata: object }) => !("execution" in cell.metadata)),
        first,
      );
      assert.equal(runNotebooks("--write", copy).status, 0);
      assert.equal(fs.readFileSync(copy, "utf8"), first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
