// im2col / col2im for NHWC convolutions, one bounded chunk of rows at a time (row = output pixel).
#pragma once
#include <cstdint>

#include "kernels.h"

namespace onednn_kernels {

// Columns of the im2col matrix: (a, b, c) in the filter's [kh, kw, cin] order.
inline int64_t PatchSize(const ConvShape& s) { return s.filter_height * s.filter_width * s.in_channels; }
inline int64_t PixelsPerImage(const ConvShape& s) { return s.out_height * s.out_width; }
inline int64_t OutputPixels(const ConvShape& s) { return s.batch * PixelsPerImage(s); }

// A 1x1, stride-1, unpadded convolution: x itself is the im2col matrix.
bool IsPointwise(const ConvShape& s);

// How many im2col rows one chunk holds (at least one): about 512 KiB, so a chunk stays in the core's
// L2 cache between im2col writing it and the GEMM reading it. The matrix is never materialised whole.
int64_t ChunkRows(const ConvShape& s);

// A buffer of at least `floats` floats private to the calling thread (grows, never shrinks).
float* Scratch(int64_t floats);

// col[r - row_begin] = the patch of x under output pixel r (zeros where it leaves the input).
void Im2Col(const ConvShape& s, const float* x, int64_t row_begin, int64_t row_end, float* col);

// dx += the patches in col scattered back to the pixels they came from.
void Col2ImAdd(const ConvShape& s, const float* col, int64_t row_begin, int64_t row_end, float* dx);

}  // namespace onednn_kernels
