// Starts the project's own tslab with the repository root as working directory, so that notebook cells
// in any folder import the library as "./lib" (tslab's TypeScript rootDir is the kernel's cwd), with
// the patches in ./patches that make tslab 1.0.22 behave as notebooks need; each file says why.
const path = require("path");
const root = path.resolve(__dirname, "..", "..", "..");
process.chdir(root);
const tslabDist = path.join(root, "node_modules", "tslab", "dist");
const patch = (name) => require(path.join(__dirname, "patches", name));

patch("directory-imports.cjs")(tslabDist);
patch("zmq-send-queue.cjs")(require(path.join(root, "node_modules", "zeromq")));

const { startKernel } = require(path.join(tslabDist, "main.js"));
startKernel({ configPath: process.argv[2], enableFindLocal: false });
patch("unhandled-rejections.cjs")();
