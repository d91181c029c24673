#include <algorithm>

#include "gemm.h"
#include "kernels.h"

namespace onednn_kernels {

void MatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, bool relu, float* out) {
  const int64_t lda = s.transpose_a ? s.m : s.k;
  const int64_t ldb = s.transpose_b ? s.k : s.n;
  for (int64_t i = 0; i < s.batch; ++i) {
    float* c = out + i * s.m * s.n;
    // A fused bias is written first and accumulated onto (beta = 1): no second pass over the output.
    if (bias != nullptr) {
      for (int64_t row = 0; row < s.m; ++row) std::copy(bias, bias + s.n, c + row * s.n);
    }
    if (s.k == 0) {
      if (bias == nullptr) std::fill(c, c + s.m * s.n, 0.0f);
    } else {
      Sgemm(s.transpose_a, s.transpose_b, s.m, s.n, s.k, a + i * s.a_batch_stride, lda, b + i * s.b_batch_stride, ldb,
            bias != nullptr ? 1.0f : 0.0f, c, s.n);
    }
    if (relu) {
      // As on cpu: x < 0 ? 0 : x, so NaN stays NaN.
      for (int64_t j = 0; j < s.m * s.n; ++j) c[j] = c[j] < 0.0f ? 0.0f : c[j];
    }
  }
}

}  // namespace onednn_kernels
