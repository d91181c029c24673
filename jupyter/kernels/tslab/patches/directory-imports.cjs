// tslab 1.0.22 loads compiled TypeScript modules by joining the import path and appending ".js", so a
// directory import ("./lib", "./attacks") never finds its index.ts. Teach that join Node's rule: a path
// without an extension that is not a file but a folder with index.ts means the folder's index.
const fs = require("fs");
const path = require("path");

module.exports = function installDirectoryImports(tslabDist) {
  const tspath = require(path.join(tslabDist, "tspath.js"));
  const join = tspath.normalizeJoin;
  tspath.normalizeJoin = (...parts) => {
    const joined = join(...parts);
    const last = parts[parts.length - 1];
    if (parts.length === 2 && /^\.\.?(\/|$)/.test(last) && path.extname(joined) === "" &&
        !fs.existsSync(`${joined}.ts`) && fs.existsSync(path.join(joined, "index.ts"))) {
      return `${joined}/index`;
    }
    return joined;
  };
};
