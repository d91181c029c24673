// The update steps of the two hot loops as one pass each, with the arithmetic (float32, in the same
// order) of the tfjs op compositions they replace: PGD's projected ascent step (lib/attacks/objective.ts,
// FeasibleSet.ascentStep) and SGD's momentum update (lib/optim/sgd.ts). The compositions cost 7–20
// kernels (PGD) and 6 per parameter (SGD), each a pass over memory plus the engine's overhead. Built
// with -std=c++17 (ISO: no contraction into FMA), so every product and sum rounds as tfjs's kernels do.
#include <cmath>

#include "kernels.h"

namespace onednn_kernels {

namespace {
// clipByValue as tfjs: NaN passes through.
inline float Clip(float v, float low, float high) { return v > high ? high : (v < low ? low : v); }
}  // namespace

// Cloned for AVX-512 and AVX2 like reduce.cc (the build's baseline is SSE2): a 128x784 L∞ step 0.12 ->
// 0.035 ms standalone. (SgdUpdate, memory-bound, was slower cloned: 0.15 -> 0.23 ms for 784x256.) The L2
// norms in SumInDouble's lanes: as one serial chain of double additions each took 0.1 ms.
__attribute__((target_clones("avx512f", "avx2", "default"))) void ProjectedStep(bool linf, int64_t rows, int64_t cols,
                                                                                   float eps, float alpha, float low,
                                                                                   float high, const float* point,
                                                                                   const float* gradient,
                                                                                   const float* origin, float* out) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* p = point + r * cols;
    const float* g = gradient + r * cols;
    const float* x = origin + r * cols;
    float* y = out + r * cols;
    if (linf) {
      for (int64_t i = 0; i < cols; ++i) {
        const float s = static_cast<float>(g[i] > 0.0f) - static_cast<float>(g[i] < 0.0f);
        const float offset = (p[i] + s * alpha) - x[i];
        y[i] = Clip(x[i] + Clip(offset, -eps, eps), low, high);
      }
      continue;
    }
    const float inverse = 1.0f / (static_cast<float>(std::sqrt(SumInDouble(g, cols, true))) + kNormFloor);
    for (int64_t i = 0; i < cols; ++i) y[i] = (p[i] + (g[i] * inverse) * alpha) - x[i];
    const double length = SumInDouble(y, cols, true);
    // eps / max(‖δ‖, eps): exactly 1 inside the ball; the floor keeps eps = 0 from dividing 0 by 0.
    const float factor = eps / std::fmax(static_cast<float>(std::sqrt(length)), std::fmax(eps, 1e-30f));
    for (int64_t i = 0; i < cols; ++i) y[i] = Clip(x[i] + y[i] * factor, low, high);
  }
}

void SgdUpdate(int64_t size, float lr, float momentum, float weight_decay, bool nesterov, const float* param, const float* grad,
               const float* velocity, float* param_out, float* velocity_out) {
  for (int64_t i = 0; i < size; ++i) {
    const float g = weight_decay > 0.0f ? grad[i] + param[i] * weight_decay : grad[i];
    float direction = g;
    if (velocity != nullptr) {
      const float v = velocity[i] * momentum + g;
      velocity_out[i] = v;
      direction = nesterov ? g + v * momentum : v;
    }
    param_out[i] = param[i] - direction * lr;
  }
}

}  // namespace onednn_kernels
