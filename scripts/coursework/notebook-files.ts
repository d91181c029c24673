// Reading and writing notebooks (nbformat 4 JSON) for the coursework scripts, and the markers they use:
// a markdown cell tagged "exercises" opens a notebook's exercise section (npm run grade runs a student's
// notebook from there), code between `// BEGIN SOLUTION` and `// END SOLUTION` is a solution, a cell tagged
// "solution" is a worked solution, a cell tagged "check" holds the official check call of an exercise.
import * as fs from "fs";

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: { tags?: string[]; [key: string]: unknown };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export const BEGIN_SOLUTION = "// BEGIN SOLUTION";
export const END_SOLUTION = "// END SOLUTION";
export const STUB = 'throw new Error("exercise: write your answer here");';

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
}

/** As nbformat writes them: keys sorted, one-space indent, non-ASCII kept, a final newline. */
export function writeNotebook(file: string, notebook: Notebook): void {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value as object)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  fs.writeFileSync(file, `${JSON.stringify(sorted(notebook), null, 1)}\n`);
}

export function sourceOf(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A cell's source as nbformat stores it: lines, each but the last ending in "\n". */
export function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)).filter((line) => line !== "");
}

export function hasTag(cell: NotebookCell, tag: string): boolean {
  return (cell.metadata.tags ?? []).includes(tag);
}

/** The exercise ids a notebook checks, in order: from `at.coursework.check("NN.k", …)` in its code cells. */
export function checkedIds(notebook: Notebook): string[] {
  const ids: string[] = [];
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const match of sourceOf(cell).matchAll(/coursework\.check\(\s*"(\d\d\.\d+)"/g)) if (!ids.includes(match[1])) ids.push(match[1]);
  }
  return ids;
}
