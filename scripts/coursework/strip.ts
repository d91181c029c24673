// The student version of a notebook: cells tagged "solution" removed, the code between
// `// BEGIN SOLUTION` and `// END SOLUTION` replaced by a stub that throws "exercise: write your answer
// here" (at the marker's indentation, so the function's signature stays and the cell compiles), and the
// outputs of the exercise section cleared (they would show the solutions' results).
import { BEGIN_SOLUTION, END_SOLUTION, STUB, hasTag, sourceLines, sourceOf, type Notebook, type NotebookCell } from "./notebook-files";

export interface StrippedNotebook {
  readonly notebook: Notebook;
  /** Every solution text removed (code blocks and solution cells), to check that none survives. */
  readonly solutions: string[];
  /** The number of stubs written. */
  readonly stubs: number;
}

/** Replaces each solution block of a code cell's source by the stub; returns the new source and the blocks. */
export function stubSolutions(source: string, where: string): { source: string; blocks: string[] } {
  const out: string[] = [];
  const blocks: string[] = [];
  let block: string[] | null = null;
  source.split("\n").forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === BEGIN_SOLUTION) {
      if (block) throw new Error(`${where}, line ${i + 1}: ${BEGIN_SOLUTION} inside another solution block`);
      block = [];
      out.push(`${line.slice(0, line.indexOf("//"))}${STUB}`);
    } else if (trimmed === END_SOLUTION) {
      if (!block) throw new Error(`${where}, line ${i + 1}: ${END_SOLUTION} without ${BEGIN_SOLUTION}`);
      blocks.push(block.join("\n"));
      block = null;
    } else if (block) block.push(line);
    else out.push(line);
  });
  if (block) throw new Error(`${where}: ${BEGIN_SOLUTION} without ${END_SOLUTION}`);
  return { source: out.join("\n"), blocks };
}

export function stripNotebook(notebook: Notebook, name: string): StrippedNotebook {
  const solutions: string[] = [];
  let stubs = 0;
  const exercises = notebook.cells.findIndex((cell) => hasTag(cell, "exercises"));
  const cells: NotebookCell[] = [];
  notebook.cells.forEach((cell, index) => {
    if (hasTag(cell, "solution")) {
      solutions.push(sourceOf(cell));
      return;
    }
    const copy: NotebookCell = { ...cell, metadata: { ...cell.metadata } };
    if (cell.cell_type === "code") {
      const { source, blocks } = stubSolutions(sourceOf(cell), `${name}, cell ${index + 1}`);
      solutions.push(...blocks);
      stubs += blocks.length;
      copy.source = sourceLines(source);
      if ((exercises >= 0 && index >= exercises) || blocks.length > 0 || hasTag(cell, "check")) {
        copy.outputs = [];
        copy.execution_count = null;
      }
    }
    cells.push(copy);
  });
  return { notebook: { ...notebook, cells }, solutions, stubs };
}
