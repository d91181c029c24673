// N-API surface of the addon. Every kernel takes the wasm heap (an ArrayBuffer) and one Float64Array of
// shape numbers followed by byte offsets of its tensors in that heap; outputs are written in place.
// Offsets and sizes are checked against the heap before any work, so a wrong call throws instead of
// corrupting memory.
#include <dnnl.h>
#include <napi.h>

#include <string>

#include "dnnl_conv.h"
#include "kernels.h"
#include "threads.h"

namespace onednn_kernels {
namespace {

struct Args {
  float* heap;
  size_t heap_bytes;
  const double* p;
  size_t count;
};

Args Unpack(const Napi::CallbackInfo& info, size_t expected) {
  if (info.Length() != 2 || !info[0].IsArrayBuffer() || !info[1].IsTypedArray()) {
    throw Napi::TypeError::New(info.Env(), "expected (heap: ArrayBuffer, params: Float64Array)");
  }
  Napi::ArrayBuffer heap = info[0].As<Napi::ArrayBuffer>();
  Napi::TypedArray typed = info[1].As<Napi::TypedArray>();
  if (typed.TypedArrayType() != napi_float64_array) throw Napi::TypeError::New(info.Env(), "params must be a Float64Array");
  Napi::Float64Array params = typed.As<Napi::Float64Array>();
  if (params.ElementLength() != expected) {
    throw Napi::RangeError::New(info.Env(), "expected " + std::to_string(expected) + " params, got " +
                                                std::to_string(params.ElementLength()));
  }
  return {static_cast<float*>(heap.Data()), heap.ByteLength(), params.Data(), params.ElementLength()};
}

int64_t Int(const Napi::Env& env, const Args& a, size_t i) {
  const double v = a.p[i];
  if (!(v >= 0) || v != static_cast<double>(static_cast<int64_t>(v))) {
    throw Napi::RangeError::New(env, "param " + std::to_string(i) + " must be a non-negative integer, got " + std::to_string(v));
  }
  return static_cast<int64_t>(v);
}

// The tensor at byte offset params[i] holding `elements` floats; nullptr when the offset is -1 (absent).
float* Tensor(const Napi::Env& env, const Args& a, size_t i, int64_t elements, bool optional = false) {
  if (optional && a.p[i] == -1) return nullptr;
  const int64_t offset = Int(env, a, i);
  if (offset % 4 != 0 || static_cast<uint64_t>(offset) + static_cast<uint64_t>(elements) * 4 > a.heap_bytes) {
    throw Napi::RangeError::New(env, "tensor param " + std::to_string(i) + " (offset " + std::to_string(offset) + ", " +
                                         std::to_string(elements) + " floats) lies outside the heap");
  }
  return a.heap + offset / 4;
}

ConvShape Conv(const Napi::Env& env, const Args& a) {
  ConvShape s;
  int64_t* fields[] = {&s.batch, &s.in_height, &s.in_width, &s.in_channels, &s.out_height,
                       &s.out_width, &s.out_channels, &s.filter_height, &s.filter_width, &s.stride_height,
                       &s.stride_width, &s.dilation_height, &s.dilation_width, &s.pad_top, &s.pad_left};
  for (size_t i = 0; i < 15; ++i) *fields[i] = Int(env, a, i);
  return s;
}
int64_t InputSize(const ConvShape& s) { return s.batch * s.in_height * s.in_width * s.in_channels; }
int64_t OutputSize(const ConvShape& s) { return s.batch * s.out_height * s.out_width * s.out_channels; }
int64_t FilterSize(const ConvShape& s) { return s.filter_height * s.filter_width * s.in_channels * s.out_channels; }

PoolShape Pool(const Napi::Env& env, const Args& a) {
  PoolShape s;
  int64_t* fields[] = {&s.batch, &s.in_height, &s.in_width, &s.channels, &s.out_height, &s.out_width,
                       &s.filter_height, &s.filter_width, &s.stride_height, &s.stride_width, &s.pad_top, &s.pad_left};
  for (size_t i = 0; i < 12; ++i) *fields[i] = Int(env, a, i);
  return s;
}

// params: batch, m, n, k, aBatchStride, bBatchStride, transposeA, transposeB, relu, a, b, bias | -1, out
Napi::Value MatMulJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 13);
  MatMulShape s{Int(env, a, 0), Int(env, a, 1), Int(env, a, 2), Int(env, a, 3), Int(env, a, 4), Int(env, a, 5),
                a.p[6] != 0, a.p[7] != 0};
  const bool relu = a.p[8] != 0;
  const int64_t batches_a = s.a_batch_stride == 0 ? 1 : s.batch;
  const int64_t batches_b = s.b_batch_stride == 0 ? 1 : s.batch;
  const float* x = Tensor(env, a, 9, (batches_a - 1) * s.a_batch_stride + s.m * s.k);
  const float* y = Tensor(env, a, 10, (batches_b - 1) * s.b_batch_stride + s.k * s.n);
  const float* bias = Tensor(env, a, 11, s.n, true);
  float* out = Tensor(env, a, 12, s.batch * s.m * s.n);
  MatMul(s, x, y, bias, relu, out);
  return env.Undefined();
}

// params: 15 conv shape numbers, x, filter, bias | -1, out, relu
Napi::Value Conv2DJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 20);
  const ConvShape s = Conv(env, a);
  const float* x = Tensor(env, a, 15, InputSize(s));
  const float* filter = Tensor(env, a, 16, FilterSize(s));
  const float* bias = Tensor(env, a, 17, s.out_channels, true);
  float* out = Tensor(env, a, 18, OutputSize(s));
  Conv2D(s, x, filter, bias, a.p[19] != 0, out);
  return env.Undefined();
}

// params: 15 conv shape numbers, dy, filter, dx
Napi::Value Conv2DBackpropInputJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 18);
  const ConvShape s = Conv(env, a);
  Conv2DBackpropInput(s, Tensor(env, a, 15, OutputSize(s)), Tensor(env, a, 16, FilterSize(s)),
                      Tensor(env, a, 17, InputSize(s)));
  return env.Undefined();
}

// params: 15 conv shape numbers, x, dy, dfilter
Napi::Value Conv2DBackpropFilterJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 18);
  const ConvShape s = Conv(env, a);
  Conv2DBackpropFilter(s, Tensor(env, a, 15, InputSize(s)), Tensor(env, a, 16, OutputSize(s)),
                       Tensor(env, a, 17, FilterSize(s)));
  return env.Undefined();
}

// params: 12 pool shape numbers, x, y
Napi::Value MaxPoolJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 14);
  const PoolShape s = Pool(env, a);
  MaxPool(s, Tensor(env, a, 12, s.batch * s.in_height * s.in_width * s.channels),
          Tensor(env, a, 13, s.batch * s.out_height * s.out_width * s.channels));
  return env.Undefined();
}

// params: 12 pool shape numbers, x, dy, dx
Napi::Value MaxPoolGradJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 15);
  const PoolShape s = Pool(env, a);
  const int64_t in = s.batch * s.in_height * s.in_width * s.channels;
  MaxPoolGrad(s, Tensor(env, a, 12, in), Tensor(env, a, 13, s.batch * s.out_height * s.out_width * s.channels),
              Tensor(env, a, 14, in));
  return env.Undefined();
}

// params: 12 pool shape numbers, dy, dx
Napi::Value AvgPoolGradJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 14);
  const PoolShape s = Pool(env, a);
  AvgPoolGrad(s, Tensor(env, a, 12, s.batch * s.out_height * s.out_width * s.channels),
              Tensor(env, a, 13, s.batch * s.in_height * s.in_width * s.channels));
  return env.Undefined();
}

// params: size, x, y
Napi::Value SoftplusJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 3);
  const int64_t size = Int(env, a, 0);
  Softplus(size, Tensor(env, a, 1, size), Tensor(env, a, 2, size));
  return env.Undefined();
}

// params: size, x, y
Napi::Value SignJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 3);
  const int64_t size = Int(env, a, 0);
  Sign(size, Tensor(env, a, 1, size), Tensor(env, a, 2, size));
  return env.Undefined();
}

// params: maximum (1) or minimum (0), size, a, aScalar, b, bScalar, y
Napi::Value MaximumMinimumJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 7);
  const int64_t size = Int(env, a, 1);
  const bool a_scalar = a.p[3] != 0;
  const bool b_scalar = a.p[5] != 0;
  MaximumMinimum(a.p[0] != 0, size, Tensor(env, a, 2, a_scalar ? 1 : size), a_scalar, Tensor(env, a, 4, b_scalar ? 1 : size),
                 b_scalar, Tensor(env, a, 6, size));
  return env.Undefined();
}

// params: linf (1) or l2 (0), rows, cols, eps, alpha, low, high, point, gradient, origin, out
Napi::Value ProjectedStepJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 11);
  const int64_t rows = Int(env, a, 1);
  const int64_t cols = Int(env, a, 2);
  const int64_t size = rows * cols;
  ProjectedStep(a.p[0] != 0, rows, cols, static_cast<float>(a.p[3]), static_cast<float>(a.p[4]), static_cast<float>(a.p[5]),
                static_cast<float>(a.p[6]), Tensor(env, a, 7, size), Tensor(env, a, 8, size), Tensor(env, a, 9, size),
                Tensor(env, a, 10, size));
  return env.Undefined();
}

// params: rows, classes, logits, oneHot, value, dLogits
Napi::Value CrossEntropyHeadJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 6);
  const int64_t rows = Int(env, a, 0);
  const int64_t size = rows * Int(env, a, 1);
  CrossEntropyHead(rows, Int(env, a, 1), Tensor(env, a, 2, size), Tensor(env, a, 3, size), Tensor(env, a, 4, rows),
                   Tensor(env, a, 5, size));
  return env.Undefined();
}

// params: size, lr, momentum, weightDecay, nesterov (1/0), param, grad, velocity (-1: none), paramOut, velocityOut (-1: none)
Napi::Value SgdUpdateJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 10);
  const int64_t size = Int(env, a, 0);
  const float* velocity = Tensor(env, a, 7, size, true);
  float* velocity_out = Tensor(env, a, 9, size, true);
  if ((velocity == nullptr) != (velocity_out == nullptr)) throw Napi::RangeError::New(env, "velocity and velocityOut: both or neither");
  SgdUpdate(size, static_cast<float>(a.p[1]), static_cast<float>(a.p[2]), static_cast<float>(a.p[3]), a.p[4] != 0, Tensor(env, a, 5, size),
            Tensor(env, a, 6, size), velocity, Tensor(env, a, 8, size), velocity_out);
  return env.Undefined();
}

// params: outer, reduce, inner, mean (1) or sum (0), x, y
Napi::Value ReduceSumJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Args a = Unpack(info, 6);
  const int64_t outer = Int(env, a, 0);
  const int64_t reduce = Int(env, a, 1);
  const int64_t inner = Int(env, a, 2);
  ReduceSum(outer, reduce, inner, a.p[3] != 0, Tensor(env, a, 4, outer * reduce * inner), Tensor(env, a, 5, outer * inner));
  return env.Undefined();
}

// { library: "oneDNN 2.6.3", maxThreads, parallelThreshold, parallelRegions, lateWorkers,
//   convolutionPrimitiveCalls, winogradCalls }
Napi::Value InfoJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const dnnl_version_t* v = dnnl_version();
  Napi::Object out = Napi::Object::New(env);
  out.Set("library", "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
  out.Set("maxThreads", MaxThreads());
  out.Set("parallelThreshold", ParallelThreshold());
  out.Set("parallelRegions", Stats().parallel_regions);
  out.Set("lateWorkers", Stats().late_workers);
  out.Set("convolutionPrimitiveCalls", ConvolutionPrimitiveCalls());
  out.Set("winogradCalls", WinogradCalls());
  return out;
}

// (maxThreads, parallelThreshold[, guard[, primitives]]): work of at least parallelThreshold
// multiply-adds uses up to maxThreads threads; guard (default true) watches for a busy second core
// (threads.h); primitives (default true) lets oneDNN's convolution primitives serve the shapes they
// cover (dnnl_conv.h).
Napi::Value ConfigureJs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 2 || info.Length() > 4 || !info[0].IsNumber() || !info[1].IsNumber() ||
      (info.Length() >= 3 && !info[2].IsBoolean()) || (info.Length() == 4 && !info[3].IsBoolean())) {
    throw Napi::TypeError::New(env, "expected (maxThreads: number, parallelThreshold: number, guard?: boolean, primitives?: boolean)");
  }
  SetMaxThreads(info[0].As<Napi::Number>().Int32Value());
  SetParallelThreshold(info[1].As<Napi::Number>().DoubleValue());
  SetGuard(info.Length() < 3 || info[2].As<Napi::Boolean>().Value());
  SetConvolutionPrimitives(info.Length() < 4 || info[3].As<Napi::Boolean>().Value());
  return env.Undefined();
}

}  // namespace
}  // namespace onednn_kernels

static Napi::Object InitOnednnKernels(Napi::Env env, Napi::Object exports) {
  using namespace onednn_kernels;
  exports.Set("matMul", Napi::Function::New(env, MatMulJs));
  exports.Set("conv2d", Napi::Function::New(env, Conv2DJs));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInputJs));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilterJs));
  exports.Set("maxPool", Napi::Function::New(env, MaxPoolJs));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGradJs));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGradJs));
  exports.Set("softplus", Napi::Function::New(env, SoftplusJs));
  exports.Set("sign", Napi::Function::New(env, SignJs));
  exports.Set("maximumMinimum", Napi::Function::New(env, MaximumMinimumJs));
  exports.Set("reduceSum", Napi::Function::New(env, ReduceSumJs));
  exports.Set("projectedStep", Napi::Function::New(env, ProjectedStepJs));
  exports.Set("sgdUpdate", Napi::Function::New(env, SgdUpdateJs));
  exports.Set("crossEntropyHead", Napi::Function::New(env, CrossEntropyHeadJs));
  exports.Set("info", Napi::Function::New(env, InfoJs));
  exports.Set("configure", Napi::Function::New(env, ConfigureJs));
  return exports;
}

NODE_API_MODULE(onednn_kernels, InitOnednnKernels)
