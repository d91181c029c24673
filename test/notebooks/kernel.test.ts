// The project's tslab kernel as a notebook meets it, through Jupyter's own client (nbclient, as nbconvert
// and graders use it): failures are Jupyter errors naming the cell and line, allow_errors runs on past
// them, an object shorthand reaches earlier cells' variables, an unawaited promise is warned about, a
// chart with a field missing from its data fails the cell. One fixture notebook holds all of these so
// that the kernel starts once. Backend-independent: runs in one suite only, as the runner's tests.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixture = path.join("test", "fixtures", "notebooks", "kernel-errors.ipynb");

interface Output {
  output_type: string;
  name?: string;
  text?: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** Runs the Python that has Jupyter (scripts/python.sh picks it), finding the project's kernel. */
function python(args: string[], timeout = 180000) {
  const env = { ...process.env, JUPYTER_PATH: path.join(root, "jupyter") };
  const result = spawnSync("bash", ["-c", 'source scripts/python.sh && exec "$PY" "$@"', "python", ...args], { cwd: root, env, encoding: "utf8", timeout });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function client(...args: string[]) {
  const { status, stdout, stderr } = python(["test/notebooks/kernel-client.py", ...args]);
  assert.equal(status, 0, stderr);
  return JSON.parse(stdout);
}

const suite = process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0" ? describe : describe.skip;

suite("notebook kernel", function () {
  this.timeout(240000);
  let cells: { execution_count: number; outputs: Output[] }[];
  const outputs = (count: number, type: string, name?: string) =>
    cells[count - 1].outputs.filter((o) => o.output_type === type && (name === undefined || o.name === name));
  const error = (count: number) => {
    const errors = outputs(count, "error");
    assert.equal(errors.length, 1, `cell ${count}: ${JSON.stringify(cells[count - 1].outputs)}`);
    return errors[0];
  };

  before(() => {
    ({ cells } = client("notebook", fixture, "--allow-errors"));
  });

  it("a failing cell is a Jupyter error: the error's class, its message, and a traceback naming cells and lines", () => {
    const { ename, evalue, traceback } = error(2);
    assert.equal(ename, "RangeError");
    assert.equal(evalue, "too big: 5");
    assert.deepEqual(traceback, [
      "RangeError: too big: 5",
      "cell 2, line 2: check(small + 4);",
      "cell 1, line 4: if (x > 1) throw new RangeError(`too big: ${x}`);",
    ]);
  });

  it("a cell that does not compile is a TypeScriptError whose value gives the diagnostics at cell lines, explanations indented", () => {
    const { ename, evalue, traceback } = error(3);
    assert.equal(ename, "TypeScriptError");
    assert.equal(
      evalue,
      [
        "line 1, column 7: Type 'string' is not assignable to type 'number'.",
        "line 3, column 7: Argument of type '{ a: string; }' is not assignable to parameter of type '{ a: number; }'.",
        "  Types of property 'a' are incompatible.",
        "  Type 'string' is not assignable to type 'number'.",
      ].join("\n"),
    );
    assert.deepEqual(traceback, [
      "TypeScriptError: cell 3 does not compile",
      "cell 3, line 1, column 7: Type 'string' is not assignable to type 'number'.",
      '    const answer: number = "forty-two";',
      "          ^",
      "cell 3, line 3, column 7: Argument of type '{ a: string; }' is not assignable to parameter of type '{ a: number; }'.",
      "    total(pair);",
      "          ^",
      "      Types of property 'a' are incompatible.",
      "      Type 'string' is not assignable to type 'number'.",
    ]);
  });
  it("with allow_errors, the cells after a failing one run", () => {
    assert.deepEqual(
      cells.map((cell) => cell.execution_count),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(outputs(4, "stream", "stdout")[0]?.text, "ran after the errors\n");
  });

  it("an object shorthand names a variable of an earlier cell", () => {
    assert.deepEqual(outputs(6, "error"), []);
    assert.equal(outputs(6, "stream", "stdout")[0]?.text, '{"seed":7}\n');
  });

  it("a call whose promise is not awaited is warned about, naming the cell and line; await, void, then and a kept promise are not", () => {
    const stderr = outputs(7, "stream", "stderr")
      .map((o) => o.text)
      .join("");
    assert.equal(stderr, "Warning: cell 7, line 1: later() starts a promise that is not awaited: add `await`\n");
  });

  it("a chart field missing from the data fails the cell, naming the field and the data's fields; the traceback points into lib/*.ts", () => {
    const { ename, evalue, traceback } = error(5);
    assert.equal(ename, "RangeError");
    assert.match(evalue!, /y\.field "acc" is not a field of the data; its fields are "epoch", "loss"/);
    assert.match(traceback![1], /^cell 5, line 2: lineChart\(/);
    assert.ok(
      traceback!.slice(2).every((line) => /^ {2}lib\/viz\/[\w-]+\.ts:\d+ in \w+$/.test(line)),
      traceback!.join("\n"),
    );
  });

  it('nbconvert --execute stops at the first failing cell and prints its error, not "<Error>: "', () => {
    const { status, stderr } = python(["-m", "nbconvert", "--to", "notebook", "--execute", "--stdout", fixture], 120000);
    assert.equal(status, 1);
    assert.match(stderr, /RangeError: too big: 5\ncell 2, line 2: check\(small \+ 4\);[\s\S]*\nRangeError: too big: 5\n/);
    assert.doesNotMatch(stderr, /<Error>/);
  });

  it("requests queued behind a failing one are aborted, unless its stop_on_error is false", () => {
    assert.deepEqual(client("queue"), { "stop_on_error=true": ["error", "abort"], "stop_on_error=false": ["error", "ok"] });
  });
});
