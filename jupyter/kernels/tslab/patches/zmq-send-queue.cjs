// tslab sends its Jupyter messages without waiting for the previous send on the same socket, but a
// zeromq 6 socket takes one send at a time: a second one rejects with "Socket is busy writing" and the
// message (an output, a progress update, a status) is lost. That happens when a long cell updates a
// display often. Queue the sends of each socket instead.
module.exports = function installZmqSendQueue(zmq) {
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
};
