// Elementwise kernels PGD runs every step, with the tfjs cpu backend's semantics: the wasm kernels are
// scalar loops (Maximum / Minimum: 0.8 ms for a 128x784 batch, as long as the batch's whole GEMM).
#include <cmath>
#include <limits>

#include "kernels.h"

namespace onednn_kernels {

void Sign(int64_t size, const float* x, float* y) {
  for (int64_t i = 0; i < size; ++i) y[i] = static_cast<float>(x[i] > 0.0f) - static_cast<float>(x[i] < 0.0f);
}

namespace {
// JavaScript's Math.max / Math.min: NaN if either is NaN, +0 above -0.
inline float JsMax(float a, float b) {
  if (a != a || b != b) return std::numeric_limits<float>::quiet_NaN();
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
inline float JsMin(float a, float b) {
  if (a != a || b != b) return std::numeric_limits<float>::quiet_NaN();
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

template <float (*op)(float, float)>
void Apply(int64_t size, const float* a, bool a_scalar, const float* b, bool b_scalar, float* y) {
  if (a_scalar) {
    const float s = a[0];
    for (int64_t i = 0; i < size; ++i) y[i] = op(s, b[i]);
  } else if (b_scalar) {
    const float s = b[0];
    for (int64_t i = 0; i < size; ++i) y[i] = op(a[i], s);
  } else {
    for (int64_t i = 0; i < size; ++i) y[i] = op(a[i], b[i]);
  }
}
}  // namespace

void MaximumMinimum(bool maximum, int64_t size, const float* a, bool a_scalar, const float* b, bool b_scalar,
                    float* y) {
  if (maximum) {
    Apply<JsMax>(size, a, a_scalar, b, b_scalar, y);
  } else {
    Apply<JsMin>(size, a, a_scalar, b, b_scalar, y);
  }
}

}  // namespace onednn_kernels
