// Sums and means in double accumulators (tfjs-backend-wasm folds whole tensors into one float32 running
// sum: the mean of 47·10⁶ pixels in [0, 1] came out 4.7 % high). Each output is rounded to float32 once.
// Vectorised without giving up accuracy: a segment is summed in 32 interleaved double lanes (SumInDouble,
// also the L2 norms of steps.cc), a row of outputs is added to a row of double accumulators.
#include <algorithm>

#include "kernels.h"

namespace onednn_kernels {
namespace {
// Outputs accumulated at once when the innermost axis is kept: 16 KiB of doubles stay in L1.
constexpr int64_t kColumnChunk = 2048;
constexpr int kLanes = 32;

// acc[c] += Σ_r x[r * stride + c] for c < width, r < rows. Eight rows per pass over the accumulators:
// their loads and stores, not the arithmetic, bound the loop.
__attribute__((target_clones("avx512f", "avx2", "default"))) void AddRows(const float* x, int64_t rows, int64_t stride,
                                                                             int64_t width, double* __restrict acc) {
  int64_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const float* __restrict a = x + r * stride;
    for (int64_t j = 0; j < width; ++j) {
      const double s0 = static_cast<double>(a[j]) + a[j + stride];
      const double s1 = static_cast<double>(a[j + 2 * stride]) + a[j + 3 * stride];
      const double s2 = static_cast<double>(a[j + 4 * stride]) + a[j + 5 * stride];
      const double s3 = static_cast<double>(a[j + 6 * stride]) + a[j + 7 * stride];
      acc[j] += (s0 + s1) + (s2 + s3);
    }
  }
  for (; r < rows; ++r) {
    const float* __restrict row = x + r * stride;
    for (int64_t j = 0; j < width; ++j) acc[j] += row[j];
  }
}
}  // namespace

// The lanes are independent chains the compiler turns into vector registers; the tail and the final
// fold of the lanes are vector operations too (as scalar chains they took 11 ms for 60000 rows of 784
// values, against 6.3 ms).
__attribute__((target_clones("avx512f", "avx2", "default"))) double SumInDouble(const float* x, int64_t n, bool squares) {
  double lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) lanes[j] += squares ? static_cast<double>(x[i + j]) * x[i + j] : x[i + j];
  }
  for (int j = 0; j < n - i; ++j) lanes[j] += squares ? static_cast<double>(x[i + j]) * x[i + j] : x[i + j];
  for (int width = kLanes / 2; width >= 1; width /= 2) {
    for (int j = 0; j < width; ++j) lanes[j] += lanes[j + width];
  }
  return lanes[0];
}

// One thread: the work is memory-bound and the second core shares the first one's bandwidth (47·10⁶
// floats: 4.9 ms on one thread, 5.1 on two; 2.8·10⁶ in 32 columns: 0.21 ms on one, 0.31 on two).
void ReduceSum(int64_t outer, int64_t reduce, int64_t inner, bool mean, const float* x, float* y) {
  const double divisor = mean ? static_cast<double>(reduce) : 1.0;
  if (inner == 1) {
    for (int64_t o = 0; o < outer; ++o) y[o] = static_cast<float>(SumInDouble(x + o * reduce, reduce, false) / divisor);
    return;
  }
  double acc[kColumnChunk];
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t c0 = 0; c0 < inner; c0 += kColumnChunk) {
      const int64_t width = std::min(kColumnChunk, inner - c0);
      std::fill(acc, acc + width, 0.0);
      AddRows(x + o * reduce * inner + c0, reduce, inner, width, acc);
      for (int64_t c = 0; c < width; ++c) y[o * inner + c0 + c] = static_cast<float>(acc[c] / divisor);
    }
  }
}

}  // namespace onednn_kernels
