// Jupyter's contract for a failing cell, which tslab 1.0.22 does not keep:
// - the execute_reply has status "error" with ename, evalue and traceback, and an "error" output is
//   published: nbclient, nbconvert and graders read failures there (tslab wrote them to stderr and
//   replied with an error that has no name, so `nbconvert --execute` printed "<Error>: ");
// - the request's stop_on_error decides whether the requests queued behind a failing cell are aborted.
//   It is true unless the client lets errors pass (nbclient's allow_errors, nbconvert --allow-errors);
//   tslab aborted them always, so the cells after an error were skipped silently.
// tslab's executor prints its failures through the console it is given; the kernel gives it one that
// keeps them, and turns them into the error contents (tracebacks.cjs).

/** Rejects a queue task so that tslab's queue cancels the requests queued behind it. */
class StopQueue {
  constructor(outcome) {
    this.outcome = outcome;
  }
}

module.exports = function installExecuteReplies({ jupyter, executorModule, util }, cells, describe) {
  const createExecutor = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, console) => {
    let reports = null;
    const executor = createExecutor(rootDir, convs, { log: console.log, error: (...args) => (reports ? reports.push(args) : console.error(...args)) });
    const execute = executor.execute;
    // Resolves to null when the cell ran, else to what tslab reported: diagnostics or the thrown value.
    executor.execute = async (code) => {
      const captured = (reports = []);
      let ok;
      try {
        ok = await execute(code);
      } finally {
        reports = null;
      }
      if (!ok) return captured;
      for (const args of captured) console.error(...args); // diagnostics of a module cell, which still ran
      return null;
    };
    return executor;
  };

  const { JupyterHandlerImpl, ZmqServer } = jupyter;

  JupyterHandlerImpl.prototype.handleExecuteImpl = async function (req, writeStream, writeDisplayData) {
    // As tslab: what is written while (and after) the cell runs goes to the cell that ran last.
    process.stdout.write = this.createWriteToIopub("stdout", writeStream);
    process.stderr.write = this.createWriteToIopub("stderr", writeStream);
    jupyter.lastWriteDisplayData = writeDisplayData;
    const count = ++this.execCount;
    cells.start(count, req.code);
    const failure = await this.executor.execute(req.code);
    return { count, error: failure && describe.failure(failure, count) };
  };

  JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
    const stopOnError = req.stop_on_error !== false;
    let outcome;
    try {
      outcome = await this.execQueue.add(async () => {
        const result = await this.handleExecuteImpl(req, writeStream, writeDisplayData);
        if (result.error && stopOnError) throw new StopQueue(result);
        return result;
      });
    } catch (e) {
      if (e instanceof util.TaskCanceledError) return { status: "abort" };
      outcome = e instanceof StopQueue ? e.outcome : { count: cells.current, error: describe.error(e, cells.current) };
      // As tslab: a fresh queue in 200 ms, so that requests still arriving (a "Run all") are aborted too.
      this.execQueue.reset(200);
    }
    if (!outcome.error) return { status: "ok", execution_count: outcome.count };
    return { status: "error", execution_count: outcome.count, ...outcome.error };
  };

  ZmqServer.prototype.handleExecute = async function (sock, msg) {
    const send = (type, content, socket) => {
      const message = msg.createReply();
      message.header.msg_type = type;
      message.content = content;
      message.signAndSend(this.connInfo.key, socket);
    };
    const writeStream = (name, text) => send("stream", { name, text }, this.iopub);
    const writeDisplayData = (data, update) => send(update ? "update_display_data" : "display_data", data, this.iopub);
    const content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData);
    if (content.status === "error") send("error", { ename: content.ename, evalue: content.evalue, traceback: content.traceback }, this.iopub);
    send("execute_reply", content, sock);
  };
};
