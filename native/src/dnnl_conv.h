// Convolutions on oneDNN's own convolution primitives (JIT direct / brgemm kernels on NHWC tensors, and
// Winograd for large 3x3 ones), where oneDNN has one for the shape: conv2d.cc falls back to im2col + sgemm
// when these return false.
#pragma once
#include "kernels.h"

namespace onednn_kernels {

// Whether the primitives are tried (default true; tests turn them off to reach the im2col path), how
// many calls they have served since load, and how many of those were Winograd's.
void SetConvolutionPrimitives(bool enabled);
double ConvolutionPrimitiveCalls();
double WinogradCalls();

// out = conv(x, filter) (+ bias) (relu), on `threads` threads.
bool PrimitiveConv2D(const ConvShape& s, const float* x, const float* filter, const float* bias, bool relu, float* out,
                     int threads);

// dx = the input gradient of conv(x, filter) for the output gradient dy (not for one input channel, where
// im2col + sgemm was faster: 2.2 against 3.9 ms for the bench CNN's first layer).
bool PrimitiveConv2DBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx, int threads);

// dfilter = the filter gradient [kh, kw, cin, cout] of conv(x, filter) for the output gradient dy.
bool PrimitiveConv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter, int threads);

}  // namespace onednn_kernels
