// Convolutions as GEMMs over im2col chunks:
//   forward         out[rows, cout]  = col[rows, K] * W[K, cout]            (K = kh * kw * cin)
//   input gradient  dcol[rows, K]    = dy[rows, cout] * W^T, then col2im (scatter-add) into dx
//   filter gradient dW[K, cout]     += col[rows, K]^T * dy[rows, cout], summed over chunks
// Work is split into groups of whole images, each worked through in L2-sized chunks by one thread
// (im2col and GEMM of a chunk on the same core); groups run on up to two threads. Whole images keep
// col2im race-free: patches of one image overlap, patches of different images never do.
#include <algorithm>
#include <cstring>
#include <vector>

#include "dnnl_conv.h"
#include "gemm.h"
#include "im2col.h"
#include "kernels.h"
#include "threads.h"

namespace onednn_kernels {
namespace {

// Consecutive images filling about one chunk each (at least one image per group).
struct ImageGroups {
  int64_t images;  // per group
  int64_t count;
};
ImageGroups Groups(const ConvShape& s) {
  const int64_t images = std::max<int64_t>(1, ChunkRows(s) / std::max<int64_t>(1, PixelsPerImage(s)));
  return {images, (s.batch + images - 1) / images};
}

// Calls chunk(begin, end) over the rows of image group g, at most ChunkRows rows at a time.
template <typename Chunk>
void ForEachChunk(const ConvShape& s, const ImageGroups& groups, int64_t g, const Chunk& chunk) {
  const int64_t first = g * groups.images * PixelsPerImage(s);
  const int64_t last = std::min(s.batch, (g + 1) * groups.images) * PixelsPerImage(s);
  const int64_t step = ChunkRows(s);
  for (int64_t begin = first; begin < last; begin += step) chunk(begin, std::min(last, begin + step));
}

// A fused bias is written before the GEMM, which then accumulates onto it (beta = 1).
void FillBias(const float* bias, int64_t rows, int64_t cout, float* y) {
  if (bias == nullptr) return;
  for (int64_t r = 0; r < rows; ++r) std::copy(bias, bias + cout, y + r * cout);
}

// ReLU as on cpu (x < 0 ? 0 : x, so NaN stays NaN).
void Relu(bool relu, int64_t size, float* y) {
  if (!relu) return;
  for (int64_t j = 0; j < size; ++j) y[j] = y[j] < 0.0f ? 0.0f : y[j];
}
}  // namespace

void Conv2D(const ConvShape& s, const float* x, const float* filter, const float* bias, bool relu, float* out) {
  const int64_t k = PatchSize(s);
  const int64_t rows = OutputPixels(s);
  const int64_t cout = s.out_channels;
  const float beta = bias != nullptr ? 1.0f : 0.0f;
  if (IsPointwise(s)) {
    FillBias(bias, rows, cout, out);
    Sgemm(false, false, rows, cout, k, x, k, filter, cout, beta, out, cout);
    Relu(relu, rows * cout, out);
    return;
  }
  const ImageGroups groups = Groups(s);
  const double work = double(rows) * k * cout;
  const int threads = PlanThreads(work);
  if (PrimitiveConv2D(s, x, filter, bias, relu, out, threads)) return;
  ParallelFor(threads, groups.count, [&](int64_t g) {
    ForEachChunk(s, groups, g, [&](int64_t begin, int64_t end) {
      float* col = Scratch(ChunkRows(s) * k);
      float* y = out + begin * cout;
      FillBias(bias, end - begin, cout, y);
      Im2Col(s, x, begin, end, col);
      SgemmSingle(false, false, end - begin, cout, k, col, k, filter, cout, beta, y, cout);
      Relu(relu, (end - begin) * cout, y);
    });
  });
}

void Conv2DBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx) {
  const int64_t k = PatchSize(s);
  const int64_t rows = OutputPixels(s);
  const int64_t cout = s.out_channels;
  if (IsPointwise(s)) {
    Sgemm(false, true, rows, k, cout, dy, cout, filter, cout, 0.0f, dx, k);
    return;
  }
  const int64_t image = s.in_height * s.in_width * s.in_channels;
  const ImageGroups groups = Groups(s);
  const double work = double(rows) * k * cout;
  const int threads = PlanThreads(work);
  if (PrimitiveConv2DBackpropInput(s, dy, filter, dx, threads)) return;
  ParallelFor(threads, groups.count, [&](int64_t g) {
    const int64_t first = g * groups.images;
    const int64_t last = std::min(s.batch, first + groups.images);
    std::memset(dx + first * image, 0, sizeof(float) * (last - first) * image);
    ForEachChunk(s, groups, g, [&](int64_t begin, int64_t end) {
      float* col = Scratch(ChunkRows(s) * k);
      SgemmSingle(false, true, end - begin, k, cout, dy + begin * cout, cout, filter, cout, 0.0f, col, k);
      Col2ImAdd(s, col, begin, end, dx);
    });
  });
}

void Conv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter) {
  const int64_t k = PatchSize(s);
  const int64_t rows = OutputPixels(s);
  const int64_t cout = s.out_channels;
  std::fill(dfilter, dfilter + k * cout, 0.0f);
  if (rows == 0) return;
  if (IsPointwise(s)) {
    Sgemm(true, false, k, cout, rows, x, k, dy, cout, 0.0f, dfilter, cout);
    return;
  }
  const ImageGroups groups = Groups(s);
  const double work = double(rows) * k * cout;
  const int threads = PlanThreads(work);
  if (PrimitiveConv2DBackpropFilter(s, x, dy, dfilter, threads)) return;
  // Thread 0 sums into dfilter, the others into their own partial sums, added at the end.
  std::vector<std::vector<float>> partial(threads - 1, std::vector<float>(k * cout, 0.0f));
  ParallelFor(threads, groups.count, [&](int64_t g) {
    const int thread = ThreadIndex();  // 0 on the calling thread
    float* sum = thread == 0 ? dfilter : partial[thread - 1].data();
    ForEachChunk(s, groups, g, [&](int64_t begin, int64_t end) {
      float* col = Scratch(ChunkRows(s) * k);
      Im2Col(s, x, begin, end, col);
      SgemmSingle(true, false, k, cout, end - begin, col, k, dy + begin * cout, cout, 1.0f, sum, cout);
    });
  });
  for (const std::vector<float>& p : partial) {
    for (int64_t j = 0; j < k * cout; ++j) dfilter[j] += p[j];
  }
}

}  // namespace onednn_kernels
