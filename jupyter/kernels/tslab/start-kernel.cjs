// Starts the project's own tslab with the repository root as working directory, so that notebook cells
// in any folder import the library as "./lib" (tslab's TypeScript rootDir is the kernel's cwd).
const path = require("path");
const root = path.resolve(__dirname, "..", "..", "..");
process.chdir(root);
const { startKernel } = require(path.join(root, "node_modules", "tslab", "dist", "main.js"));
startKernel({ configPath: process.argv[2], enableFindLocal: false });

// tslab only logs an unawaited rejected promise, so its cell passes. Headless runs (the notebook runner
// sets AT_STRICT_NOTEBOOKS=1) stop the kernel instead, and the runner reports the cell that was running.
if (process.env.AT_STRICT_NOTEBOOKS === "1") {
  process.on("unhandledRejection", (reason) => {
    console.error("An unawaited promise was rejected (await it):", reason);
    setTimeout(() => process.exit(70), 200);
  });
}
