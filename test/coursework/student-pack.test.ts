// The coursework as a teacher uses it: `npm run student-pack` leaves no solution in the pack and a stub in
// every answer cell; `npm run grade` gives the solution notebooks full marks, gives every check of the
// stubbed student notebooks zero with its feedback ("write your answer here" and a hint), and keeps
// grading a hand-in that throws, loops, renames a function, deletes a check cell, is not JSON or is missing.
// One grading run (three students, one kernel each) covers all of it. Backend-independent: one suite only.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exercises } from "../../lib/coursework";
import { BEGIN_SOLUTION, STUB, hasTag, readNotebook, sourceOf } from "../../scripts/coursework/notebook-files";
import { stubSolutions } from "../../scripts/coursework/strip";
import { zipEntries } from "../../scripts/coursework/zip";

const root = path.resolve(__dirname, "..", "..");
const suite = !process.env.AT_BACKEND || (process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0") ? describe : describe.skip;
const COURSE = [
  "01-attacks-primer.ipynb",
  "02-smoothness-and-the-prior-bound.ipynb",
  "03-binary-linear-classification.ipynb",
  "04-geometry-of-optimal-attacks.ipynb",
  "05-interior-optimum.ipynb",
  "06-l2-flatness-against-smoothness.ipynb",
  "07-linf-vertices-and-sign-flips.ipynb",
  "08-smoothness-of-dnn-adversarial-losses.ipynb",
  "09-local-entropy-smoothing.ipynb",
  "10-entropysgd-adversarial-training.ipynb",
  "11-hyperparameter-sensitivity.ipynb",
  "12-exercises.ipynb",
];

/** Every non-trivial line of the solutions of the course's notebooks (code blocks and solution cells). */
function solutionLines(): string[] {
  const lines = new Set<string>();
  for (const file of COURSE) {
    for (const [index, cell] of readNotebook(path.join(root, "notebooks", file)).cells.entries()) {
      const texts = hasTag(cell, "solution") ? [sourceOf(cell)] : cell.cell_type === "code" ? stubSolutions(sourceOf(cell), `${file} ${index}`).blocks : [];
      for (const text of texts) for (const line of text.split("\n")) if (line.trim().length >= 16) lines.add(line.trim());
    }
  }
  return [...lines];
}

suite("student pack and grading", function () {
  this.timeout(1200000);
  let work: string;
  let pack: string;
  let grades: { header: string[]; rows: Map<string, Record<string, string>> };
  const feedback = (student: string) => fs.readFileSync(path.join(work, "grades", "feedback", `${student}.md`), "utf8");
  /** The feedback block of one exercise in a student's feedback file. */
  const block = (student: string, id: string) => {
    const text = feedback(student);
    const start = text.indexOf(`## ${id} `);
    assert.ok(start >= 0, `no feedback for ${id}`);
    const end = text.indexOf("\n## ", start + 1);
    return text.slice(start, end < 0 ? undefined : end);
  };

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "at-coursework-"));
    pack = path.join(work, "student");
    const built = spawnSync("npx", ["--no-install", "tsx", "scripts/student-pack.ts", "--out", pack], { cwd: root, encoding: "utf8", timeout: 120000 });
    assert.equal(built.status, 0, built.stdout + built.stderr);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("the pack has the notebooks, the library and README-STUDENT.md, not the tests; the zip holds the same files", () => {
    for (const file of ["README-STUDENT.md", "package.json", "lib/index.ts", "jupyter/kernels/tslab/kernel.json", ...COURSE.map((f) => `notebooks/${f}`)]) {
      assert.ok(fs.existsSync(path.join(pack, file)), file);
    }
    assert.ok(!fs.existsSync(path.join(pack, "test")), "the tests (which hold reference answers) are not in the pack");
    const entries = zipEntries(`${pack}.zip`);
    assert.ok(entries.includes("README-STUDENT.md") && entries.includes("notebooks/12-exercises.ipynb") && !entries.some((e) => e.startsWith("test/")));
    const unzip = spawnSync("unzip", ["-tq", `${pack}.zip`], { encoding: "utf8" });
    if (unzip.error === undefined) assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
    const readme = fs.readFileSync(path.join(pack, "README-STUDENT.md"), "utf8");
    for (const e of exercises()) assert.ok(readme.includes(`| ${e.id} | ${e.title.replace(/\|/g, "\\|")} | ${e.minutes} min |`), e.id);
    assert.match(readme, /npm run setup/);
    assert.match(readme, /at\.coursework\.check/);
  });

  it("no solution survives in the pack: no markers, no solution cells, no line of a solution; every answer cell has the stub", () => {
    const lines = solutionLines();
    assert.ok(lines.length > 40, `${lines.length} solution lines`);
    for (const file of COURSE) {
      const text = fs.readFileSync(path.join(pack, "notebooks", file), "utf8");
      const notebook = readNotebook(path.join(pack, "notebooks", file));
      assert.ok(!text.includes(BEGIN_SOLUTION), `${file}: a solution marker survives`);
      assert.ok(!notebook.cells.some((c) => hasTag(c, "solution")), `${file}: a solution cell survives`);
      const sources = notebook.cells.map(sourceOf).join("\n");
      const outputs = JSON.stringify(notebook.cells.map((c) => c.outputs ?? []));
      for (const line of lines) assert.ok(!sources.includes(line) && !outputs.includes(line), `${file}: solution line survives: ${line}`);
      const answers = notebook.cells.filter((c) => hasTag(c, "answer"));
      assert.ok(answers.length > 0 && answers.every((c) => sourceOf(c).includes(STUB)), `${file}: an answer cell without the stub`);
    }
  });

  it("npm run grade: the solution notebooks get every point, the stubbed ones none", function () {
    const students = path.join(work, "hand-ins");
    for (const [student, source] of [
      ["teacher", path.join(root, "notebooks")],
      ["stub", path.join(pack, "notebooks")],
    ] as const) {
      fs.mkdirSync(path.join(students, student), { recursive: true });
      for (const file of COURSE) fs.copyFileSync(path.join(source, file), path.join(students, student, file));
    }
    // A careless hand-in: 01 is not JSON, 02 is missing, and in 12 the first cell throws, 12.4's function is
    // renamed, 12.5's loops forever, the "exercises" tag is gone and the 12.8 check cell is deleted.
    fs.mkdirSync(path.join(students, "careless"));
    fs.writeFileSync(path.join(students, "careless", "01-attacks-primer.ipynb"), "{ this is not a notebook");
    const nb = readNotebook(path.join(root, "notebooks", "12-exercises.ipynb"));
    for (const cell of nb.cells) {
      let s = sourceOf(cell);
      s = s
        .replace("function moreauOfAbs(", "function moreauEnvelopeOfAbs(")
        .replace('return mode === "gaussian-scaled"', 'while (true) {}\n  return mode === "gaussian-scaled"');
      if (s.includes('check("12.8"')) s = 'console.log("deleted");';
      cell.source = s;
      cell.metadata = {};
    }
    nb.cells[1].source = `throw new Error("a cell that throws");\n${sourceOf(nb.cells[1])}`;
    fs.writeFileSync(path.join(students, "careless", "my-exercises.ipynb"), JSON.stringify(nb));
    const out = path.join(work, "grades");
    const run = spawnSync("bash", ["scripts/grade.sh", students, "--out", out, "--timeout", "30", "--jobs", "2"], {
      cwd: root,
      encoding: "utf8",
      timeout: 1100000,
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const [header, ...lines] = fs
      .readFileSync(path.join(out, "grades.csv"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    grades = { header, rows: new Map(lines.map((cells) => [cells[0], Object.fromEntries(header.map((h, i) => [h, cells[i]]))])) };
    assert.deepEqual(header, ["student", ...exercises().map((e) => e.id), "total", "max"]);
    const all = exercises().map((e) => e.id);
    assert.deepEqual(
      all.map((id) => grades.rows.get("teacher")![id]),
      all.map(() => "1"),
      feedback("teacher"),
    );
    assert.deepEqual(
      all.map((id) => grades.rows.get("stub")![id]),
      all.map(() => "0"),
    );
    assert.ok(fs.readFileSync(path.join(out, "grades.html"), "utf8").includes("<table>"));
  });

  it("every check of the stubbed notebooks fails with its feedback: the stub's message, expected values and a hint", () => {
    for (const { id } of exercises()) {
      const text = block("stub", id);
      assert.match(text, /\(failed\)/, text);
      assert.match(text, /your code threw Error: exercise: write your answer here/, text);
      assert.match(text, /expected /, text);
      assert.match(text, /hint: this part is not written yet/, text);
    }
  });

  it("a careless hand-in is graded exercise by exercise: a thrown cell, a loop, a renamed function, a deleted check, a broken or missing file", () => {
    const row = grades.rows.get("careless")!;
    assert.deepEqual([row["12.1"], row["12.3"], row["12.8"]], ["1", "1", "1"], feedback("careless"));
    assert.equal(row["12.4"], "0");
    assert.match(block("careless", "12.4"), /Cannot find name 'moreauOfAbs'/);
    assert.equal(row["12.5"], "0");
    assert.match(block("careless", "12.5"), /timed out/);
    assert.match(block("careless", "01.1"), /unreadable notebook/);
    assert.match(block("careless", "02.1"), /not handed in/);
  });
});
