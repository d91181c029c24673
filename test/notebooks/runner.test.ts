// The notebook runner is the notebooks' test: it must fail on any failing cell and show that cell's own
// error text. Run against fixture notebooks. Backend-independent, so it runs in one suite only (the last
// one npm test runs: wasm with the native kernels).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixture = (name: string) => path.join("test", "fixtures", "notebooks", name);

function runNotebooks(...files: string[]) {
  const result = spawnSync("bash", ["scripts/run-notebooks.sh", "--jobs", "2", ...files], { cwd: root, encoding: "utf8", timeout: 180000 });
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
    assert.match(out, /type-error\.ipynb[^\n]*\ncell 1 failed:[\s\S]*Type 'string' is not assignable to type 'number'/);
    assert.match(out, /awaited-rejection\.ipynb[^\n]*\ncell 1 failed:[\s\S]*the awaited promise failed/);
    assert.match(out, /unawaited-rejection\.ipynb[^\n]*\ncell 1 killed the kernel:[\s\S]*nobody awaited this/);
  });
});
