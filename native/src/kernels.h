// The kernels the addon exports. All tensors are float32, row-major, NHWC for images; pointers point
// into tfjs's wasm heap and outputs are written in place.
#pragma once
#include <cstdint>

namespace onednn_kernels {

// out[i] = op(a[i]) * op(b[i]) (+ bias) (relu), for i < batch; a[i] = a + i * a_batch_stride (0: broadcast).
struct MatMulShape {
  int64_t batch, m, n, k;
  int64_t a_batch_stride, b_batch_stride;
  bool transpose_a, transpose_b;
};
void MatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, bool relu, float* out);

// A 2-D convolution as tf.backend_util.computeConv2DInfo describes it (NHWC, filter [kh, kw, cin, cout]).
struct ConvShape {
  int64_t batch, in_height, in_width, in_channels;
  int64_t out_height, out_width, out_channels;
  int64_t filter_height, filter_width;
  int64_t stride_height, stride_width;
  int64_t dilation_height, dilation_width;
  int64_t pad_top, pad_left;
};
void Conv2D(const ConvShape& s, const float* x, const float* filter, const float* bias, bool relu, float* out);
void Conv2DBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx);
void Conv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter);

// Max pooling (NHWC, windows clipped to the input as tfjs does; ties go to the first maximum).
struct PoolShape {
  int64_t batch, in_height, in_width, channels;
  int64_t out_height, out_width;
  int64_t filter_height, filter_width;
  int64_t stride_height, stride_width;
  int64_t pad_top, pad_left;
};
void MaxPool(const PoolShape& s, const float* x, float* y);
void MaxPoolGrad(const PoolShape& s, const float* x, const float* dy, float* dx);
// The gradient of average pooling as the tfjs cpu backend defines it: each window's gradient spread
// evenly over the window's filter_height · filter_width pixels (padding included), overlaps adding up.
void AvgPoolGrad(const PoolShape& s, const float* dy, float* dx);

// y = softplus(x) = log(1 + exp(x)) over `size` floats, to a few ulp at every x (NaN stays NaN).
void Softplus(int64_t size, const float* x, float* y);

// y = sign(x) over `size` floats (-1, 0 or 1; NaN gives 0, as on cpu).
void Sign(int64_t size, const float* x, float* y);

// y = max(a, b) or min(a, b) as JavaScript's Math.max / Math.min (NaN wins, +0 > -0); an operand marked
// scalar is one value broadcast over all `size`.
void MaximumMinimum(bool maximum, int64_t size, const float* a, bool a_scalar, const float* b, bool b_scalar, float* y);

// Σ x[i] (or Σ x[i]², squares) over i < n, in double accumulators.
double SumInDouble(const float* x, int64_t n, bool squares);

// y[o, c] = Σ_r x[o, r, c] over x seen as [outer, reduce, inner] (divided by `reduce` for a mean), summed
// in double and rounded once: every reduction whose reduced axes are adjacent once size-1 axes are dropped.
void ReduceSum(int64_t outer, int64_t reduce, int64_t inner, bool mean, const float* x, float* y);

// One PGD step per row of [rows, cols]: y = clip(x + Π_ε(p + α·s(g) − x), low, high), s(g) = sign(g) (L∞)
// or g / (‖g‖₂ + kNormFloor) (L2), Π_ε a clip (L∞) or a rescaling onto the L2 ball; ±inf bounds for none.
constexpr float kNormFloor = 1e-12f;
void ProjectedStep(bool linf, int64_t rows, int64_t cols, float eps, float alpha, float low, float high, const float* point,
                   const float* gradient, const float* origin, float* out);

// SGD with L2 weight decay and (Nesterov) momentum: g' = g + wd·θ, v' = m·v + g', θ' = θ − lr·(v' or
// g' + m·v'); without momentum (velocity null) θ' = θ − lr·g'.
void SgdUpdate(int64_t size, float lr, float momentum, float weight_decay, bool nesterov, const float* param, const float* grad,
               const float* velocity, float* param_out, float* velocity_out);

// Per row of [rows, classes] logits and one-hot labels: value = CE(z, y) and d_logits = softmax(z) − y.
void CrossEntropyHead(int64_t rows, int64_t classes, const float* logits, const float* one_hot, float* value,
                      float* d_logits);

}  // namespace onednn_kernels
