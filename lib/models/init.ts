import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng";

/**
 * PyTorch's default initialisation for linear and convolutional layers (kaiming_uniform with a = √5,
 * which reduces to U(−1/√fan_in, 1/√fan_in) for the weights, and the same bound for the biases). The
 * reference codes the project compares with (Rice et al. 2020, Chaudhari et al. 2017, Liu et al. 2020)
 * are PyTorch, so their models start from this distribution too.
 */
export function defaultInit(rng: Rng, shape: number[], fanIn: number, name: string): tf.Variable {
  const bound = 1 / Math.sqrt(fanIn);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.uniform() - 1) * bound;
  const initial = tf.tensor(values, shape, "float32");
  const variable = tf.variable(initial, true, uniqueName(name));
  initial.dispose(); // the variable holds its own reference to the data
  return variable;
}

let counter = 0;
// tfjs registers variables by name globally, so two models may not share a name.
function uniqueName(name: string): string {
  counter += 1;
  return `${name}_${counter}`;
}
