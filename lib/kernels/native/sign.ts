// Native Sign (the step direction of every PGD iteration; the wasm kernel is a slow scalar loop).
import { nativeUnary } from "./unary";

export const nativeSign = nativeUnary("Sign", "sign");
