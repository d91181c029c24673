// Attacks return x + δ with the gradient stopped: adversarial training differentiates the loss at a
// fixed δ (Danskin's theorem, paper-spec §2). TensorFlow.js has no stopGradient op, and an attack called
// inside tf.grad / tf.variableGrads would be recorded on that outer tape: its inner gradient steps
// would carry second-order terms into the outer gradient (through the L2 normalisation, for example)
// and every intermediate of every step would stay alive until the outer backward pass.
//
// So the attack runs with the outer tape set aside: the engine's tape and gradient depth are saved,
// cleared, and restored afterwards (tfjs 4.22 engine internals: `state.activeTape`, `state.gradientDepth`;
// the version is pinned). The attack's own tf.grad calls then start fresh tapes, and its result is a
// constant for the outer gradient.
import * as tf from "@tensorflow/tfjs";

interface TapeState {
  gradientDepth: number;
  activeTape: unknown;
}

/** Runs fn as if no gradient were being recorded around it. */
export function outsideTape<T>(fn: () => T): T {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth === 0) return fn();
  const saved = { gradientDepth: state.gradientDepth, activeTape: state.activeTape };
  state.gradientDepth = 0;
  state.activeTape = null;
  try {
    return fn();
  } finally {
    state.gradientDepth = saved.gradientDepth;
    state.activeTape = saved.activeTape;
  }
}
