// Type-checks the library the way notebook cells see it: with tslab's own TypeScript (5.0.4) and its
// fixed options (non-strict, node10 resolution, esModuleInterop). `tsc -p .` checks with TypeScript 5.9
// in strict mode; code that passes there can still fail in a cell (newer syntax, or narrowing that
// needs strictNullChecks), and a type error fails the cell.
const path = require("path");
const ts = require("@tslab/typescript-for-tslab");
const root = path.resolve(__dirname, "..");
const options = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  declaration: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};
const program = ts.createProgram([path.join(root, "lib", "index.ts")], options);
const diagnostics = ts.getPreEmitDiagnostics(program);
for (const d of diagnostics) {
  const where = d.file ? `${path.relative(root, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start).line + 1})` : "";
  console.error(`${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
console.log(`[tslab-typecheck] TypeScript ${ts.version}: ${diagnostics.length} error(s) in lib/ as notebook cells see it`);
process.exit(diagnostics.length ? 1 : 0);
