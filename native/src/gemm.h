// Row-major single-precision GEMM through oneDNN.
#pragma once
#include <cstdint>

namespace onednn_kernels {

// C[m, n] = op(A) * op(B) + beta * C, op(X) = X or its transpose; leading dimensions as stored.
// Split over up to two threads by size (threads.h); oneDNN itself always runs single-threaded.
void Sgemm(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// The same on the calling thread only: for GEMMs inside a parallel region (one chunk per thread).
void SgemmSingle(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace onednn_kernels
