// Starts the project's own tslab with the repository root as working directory, so that notebook cells
// in any folder import the library as "./lib" (tslab's TypeScript rootDir is the kernel's cwd).
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "..", "..");
process.chdir(root);

// tslab 1.0.22 loads compiled TypeScript modules by joining the import path and appending ".js", so a
// directory import ("./lib", "./attacks") never finds its index.ts. Teach that join Node's rule: a path
// without an extension that is not a file but a folder with index.ts means the folder's index.
const tspath = require(path.join(root, "node_modules", "tslab", "dist", "tspath.js"));
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

const { startKernel } = require(path.join(root, "node_modules", "tslab", "dist", "main.js"));
startKernel({ configPath: process.argv[2], enableFindLocal: false });

// Unhandled rejections. tslab only logs them, so a cell with an unawaited rejected promise passes;
// headless runs (the notebook runner sets AT_STRICT_NOTEBOOKS=1) stop the kernel instead, and the runner
// reports the cell that was running. When the kernel shuts down, zeromq's heartbeat loop rejects with
// EBADF ("Socket is closed"): that one is expected and ignored.
process.removeAllListeners("unhandledRejection");
process.on("unhandledRejection", (reason) => {
  if (reason && reason.code === "EBADF") return;
  console.error("UnhandledPromiseRejection (an unawaited promise was rejected: await it):", reason);
  if (process.env.AT_STRICT_NOTEBOOKS === "1") setTimeout(() => process.exit(70), 200);
});
