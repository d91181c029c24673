// Native MaxPoolGrad: each window's gradient goes to its first maximum (as on cpu), overlaps add up.
import { nativePoolGrad } from "./pool-grad";

export const nativeMaxPoolGrad = nativePoolGrad("MaxPoolGrad", (addon, heap, shape, x, dy, dx) =>
  addon.maxPoolGrad(heap, Float64Array.of(...shape, x, dy, dx)),
);
