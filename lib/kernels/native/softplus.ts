// Native Softplus, vectorised (the wasm kernel calls exp and log one value at a time: 25 ms for the
// 1.4·10⁶ activations of E3's small CNN, half of its PGD step). Accurate to a few ulp at every x,
// native/src/elementwise.cc says how.
import { nativeUnary } from "./unary";

export const nativeSoftplus = nativeUnary("Softplus", "softplus");
