// tslab only logs unhandled rejections, so a cell with an unawaited rejected promise passes; headless
// runs (the notebook runner sets AT_STRICT_NOTEBOOKS=1) stop the kernel instead, and the runner reports
// the cell that was running. When the kernel shuts down, zeromq's heartbeat loop rejects with EBADF
// ("Socket is closed"): that one is expected and ignored. Install after tslab's own listener.
module.exports = function installUnhandledRejections(cells, describe) {
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", (reason) => {
    if (reason && reason.code === "EBADF") return;
    const { traceback } = describe.error(reason, cells.current);
    console.error(["UnhandledPromiseRejection (an unawaited promise was rejected: await it):", ...traceback].join("\n"));
    if (process.env.AT_STRICT_NOTEBOOKS === "1") setTimeout(() => process.exit(70), 200);
  });
};
