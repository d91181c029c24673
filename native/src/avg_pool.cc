// The gradient of average pooling, as the tfjs cpu backend computes it: dx at an input pixel is the sum,
// over the windows that contain it, of the window's dy divided by filter_height · filter_width (the
// padded part of a window counts in the divisor, as on cpu). The wasm backend's kernel took 17 ms for
// the 1.4·10⁶ activations of E3's small CNN (mean pooling after its first convolution).
#include <algorithm>
#include <cstring>

#include "kernels.h"
#include "threads.h"

namespace onednn_kernels {
namespace {
// Pooling is memory-bound: a second thread pays off from about a million input floats (max_pool.cc).
constexpr double kPoolScale = 10.0;

// dst[k] (+)= g[k] · share over the channels: a loop the compiler vectorises.
template <bool kAccumulate>
inline void Spread(int64_t channels, const float* __restrict g, float share, float* __restrict dst) {
  for (int64_t k = 0; k < channels; ++k) dst[k] = kAccumulate ? dst[k] + g[k] * share : g[k] * share;
}
}  // namespace

void AvgPoolGrad(const PoolShape& s, const float* dy, float* dx) {
  const int64_t c = s.channels;
  const int64_t image_size = s.in_height * s.in_width * c;
  const float share = 1.0f / static_cast<float>(s.filter_height * s.filter_width);
  const int threads = PlanThreads(double(s.batch) * image_size, kPoolScale);
  // Windows that tile the input (stride = size, no padding, nothing left over) write every pixel once.
  const bool tiled = s.pad_top == 0 && s.pad_left == 0 && s.stride_height == s.filter_height &&
                     s.stride_width == s.filter_width && s.out_height * s.stride_height == s.in_height &&
                     s.out_width * s.stride_width == s.in_width;
  // Images never share pixels: each is one thread's.
  ParallelFor(threads, s.batch, [&](int64_t n) {
    float* grad = dx + n * image_size;
    if (!tiled) std::memset(grad, 0, sizeof(float) * image_size);
    for (int64_t oy = 0; oy < s.out_height; ++oy) {
      const int64_t y = oy * s.stride_height - s.pad_top;
      for (int64_t ox = 0; ox < s.out_width; ++ox) {
        const int64_t x = ox * s.stride_width - s.pad_left;
        const float* g = dy + ((n * s.out_height + oy) * s.out_width + ox) * c;
        for (int64_t iy = std::max<int64_t>(0, y); iy < std::min(s.in_height, y + s.filter_height); ++iy) {
          for (int64_t ix = std::max<int64_t>(0, x); ix < std::min(s.in_width, x + s.filter_width); ++ix) {
            float* pixel = grad + (iy * s.in_width + ix) * c;
            if (tiled) {
              Spread<false>(c, g, share, pixel);
            } else {
              Spread<true>(c, g, share, pixel);
            }
          }
        }
      }
    }
  });
}

}  // namespace onednn_kernels
