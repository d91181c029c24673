// Native AvgPoolGrad: each window's gradient spread over its filter's pixels, overlaps adding up, as on
// cpu (the mean pooling of E3's small CNN; the wasm kernel took 17 ms where this takes about 1).
import { nativePoolGrad } from "./pool-grad";

export const nativeAvgPoolGrad = nativePoolGrad("AvgPoolGrad", (addon, heap, shape, _x, dy, dx) => addon.avgPoolGrad(heap, Float64Array.of(...shape, dy, dx)));
