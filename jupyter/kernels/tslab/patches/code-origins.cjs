// Where a position in the code that runs comes from: a line of a cell, or a line of a .ts file of the
// project. tslab runs compiled JavaScript, so without this an error names "evalmachine.<anonymous>" or
// "lib/viz/charts.js" (a file that exists nowhere) at lines of the compiled code.
// - TypeScript emits an inline source map with every compiled file (compilerOptions);
// - tslab's second step, ES module → CommonJS through ts.transpileModule, gets its own map, chained to
//   the first, and the result is kept under the file name the code runs as (transpileModule);
// - cells run as vm scripts without a name: each is named "cell N" (nameCellScripts).
const path = require("path");
const { fileURLToPath, pathToFileURL } = require("url");
const { decodeMappings, lookup, chain } = require("./source-maps.cjs");

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=\S*\s*$/;
// tslab runs a cell as vm.runInThisContext("(function(exports, require) { " + code + …, { breakOnSigint: true }).
const CELL_WRAPPER = /^\((async )?function\(exports, require\) \{ /;

module.exports = function codeOrigins(root, cells) {
  const maps = new Map(); // file name the code runs as → { mappings, sources, firstLineShift }
  const compiledCell = path.join(root, "__tslab__.js");

  function transpileModule(ts, input, options) {
    const inline = INLINE_MAP.exec(input);
    if (!inline) return ts.transpileModule(input, options);
    const inner = JSON.parse(Buffer.from(inline[1], "base64").toString());
    const output = ts.transpileModule(input.slice(0, inline.index), { ...options, compilerOptions: { ...options.compilerOptions, sourceMap: true } });
    const sources = inner.sources.map((source) => fileURLToPath(new URL(source, inner.sourceRoot)));
    // tslab runs the compiled a/b.ts (or a/b.js) as a/b.js.
    maps.set(sources[0].replace(/\.[jt]sx?$/, ".js"), {
      mappings: chain(decodeMappings(JSON.parse(output.sourceMapText).mappings), decodeMappings(inner.mappings)),
      sources,
      firstLineShift: 0,
    });
    return { ...output, outputText: output.outputText.replace(MAP_COMMENT, "\n"), sourceMapText: undefined };
  }

  function nameCellScripts(vm) {
    const run = vm.runInThisContext;
    vm.runInThisContext = function runCell(code, options) {
      const wrapper = options && options.breakOnSigint && !options.filename && CELL_WRAPPER.exec(code);
      if (!wrapper) return run.apply(this, arguments);
      const filename = `cell ${cells.current}`;
      // The cell compiled last is the one tslab runs now; the wrapper shifts its first line.
      if (maps.has(compiledCell)) maps.set(filename, { ...maps.get(compiledCell), firstLineShift: wrapper[0].length });
      return run.call(this, code, { ...options, filename });
    };
  }

  /** For a 1-based line and column of running code: { cell, line } or { file, line } (file relative to
   *  the project), or null when the code has no map (Node, node_modules, tslab itself). */
  function originOf(file, line, column) {
    const map = maps.get(file);
    const segment = map && lookup(map.mappings, line - 1, column - 1 - (line === 1 ? map.firstLineShift : 0));
    if (!segment) return null;
    const cell = /^cell (\d+)$/.exec(file);
    if (cell) return { cell: Number(cell[1]), line: cells.lineOfCellFile(segment[2]) };
    return { file: path.relative(root, map.sources[segment[1]]), line: segment[2] + 1 };
  }

  return {
    compilerOptions: { inlineSourceMap: true, sourceRoot: `${pathToFileURL(root).href}/` },
    transpileModule,
    nameCellScripts,
    originOf,
  };
};
