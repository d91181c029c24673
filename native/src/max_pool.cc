// Max pooling as the tfjs cpu backend defines it: windows clipped to the input, a value counts only if
// strictly greater than the best so far (so ties go to the first maximum and NaN never wins), a window
// with nothing above -Infinity gives -Infinity and routes no gradient.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels.h"
#include "threads.h"

namespace onednn_kernels {
namespace {
constexpr float kLowest = -std::numeric_limits<float>::infinity();
// Pooling is memory-bound: a second thread pays off from about a million input floats.
constexpr double kPoolScale = 10.0;

// Rows [y0, y1) and columns [x0, x1) of the input under output pixel (oy, ox).
struct Window {
  int64_t y0, y1, x0, x1;
};
inline Window Clip(const PoolShape& s, int64_t oy, int64_t ox) {
  const int64_t y = oy * s.stride_height - s.pad_top;
  const int64_t x = ox * s.stride_width - s.pad_left;
  return {std::max<int64_t>(0, y), std::min(s.in_height, y + s.filter_height), std::max<int64_t>(0, x),
          std::min(s.in_width, x + s.filter_width)};
}
// Per channel, the best value and the flat pixel (iy * in_width + ix) of the first maximum in window w,
// -1 when none. Positions are held as floats (exact below 2^24 pixels) so the compare-and-select loop
// vectorises; it needs AVX2's blend for that, hence a clone per instruction set picked at load time.
__attribute__((target_clones("avx2", "default"))) void FirstMaxima(const PoolShape& s, const float* image,
                                                                    const Window& w, float* __restrict best,
                                                                    float* __restrict where) {
  const int64_t c = s.channels;
  std::fill(best, best + c, kLowest);
  std::fill(where, where + c, -1.0f);
  for (int64_t iy = w.y0; iy < w.y1; ++iy) {
    for (int64_t ix = w.x0; ix < w.x1; ++ix) {
      const int64_t pixel = iy * s.in_width + ix;
      const float position = static_cast<float>(pixel);
      const float* __restrict v = image + pixel * c;
      for (int64_t k = 0; k < c; ++k) {
        const float value = v[k];
        const float so_far = best[k];
        const bool greater = value > so_far;
        where[k] = greater ? position : where[k];
        best[k] = greater ? value : so_far;
      }
    }
  }
}
}  // namespace

void MaxPool(const PoolShape& s, const float* x, float* y) {
  const int64_t c = s.channels;
  const double work = double(s.batch) * s.in_height * s.in_width * c;
  const int threads = PlanThreads(work, kPoolScale);
  ParallelFor(threads, s.batch, [&](int64_t n) {
    const float* image = x + n * s.in_height * s.in_width * c;
    for (int64_t oy = 0; oy < s.out_height; ++oy) {
      for (int64_t ox = 0; ox < s.out_width; ++ox) {
        float* best = y + ((n * s.out_height + oy) * s.out_width + ox) * c;
        std::fill(best, best + c, kLowest);
        const Window w = Clip(s, oy, ox);
        for (int64_t iy = w.y0; iy < w.y1; ++iy) {
          for (int64_t ix = w.x0; ix < w.x1; ++ix) {
            const float* v = image + (iy * s.in_width + ix) * c;
            for (int64_t k = 0; k < c; ++k) best[k] = v[k] > best[k] ? v[k] : best[k];
          }
        }
      }
    }
  });
}

void MaxPoolGrad(const PoolShape& s, const float* x, const float* dy, float* dx) {
  const int64_t c = s.channels;
  const int64_t image_size = s.in_height * s.in_width * c;
  const double work = double(s.batch) * image_size;
  const int threads = PlanThreads(work, kPoolScale);
  // Images never share pixels: each is one thread's.
  ParallelFor(threads, s.batch, [&](int64_t n) {
    thread_local std::vector<float> best;
    thread_local std::vector<float> where;
    best.resize(c);
    where.resize(c);
    const float* image = x + n * image_size;
    float* grad = dx + n * image_size;
    std::memset(grad, 0, sizeof(float) * image_size);
    for (int64_t oy = 0; oy < s.out_height; ++oy) {
      for (int64_t ox = 0; ox < s.out_width; ++ox) {
        FirstMaxima(s, image, Clip(s, oy, ox), best.data(), where.data());
        const float* at = where.data();
        const float* g = dy + ((n * s.out_height + oy) * s.out_width + ox) * c;
        // Overlapping windows add up, as on cpu.
        for (int64_t k = 0; k < c; ++k) {
          if (at[k] >= 0) grad[static_cast<int64_t>(at[k]) * c + k] += g[k];
        }
      }
    }
  });
}

}  // namespace onednn_kernels
