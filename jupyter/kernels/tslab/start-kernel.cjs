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

// tslab sends its Jupyter messages without waiting for the previous send on the same socket, but a
// zeromq 6 socket takes one send at a time: a second one rejects with "Socket is busy writing" and the
// message (an output, a progress update, a status) is lost. That happens when a long cell updates a
// display often. Queue the sends of each socket instead.
const zmq = require(path.join(root, "node_modules", "zeromq"));
const socketPrototype = Object.getPrototypeOf(zmq.Publisher.prototype);
const send = socketPrototype.send;
const pending = new WeakMap();
// The native method is read-only but configurable: redefine it rather than assign it.
Object.defineProperty(socketPrototype, "send", {
  configurable: true,
  writable: false,
  value: function queuedSend(message) {
    const previous = pending.get(this) || Promise.resolve();
    const next = previous.catch(() => undefined).then(() => send.call(this, message));
    pending.set(this, next);
    return next;
  },
});

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
