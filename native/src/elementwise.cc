// Elementwise kernels PGD runs every step, with the tfjs cpu backend's semantics: the wasm kernels are
// scalar loops (Maximum / Minimum: 0.8 ms for a 128x784 batch, as long as the batch's whole GEMM;
// Softplus: 25 ms for the 1.4·10⁶ activations of E3's small CNN, its libm exp and log one value at a time).
#include <cmath>
#include <cstring>
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

namespace {
// softplus(x) = max(x, 0) + log1p(exp(−|x|)): no overflow, and no cancellation for very negative x, where
// it is exp(x) to full relative precision. Both functions branch-free in float arithmetic so that the
// loop vectorises (libm's expf / log1pf are scalar calls):
// - exp(−a), a = |x| ≤ 104: a = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite: ln2 in two parts, so n·ln2_hi is
//   exact), exp(−r) by its Taylor polynomial to r⁷ (truncation < 6e-9 relative), times 2⁻ⁿ as two normal
//   powers of two built in the exponent bits (so results below 1.2e-38 underflow gradually, to the
//   subnormals cpu gives). Beyond 104, exp(−a) rounds to 0 in float32.
// - log1p(t), t ∈ (0, 1]: 2·atanh(s) with s = t / (2 + t) ≤ 1/3, by the odd series to s¹⁵ (truncation
//   < 2e-9 relative); no 1 + t is ever formed, so small t keep their digits.
// Measured against float64 in test/kernels/softplus.test.ts (a few ulp).
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;  // 8 significant bits: n·kLn2Hi is exact for n < 2^16
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kRound = 12582912.0f;  // 1.5·2^23: x + kRound − kRound rounds x to an integer (|x| < 2^22)
constexpr float kExpCutoff = 104.0f;

// 2^−k for k ∈ [0, 126], from its exponent bits.
inline float PowerOfHalf(int32_t k) {
  const int32_t bits = (127 - k) << 23;
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

inline float Softplus1(float x) {
  const float a = x < 0.0f ? -x : x;
  const float clamped = a < kExpCutoff ? a : kExpCutoff;
  const float n = (clamped * kLog2e + kRound) - kRound;
  const float r = (clamped - n * kLn2Hi) - n * kLn2Lo;  // exp(−a) = 2^−n · exp(−r)
  const float q = -r;
  const float p =
      1.0f + q * (1.0f + q * (0.5f + q * (1.0f / 6 + q * (1.0f / 24 + q * (1.0f / 120 + q * (1.0f / 720 + q * (1.0f / 5040)))))));
  const int32_t k = static_cast<int32_t>(n);  // ≤ 150: 2^−n = 2^−(n/2) · 2^−(n − n/2), both normal
  const float t = a < kExpCutoff ? (p * PowerOfHalf(k >> 1)) * PowerOfHalf(k - (k >> 1)) : 0.0f;
  const float s = t / (2.0f + t);
  const float w = s * s;
  const float series =
      1.0f + w * (1.0f / 3 + w * (1.0f / 5 + w * (1.0f / 7 + w * (1.0f / 9 + w * (1.0f / 11 + w * (1.0f / 13 + w * (1.0f / 15)))))));
  const float y = (x > 0.0f ? x : 0.0f) + 2.0f * s * series;
  return x != x ? x : y;  // NaN stays NaN
}
}  // namespace

// Cloned for AVX-512 and AVX2 (the build's baseline is SSE2), like steps.cc.
__attribute__((target_clones("avx512f", "avx2", "default"))) void Softplus(int64_t size, const float* x, float* y) {
  for (int64_t i = 0; i < size; ++i) y[i] = Softplus1(x[i]);
}

}  // namespace onednn_kernels
