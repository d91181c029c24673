// tslab sends its Jupyter messages without waiting for the previous send on the same socket, but a
// zeromq 6 socket takes one send at a time: a second one rejects with "Socket is busy writing" and the
// message (an output, a progress update, a status) is lost. That happens when a long cell updates a
// display often. Queue the sends of each socket instead. A send while the socket is still binding (the
// kernel's first status message at start-up) rejects with EBUSY, "Socket is blocked by a bind or unbind
// operation", and the kernel died of it now and then (seen in a headless run): retry it shortly after.
const BUSY_RETRIES = 50;
const BUSY_WAIT_MS = 20;
module.exports = function installZmqSendQueue(zmq) {
  const socketPrototype = Object.getPrototypeOf(zmq.Publisher.prototype);
  const send = socketPrototype.send;
  const pending = new WeakMap();
  // The native method is read-only but configurable: redefine it rather than assign it.
  Object.defineProperty(socketPrototype, "send", {
    configurable: true,
    writable: false,
    value: function queuedSend(message) {
      const attempt = (retries) =>
        send.call(this, message).catch((error) => {
          if (!error || error.code !== "EBUSY" || retries === 0) throw error;
          return new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS)).then(() => attempt(retries - 1));
        });
      const previous = pending.get(this) || Promise.resolve();
      const next = previous.catch(() => undefined).then(() => attempt(BUSY_RETRIES));
      pending.set(this, next);
      return next;
    },
  });
};
