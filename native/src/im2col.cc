#include "im2col.h"

#include <algorithm>
#include <cstring>
#include <vector>


namespace onednn_kernels {
namespace {
constexpr int64_t kChunkFloats = int64_t{1} << 17;  // 512 KiB
thread_local std::vector<float> scratch;

// Copy (or add back) the patch under output pixel `row`; `gather` selects the direction. With no
// dilation along the width, the in-bounds part of each patch row is one contiguous run of x.
template <bool gather>
inline void Patch(const ConvShape& s, int64_t row, const float* x_in, float* x_out, const float* col_in, float* col_out) {
  const int64_t pixels_per_image = s.out_height * s.out_width;
  const int64_t n = row / pixels_per_image;
  const int64_t oy = (row % pixels_per_image) / s.out_width;
  const int64_t ox = row % s.out_width;
  const int64_t c = s.in_channels;
  const int64_t row_size = s.filter_width * c;
  const int64_t x0 = ox * s.stride_width - s.pad_left;
  // Filter columns b in [b_begin, b_end) read inside the input.
  int64_t b_begin = 0;
  int64_t b_end = s.filter_width;
  if (s.dilation_width == 1) {
    b_begin = std::min(s.filter_width, std::max<int64_t>(0, -x0));
    b_end = std::max(b_begin, std::min(s.filter_width, s.in_width - x0));
  }
  for (int64_t a = 0; a < s.filter_height; ++a) {
    const int64_t iy = oy * s.stride_height - s.pad_top + a * s.dilation_height;
    const int64_t at = a * row_size;
    const bool row_inside = iy >= 0 && iy < s.in_height;
    const int64_t x_row = (n * s.in_height + iy) * s.in_width * c;  // offset of input row iy
    if (s.dilation_width == 1) {
      const int64_t begin = at + b_begin * c;
      const int64_t count = (b_end - b_begin) * c;
      if (gather) {
        if (!row_inside || count == 0) {
          std::memset(col_out + at, 0, row_size * sizeof(float));
          continue;
        }
        std::memset(col_out + at, 0, b_begin * c * sizeof(float));
        std::memcpy(col_out + begin, x_in + x_row + (x0 + b_begin) * c, count * sizeof(float));
        std::memset(col_out + begin + count, 0, (row_size - b_end * c) * sizeof(float));
      } else if (row_inside) {
        float* dst = x_out + x_row + (x0 + b_begin) * c;
        const float* src = col_in + begin;
        for (int64_t k = 0; k < count; ++k) dst[k] += src[k];
      }
      continue;
    }
    for (int64_t b = 0; b < s.filter_width; ++b) {
      const int64_t ix = x0 + b * s.dilation_width;
      const bool inside = row_inside && ix >= 0 && ix < s.in_width;
      if (gather) {
        if (inside) {
          std::memcpy(col_out + at + b * c, x_in + x_row + ix * c, c * sizeof(float));
        } else {
          std::memset(col_out + at + b * c, 0, c * sizeof(float));
        }
      } else if (inside) {
        float* dst = x_out + x_row + ix * c;
        const float* src = col_in + at + b * c;
        for (int64_t k = 0; k < c; ++k) dst[k] += src[k];
      }
    }
  }
}
}  // namespace

bool IsPointwise(const ConvShape& s) {
  return s.filter_height == 1 && s.filter_width == 1 && s.stride_height == 1 && s.stride_width == 1 &&
         s.pad_top == 0 && s.pad_left == 0 && s.out_height == s.in_height && s.out_width == s.in_width;
}

int64_t ChunkRows(const ConvShape& s) { return std::max<int64_t>(1, kChunkFloats / std::max<int64_t>(1, PatchSize(s))); }

float* Scratch(int64_t floats) {
  if (static_cast<int64_t>(scratch.size()) < floats) scratch.resize(floats);
  return scratch.data();
}

void Im2Col(const ConvShape& s, const float* x, int64_t row_begin, int64_t row_end, float* col) {
  const int64_t k = PatchSize(s);
  for (int64_t r = row_begin; r < row_end; ++r) Patch<true>(s, r, x, nullptr, nullptr, col + (r - row_begin) * k);
}

void Col2ImAdd(const ConvShape& s, const float* col, int64_t row_begin, int64_t row_end, float* dx) {
  const int64_t k = PatchSize(s);
  for (int64_t r = row_begin; r < row_end; ++r) Patch<false>(s, r, nullptr, dx, col + (r - row_begin) * k, nullptr);
}

}  // namespace onednn_kernels
