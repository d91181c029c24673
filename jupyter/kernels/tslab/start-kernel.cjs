// Starts the project's own tslab with the repository root as working directory, so that notebook cells
// in any folder import the library as "./lib" (tslab's TypeScript rootDir is the kernel's cwd), with
// the patches in ./patches that make tslab 1.0.22 behave as notebooks need; each file says why.
const path = require("path");
const vm = require("vm");
const root = path.resolve(__dirname, "..", "..", "..");
process.chdir(root);
const tslabDist = path.join(root, "node_modules", "tslab", "dist");
const patch = (name) => require(path.join(__dirname, "patches", name));

// V8 keeps 10 frames by default; an error thrown deep inside TensorFlow.js would lose the cell's frame.
Error.stackTraceLimit = 50;

const cells = patch("cells.cjs");
const origins = patch("code-origins.cjs")(root, cells);
const describe = patch("tracebacks.cjs")(cells, origins);
// Before anything loads tslab, which loads its TypeScript once.
patch("typescript.cjs")(tslabDist, root, {
  compilerOptions: origins.compilerOptions,
  transpileModule: origins.transpileModule,
  cellTransformers: [patch("shorthand.cjs"), patch("floating-promises.cjs")(cells)],
});
origins.nameCellScripts(vm);
patch("directory-imports.cjs")(tslabDist);
patch("zmq-send-queue.cjs")(require(path.join(root, "node_modules", "zeromq")));
patch("execute-replies.cjs")({
  jupyter: require(path.join(tslabDist, "jupyter.js")),
  executorModule: require(path.join(tslabDist, "executor.js")),
  util: require(path.join(tslabDist, "util.js")),
}, cells, describe);

const { startKernel } = require(path.join(tslabDist, "main.js"));
startKernel({ configPath: process.argv[2], enableFindLocal: false });
patch("unhandled-rejections.cjs")(cells, describe);
