// npm run student-pack [-- --out DIR]: the course as students get it, in build/student/ and
// build/student.zip — the repository's files a student needs (the library, the kernel, the scripts,
// the recorded results, the notebooks) with every notebook stripped of its solutions
// (scripts/coursework/strip.ts), and README-STUDENT.md (set-up, time per exercise, how checks work).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { exercises } from "../lib/coursework";
import { QUICK_RUN_MINUTES } from "./coursework/course";
import { checkedIds, readNotebook, writeNotebook } from "./coursework/notebook-files";
import { stripNotebook } from "./coursework/strip";
import { writeZip } from "./coursework/zip";

const root = path.resolve(__dirname, "..");
/** What of the repository goes into the pack: not the tests (they hold reference answers), CI or build output. */
const INCLUDED = [
  /^lib\//,
  /^jupyter\//,
  /^scripts\//,
  /^native\//,
  /^docs\//,
  /^site\//,
  /^data\/results\//,
  /^notebooks\/[^/]+\.ipynb$/,
  /^(package\.json|package-lock\.json|tsconfig\.json|environment\.md|README\.md|\.gitignore)$/,
];

function parseArguments(argv: string[]): { out: string } {
  let out = path.join(root, "build", "student");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && argv[i + 1]) out = path.resolve(argv[++i]);
    else {
      console.error(`unknown argument ${argv[i]}\nusage: npm run student-pack [-- --out DIR]`);
      process.exit(2);
    }
  }
  return { out };
}

/** The repository's files (tracked by git, or, outside a git checkout, found on disk). */
function repositoryFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  } catch {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .flatMap((e) =>
          e.name === "node_modules" || e.name === "build" || e.name.startsWith(".")
            ? []
            : e.isDirectory()
              ? walk(path.join(dir, e.name))
              : [path.join(dir, e.name)],
        );
    return walk(".").map((f) => path.normalize(f));
  }
}

function titleOf(file: string): string {
  const cell = readNotebook(path.join(root, file)).cells.find((c) => c.cell_type === "markdown");
  const source = cell ? [cell.source].flat().join("") : "";
  return (source.split("\n").find((line) => line.startsWith("# ")) ?? `# ${file}`).slice(2);
}

export function studentReadme(notebooks: string[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|"); // a "|" in a title would end the table cell
  const rows = exercises().map((e) => `| ${e.id} | ${cell(e.title)} | ${e.minutes} min | ${e.points} |`);
  const byNotebook = notebooks.map((file) => {
    const id = path.basename(file).slice(0, 2);
    const count = exercises(id).length;
    const minutes = QUICK_RUN_MINUTES[id];
    return `| \`${file}\` | ${cell(titleOf(file))} | ${count || "—"} | ${minutes === undefined ? "—" : `~${minutes} min`} |`;
  });
  const work = exercises().reduce((s, e) => s + e.minutes, 0);
  return `# Coursework: Smoothness of adversarial training — student pack

This pack is the research kit of the course with the solutions taken out: the library (\`lib/\`), the notebooks
(\`notebooks/\`), and what runs them. The exercises are in \`notebooks/12-exercises.ipynb\` and at the end of other
notebooks, under a heading **Exercises**.

## Set up (once)

On Debian 12 or Ubuntu with Node.js ≥ 20.19 (as root, or with password-less \`sudo\` for the apt step):

\`\`\`sh
npm run setup      # npm packages, Jupyter, fonts, MathJax, the datasets; fast when already done
npm run notebook   # opens the notebooks on http://127.0.0.1:8888
\`\`\`

Open a notebook and, if asked, choose the kernel **TypeScript (tslab, project root)**. Run the cells from the top.

## How an exercise works

Each exercise has a statement, a cell with a function to write, and a check cell:

\`\`\`ts
function moreauOfAbs(eps: number, gamma: number, theta: number): number {
  throw new Error("exercise: write your answer here");   // ← replace this line by your code
}
await at.coursework.check("12.4", { envelope: moreauOfAbs, ... });
\`\`\`

Keep the function's name and signature: the check calls it. The check runs your function on cases with known
answers. When all pass it prints \`✔ Exercise 12.4 …: all 12 cases pass.\`; otherwise the cell fails with

\`\`\`
ExerciseFailed: ✘ Exercise 12.4 (…): 2 of 12 cases fail.
  • M_γ(θ) at θ = 0.1, ε = 0.5, γ = 2 (inside |θ| ≤ ε/γ), against a numerical minimisation
      expected 0.01
      got      0.05
      tolerance relative 1e-9 or absolute 1e-12
      hint: inside |θ| ≤ ε/γ the prox point is 0, so M = γθ²/2
\`\`\`

— which case, what was expected, what your code gave, the tolerance and a hint. Fix, re-run the answer cell, re-run
the check. The cells after a check use your functions (figures, small experiments), so run them too: they are
part of the exercise. A check is feedback, not a proof: the derivation asked for in the statement is yours to
write (a markdown cell below the exercise is a good place).

## The exercises and the time they take

| Exercise | Title | Time | Points |
|---|---|---|---|
${rows.join("\n")}

About ${Math.round(work / 60)} hours of work in all.

## The notebooks, and how long they take to run

Run times at the quick scale (the default) on a 2-core laptop, measured headless:

| Notebook | Title | Exercises | Run time |
|---|---|---|---|
${byNotebook.join("\n")}

## Hand-in

Hand in your notebooks (\`notebooks/*.ipynb\`) as your teacher asks. Your teacher grades them with
\`npm run grade\`, which runs each notebook's exercise section headless and runs the same checks: a cell that
throws, loops or was edited does not stop the grading of the other exercises, but a renamed function gets no
points. Run every check yourself before handing in.
`;
}

function main(): void {
  const { out } = parseArguments(process.argv.slice(2));
  const files = repositoryFiles().filter((f) => INCLUDED.some((pattern) => pattern.test(f)) && fs.existsSync(path.join(root, f)));
  fs.rmSync(out, { recursive: true, force: true });
  let stubs = 0;
  const notebooks: string[] = [];
  for (const file of files) {
    const target = path.join(out, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.startsWith("notebooks/")) {
      const stripped = stripNotebook(readNotebook(path.join(root, file)), file);
      writeNotebook(target, stripped.notebook);
      stubs += stripped.stubs;
      notebooks.push(file);
      const ids = checkedIds(stripped.notebook);
      if (ids.length) console.log(`[student-pack] ${file}: exercises ${ids.join(", ")}, ${stripped.stubs} stubs`);
    } else fs.copyFileSync(path.join(root, file), target);
  }
  fs.writeFileSync(path.join(out, "README-STUDENT.md"), studentReadme(notebooks.sort()));
  const packed = [...files, "README-STUDENT.md"].sort();
  const zip = `${out}.zip`;
  writeZip(zip, out, packed);
  console.log(`[student-pack] ${packed.length} files, ${stubs} solutions replaced by stubs: ${path.relative(root, out)}/ and ${path.relative(root, zip)}`);
}

if (require.main === module) main();
