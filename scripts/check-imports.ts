// npm test's import check: folders of lib/ import only folders below them in the order of
// docs/design.md §2, and no files import each other in a cycle. Prints every offending import and
// exits 1 on any; reads import/export-from statements (type-only ones too: a type cycle is a cycle).
import * as fs from "fs";
import * as path from "path";

/** docs/design.md §2, top to bottom; a folder may import its own files and any folder on a later line. */
const LAYERS: readonly (readonly string[])[] = [
  ["index"],
  ["coursework"],
  ["experiments"],
  ["train", "smoothness", "landscape"],
  ["parameter-space"],
  ["attacks"],
  ["optim", "losses", "data", "models", "theory", "backend"],
  ["kernels", "viz", "results"],
  ["core"],
];

const root = path.resolve(__dirname, "..");
const lib = path.join(root, "lib");

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** The folder of lib/ a file belongs to: its first path segment, or its name for files at lib/'s top. */
function folderOf(file: string): string {
  const parts = path.relative(lib, file).split(path.sep);
  return parts.length === 1 ? parts[0].replace(/\.ts$/, "") : parts[0];
}

function layerOf(folder: string): number {
  const layer = LAYERS.findIndex((names) => names.includes(folder));
  if (layer < 0) throw new Error(`lib/${folder} is in no layer of scripts/check-imports.ts (docs/design.md §2): add it`);
  return layer;
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${path.relative(root, from)}: cannot resolve "${specifier}"`);
}

const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm;
const all = files(lib);
const graph = new Map<string, string[]>();
const problems: string[] = [];
for (const file of all) {
  const text = fs.readFileSync(file, "utf8");
  const targets: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1]);
    if (target === null) continue;
    targets.push(target);
    const [a, b] = [folderOf(file), folderOf(target)];
    if (a !== b && layerOf(b) <= layerOf(a)) {
      problems.push(`${path.relative(root, file)} imports ${path.relative(root, target)}: lib/${b} is not below lib/${a} (docs/design.md §2)`);
    }
  }
  graph.set(file, targets);
}

// Cycles between files: Tarjan's strongly connected components.
let index = 0;
const order = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
function visit(v: string): void {
  order.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!order.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
  }
  if (low.get(v) === order.get(v)) {
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) problems.push(`files import each other in a cycle: ${component.map((f) => path.relative(root, f)).join(" → ")}`);
  }
}
for (const file of all) if (!order.has(file)) visit(file);

if (problems.length > 0) {
  console.error(`[check-imports] ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`[check-imports] ${all.length} files of lib/: imports go down the layers of docs/design.md §2, no cycles`);
