#include "gemm.h"

#include <dnnl.h>
#include <omp.h>

#include <stdexcept>
#include <string>

#include "threads.h"

namespace onednn_kernels {

void SgemmSingle(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  // oneDNN sizes its own parallel regions from omp_get_max_threads(); threads are ours to split.
  if (!omp_in_parallel() && omp_get_max_threads() != 1) omp_set_num_threads(1);
  const dnnl_status_t status = dnnl_sgemm(transpose_a ? 'T' : 'N', transpose_b ? 'T' : 'N', m, n, k, 1.0f, a, lda, b,
                                          ldb, beta, c, ldc);
  if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(status));
}

void Sgemm(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  const int threads = PlanThreads(static_cast<double>(m) * n * k);
  if (threads == 1) {
    SgemmSingle(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // One block of rows of C per thread, or of columns when C is wider than tall: the split along the
  // longer side keeps each thread's GEMM the better shape (the bench CNN's dense input gradient,
  // 128x1600 = 128x128 * (1600x128)^T, standalone on two threads: 0.43 ms by rows, 0.31 by columns;
  // square-ish and tall products tie). op(A)'s row i starts at a + i * lda, or at a + i when A is
  // stored transposed; op(B)'s column j likewise.
  const bool by_rows = m >= n;
  const int64_t extent = by_rows ? m : n;
  const int64_t block = (extent + threads - 1) / threads;
  ParallelFor(threads, threads, [&](int64_t part) {
    const int64_t first = part * block;
    const int64_t count = std::min(extent, first + block) - first;
    if (count <= 0) return;
    if (by_rows) {
      SgemmSingle(transpose_a, transpose_b, count, n, k, a + first * (transpose_a ? 1 : lda), lda, b, ldb, beta,
                  c + first * ldc, ldc);
    } else {
      SgemmSingle(transpose_a, transpose_b, m, count, k, a, lda, b + first * (transpose_b ? ldb : 1), ldb, beta,
                  c + first, ldc);
    }
  });
}

}  // namespace onednn_kernels
