// tslab compiles cells with its own TypeScript (@tslab/typescript-for-tslab 5.0.4), whose exports are
// read-only getters, and keeps the compiler options inside its converter. To extend how a cell compiles
// (extra compiler options, a different ESM → CommonJS step) the kernel puts a derived module object in
// Node's require cache before tslab is loaded: tslab's require("@tslab/typescript-for-tslab") then
// returns it. Everything not overridden here is the real TypeScript, reached through the prototype.

/**
 * @param tslabDist  tslab's dist folder (to resolve tslab's own copy of TypeScript)
 * @param extension  { compilerOptions, transpileModule: (ts, input, options) => output }
 * @returns the real TypeScript module
 */
module.exports = function substituteTypeScript(tslabDist, extension) {
  const file = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDist] });
  if (require.cache[file]) throw new Error("tslab's TypeScript is already loaded: substitute it before loading tslab");
  const ts = require(file);
  const derived = Object.create(ts, {
    // With __esModule set, tslab's __importStar helper uses this object as it is.
    __esModule: { value: true },
    createWatchCompilerHost: { value: (roots, options, ...rest) => ts.createWatchCompilerHost(roots, { ...options, ...extension.compilerOptions }, ...rest) },
    transpileModule: { value: (input, options) => extension.transpileModule(ts, input, options) },
  });
  require.cache[file].exports = derived;
  return ts;
};
