// tslab compiles cells with its own TypeScript (@tslab/typescript-for-tslab 5.0.4), whose exports are
// read-only getters, and keeps the compiler options and the emit call inside its converter. To extend
// how a cell compiles (extra compiler options, transformers that see the type checker, a different
// ESM → CommonJS step) the kernel puts a derived module object in Node's require cache before tslab is
// loaded: tslab's require("@tslab/typescript-for-tslab") then returns it. Everything not overridden
// here is the real TypeScript, reached through the prototype.
const path = require("path");

/**
 * @param tslabDist  tslab's dist folder (to resolve tslab's own copy of TypeScript)
 * @param root       the kernel's working directory, where tslab places the cell's virtual files
 * @param extension  { compilerOptions, cellTransformers: [(checker, previousCells, ts) => TransformerFactory],
 *                     transpileModule: (ts, input, options) => output }
 * @returns the real TypeScript module
 */
module.exports = function substituteTypeScript(tslabDist, root, extension) {
  const file = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDist] });
  if (require.cache[file]) throw new Error("tslab's TypeScript is already loaded: substitute it before loading tslab");
  const ts = require(file);
  // tslab's converter names the cell "<cwd>/__tslab__.ts" and the declarations of earlier cells
  // "<cwd>/__prev__.d.ts" (converter.js, createConverter).
  const cellFile = path.join(root, "__tslab__.ts");
  const previousCellsFile = path.join(root, "__prev__.d.ts");

  // The converter sets afterProgramCreate to keep each new builder; wrap the builder's emit so that
  // emitting the cell also runs the extension's transformers before TypeScript's own.
  function withCellTransformers(host) {
    const keepBuilder = host.afterProgramCreate;
    host.afterProgramCreate = (builder) => {
      const emit = builder.emit;
      builder.emit = (sourceFile, writeFile, cancel, onlyDts, transformers) => {
        if (!sourceFile || sourceFile.fileName !== cellFile) return emit.call(builder, sourceFile, writeFile, cancel, onlyDts, transformers);
        const checker = builder.getProgram().getTypeChecker();
        const previousCells = builder.getSourceFile(previousCellsFile);
        const before = extension.cellTransformers.map((make) => make(checker, previousCells, ts));
        return emit.call(builder, sourceFile, writeFile, cancel, onlyDts, { ...transformers, before: [...((transformers && transformers.before) || []), ...before] });
      };
      keepBuilder(builder);
    };
    return host;
  }

  const derived = Object.create(ts, {
    // With __esModule set, tslab's __importStar helper uses this object as it is.
    __esModule: { value: true },
    createWatchCompilerHost: { value: (roots, options, ...rest) => ts.createWatchCompilerHost(roots, { ...options, ...extension.compilerOptions }, ...rest) },
    createWatchProgram: { value: (host) => ts.createWatchProgram(withCellTransformers(host)) },
    transpileModule: { value: (input, options) => extension.transpileModule(ts, input, options) },
  });
  require.cache[file].exports = derived;
  return ts;
};
