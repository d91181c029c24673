// Convolutions on oneDNN's convolution primitives. Measured through tfjs on this machine kind (AVX-512,
// batch 128, two threads): the bench CNN's first layer (3x3x1 -> 32) forward 0.60 ms and filter gradient
// 0.35 ms, against 1.55 and 1.59 ms for im2col + sgemm (whose K = 9 GEMMs run at ~10 GFLOP/s); the
// second layer's forward and input gradient ~10% faster. Activations stay in NHWC (the tensors are
// tfjs's, in place); only the filter is reordered into the blocked layout the primitive picks (and,
// for Winograd below, the activations too).
//
// Large 3x3 stride-1 convolutions with channel counts that fill AVX-512 registers (multiples of 16) take
// oneDNN's Winograd F(4x4, 3x3) kernels for the forward pass and the filter gradient, about 1.5x fewer
// cycles than direct: measured standalone (batch 128, two threads, reorders included) 2.6 -> 1.5 ms and
// 2.7 -> 1.6 ms for the bench CNN's second layer, 3.3 -> 2.2 and 3.2 -> 2.5 ms for 16 -> 32 channels at
// 26x26, 15.2 -> 9.2 and 16.1 -> 12.3 ms for 64 -> 128 at 15x15; even at 1.8e7 multiply-adds (batch 8 of
// the second layer), a loss for one input channel (6.7 against 1.1 ms) and for the input gradient of the
// second layer (3.3 against 2.7 ms), which stays direct. Winograd kernels take blocked activations only,
// so the NHWC tensors are reordered in and out (0.04-0.05 ms each at that size). Their rounding differs
// from direct summation by ~1e-6 relative (a float64 check: 1.2e-6 of the largest output).
//
// Primitives are created once per shape, option set and thread count (the JIT kernels are sized for
// the threads they run on) and kept for the process. The input gradient of a one-channel input stays on
// im2col + sgemm, where the primitive was slower (3.9 against 2.2 ms for the first layer).
#include "dnnl_conv.h"

#include <omp.h>

#include <dnnl.hpp>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "threads.h"

namespace onednn_kernels {
namespace {
using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

bool primitives_enabled = true;
double primitive_calls = 0;
double winograd_calls = 0;
// Work (multiply-adds) from which Winograd beats direct (see the file comment).
constexpr double kWinogradMinMultiplyAdds = 3e7;

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}
dnnl::stream& Stream() {
  static dnnl::stream stream(Engine());
  return stream;
}

// The logical oneDNN geometry of a tfjs convolution. tfjs's "valid" with a stride that does not divide
// evenly leaves input rows unread: oneDNN expresses that as a negative right padding.
struct Geometry {
  memory::desc src, weights_user, weights_any, dst, bias, src_any, dst_any;
  memory::dims strides, dilates, pad_l, pad_r;
};
Geometry Describe(const ConvShape& s) {
  Geometry g;
  g.src = memory::desc({s.batch, s.in_channels, s.in_height, s.in_width}, kF32, Tag::nhwc);
  g.weights_user = memory::desc({s.out_channels, s.in_channels, s.filter_height, s.filter_width}, kF32, Tag::hwio);
  g.weights_any = memory::desc({s.out_channels, s.in_channels, s.filter_height, s.filter_width}, kF32, Tag::any);
  g.dst = memory::desc({s.batch, s.out_channels, s.out_height, s.out_width}, kF32, Tag::nhwc);
  g.src_any = memory::desc({s.batch, s.in_channels, s.in_height, s.in_width}, kF32, Tag::any);
  g.dst_any = memory::desc({s.batch, s.out_channels, s.out_height, s.out_width}, kF32, Tag::any);
  g.bias = memory::desc({s.out_channels}, kF32, Tag::x);
  g.strides = {s.stride_height, s.stride_width};
  g.dilates = {s.dilation_height - 1, s.dilation_width - 1};
  g.pad_l = {s.pad_top, s.pad_left};
  const auto right = [](int64_t in, int64_t out, int64_t k, int64_t stride, int64_t dilation, int64_t pad) {
    return (out - 1) * stride + (k - 1) * dilation + 1 - in - pad;
  };
  g.pad_r = {right(s.in_height, s.out_height, s.filter_height, s.stride_height, s.dilation_height, s.pad_top),
             right(s.in_width, s.out_width, s.filter_width, s.stride_width, s.dilation_width, s.pad_left)};
  return g;
}

// The primitive's threads are fixed when it is created and when it runs: set both from our plan, then
// give the process back the single-thread default that sgemm (gemm.cc) relies on. Our own workers keep
// off the second core meanwhile.
struct ThreadScope {
  explicit ThreadScope(int threads) { omp_set_num_threads(threads); }
  ~ThreadScope() { omp_set_num_threads(1); }
  OtherTeamScope others;
};

using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                       int64_t, int64_t, int64_t, int64_t, bool, bool, int>;
Key MakeKey(const ConvShape& s, bool bias, bool relu, int threads) {
  return Key(s.batch, s.in_height, s.in_width, s.in_channels, s.out_height, s.out_width, s.out_channels, s.filter_height,
             s.filter_width, s.stride_height, s.stride_width, s.dilation_height, s.dilation_width, s.pad_top, s.pad_left,
             bias, relu, threads);
}

// A tensor as a primitive takes or gives it: the user's buffer itself when the primitive works in the
// user's layout, else a buffer in the primitive's layout (allocated by oneDNN, which aligns it for its
// kernels) and the reorder between the two (user -> primitive for what the primitive reads,
// primitive -> user for what it writes).
struct Staged {
  memory::desc user, desc;
  memory buffer;
  std::unique_ptr<dnnl::reorder> reorder;
  Staged(const memory::desc& user_desc, const memory::desc& primitive_desc, bool to_primitive)
      : user(user_desc), desc(primitive_desc) {
    if (primitive_desc == user_desc) return;
    buffer = memory(desc, Engine());
    const dnnl::reorder::primitive_desc pd = to_primitive ? dnnl::reorder::primitive_desc(Engine(), user, Engine(), desc)
                                                          : dnnl::reorder::primitive_desc(Engine(), desc, Engine(), user);
    reorder.reset(new dnnl::reorder(pd));
  }
};

memory Wrap(const memory::desc& desc, const void* data) { return memory(desc, Engine(), const_cast<void*>(data)); }

struct Forward {
  Geometry geometry;
  dnnl::convolution_forward primitive;
  Staged src, weights, dst;
  bool winograd;
};

struct InputGradient {
  Geometry geometry;
  dnnl::convolution_backward_data primitive;
  Staged weights;
};

struct FilterGradient {
  Geometry geometry;
  dnnl::convolution_backward_weights primitive;
  Staged src, diff_dst, diff_weights;
  bool winograd;
};

// Winograd where it pays (the file comment); oneDNN itself refuses shapes its kernels do not cover.
bool PreferWinograd(const ConvShape& s) {
  const double multiply_adds = double(s.batch) * s.out_height * s.out_width * s.out_channels * s.in_channels *
                               s.filter_height * s.filter_width;
  return s.filter_height == 3 && s.filter_width == 3 && s.stride_height == 1 && s.stride_width == 1 &&
         s.dilation_height == 1 && s.dilation_width == 1 && s.in_channels % 16 == 0 && s.out_channels % 16 == 0 &&
         multiply_adds >= kWinogradMinMultiplyAdds;
}

// Direct convolutions work on the NHWC tensors as they are; Winograd picks its own activation layout.
dnnl::convolution_forward::primitive_desc ForwardDesc(const Geometry& g, bool bias, bool relu, bool winograd) {
  dnnl::post_ops ops;
  if (relu) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  const auto algorithm = winograd ? dnnl::algorithm::convolution_winograd : dnnl::algorithm::convolution_direct;
  const memory::desc& src = winograd ? g.src_any : g.src;
  const memory::desc& dst = winograd ? g.dst_any : g.dst;
  const auto desc = bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm, src, g.weights_any,
                                                           g.bias, dst, g.strides, g.dilates, g.pad_l, g.pad_r)
                         : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm, src, g.weights_any,
                                                           dst, g.strides, g.dilates, g.pad_l, g.pad_r);
  return dnnl::convolution_forward::primitive_desc(desc, attr, Engine());
}

// One primitive (with its filter reorder) per key, made on first use; a shape oneDNN has no primitive for,
// or none that works on our NHWC tensors as they are, is remembered as null.
template <typename T>
using Cache = std::map<Key, std::unique_ptr<T>>;

template <typename T, typename Make>
T* Lookup(Cache<T>& cache, const Key& key, const ConvShape& s, const Make& make) {
  auto found = cache.find(key);
  if (found != cache.end()) return found->second.get();
  std::unique_ptr<T> made;
  try {
    made = make(Describe(s));
  } catch (const dnnl::error&) {
  }
  return (cache[key] = std::move(made)).get();
}

// make(geometry, winograd): Winograd first where preferred, direct if oneDNN has no Winograd kernel for it.
template <typename T, typename Make>
std::unique_ptr<T> WinogradOrDirect(const ConvShape& s, const Geometry& g, const Make& make) {
  if (PreferWinograd(s)) {
    try {
      return make(g, true);
    } catch (const dnnl::error&) {
    }
  }
  return make(g, false);
}

Forward* GetForward(const ConvShape& s, bool bias, bool relu, int threads) {
  static Cache<Forward> cache;
  return Lookup(cache, MakeKey(s, bias, relu, threads), s, [&](const Geometry& geometry) {
    return WinogradOrDirect<Forward>(s, geometry, [&](const Geometry& g, bool winograd) -> std::unique_ptr<Forward> {
      const auto pd = ForwardDesc(g, bias, relu, winograd);
      if (!winograd && (pd.src_desc() != g.src || pd.dst_desc() != g.dst)) return nullptr;
      return std::unique_ptr<Forward>(new Forward{g, dnnl::convolution_forward(pd), Staged(g.src, pd.src_desc(), true),
                                                  Staged(g.weights_user, pd.weights_desc(), true),
                                                  Staged(g.dst, pd.dst_desc(), false), winograd});
    });
  });
}

InputGradient* GetInputGradient(const ConvShape& s, int threads) {
  static Cache<InputGradient> cache;
  return Lookup(cache, MakeKey(s, false, false, threads), s, [&](const Geometry& g) -> std::unique_ptr<InputGradient> {
    const dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, g.src, g.weights_any, g.dst, g.strides,
                                                     g.dilates, g.pad_l, g.pad_r);
    const dnnl::convolution_backward_data::primitive_desc pd(desc, Engine(), ForwardDesc(g, false, false, false));
    if (pd.diff_src_desc() != g.src || pd.diff_dst_desc() != g.dst) return nullptr;
    return std::unique_ptr<InputGradient>(
        new InputGradient{g, dnnl::convolution_backward_data(pd), Staged(g.weights_user, pd.weights_desc(), true)});
  });
}

FilterGradient* GetFilterGradient(const ConvShape& s, int threads) {
  static Cache<FilterGradient> cache;
  return Lookup(cache, MakeKey(s, false, false, threads), s, [&](const Geometry& geometry) {
    return WinogradOrDirect<FilterGradient>(s, geometry, [&](const Geometry& g, bool winograd) -> std::unique_ptr<FilterGradient> {
      const auto algorithm = winograd ? dnnl::algorithm::convolution_winograd : dnnl::algorithm::convolution_direct;
      const dnnl::convolution_backward_weights::desc desc(algorithm, winograd ? g.src_any : g.src, g.weights_any,
                                                          winograd ? g.dst_any : g.dst, g.strides, g.dilates, g.pad_l, g.pad_r);
      const dnnl::convolution_backward_weights::primitive_desc pd(desc, Engine(), ForwardDesc(g, false, false, winograd));
      if (!winograd && (pd.src_desc() != g.src || pd.diff_dst_desc() != g.dst)) return nullptr;
      return std::unique_ptr<FilterGradient>(new FilterGradient{g, dnnl::convolution_backward_weights(pd),
                                                                Staged(g.src, pd.src_desc(), true),
                                                                Staged(g.dst, pd.diff_dst_desc(), true),
                                                                Staged(g.weights_user, pd.diff_weights_desc(), false), winograd});
    });
  });
}

// What the primitive reads: the user's tensor itself, or its reorder into the staging buffer.
memory Input(Staged& t, const float* data) {
  memory user = Wrap(t.user, data);
  if (t.reorder == nullptr) return user;
  t.reorder->execute(Stream(), user, t.buffer);
  return t.buffer;
}
// Where the primitive writes: the user's tensor itself, or the staging buffer that Deliver() then
// reorders into it.
memory Output(Staged& t, float* data) { return t.reorder == nullptr ? Wrap(t.user, data) : t.buffer; }
void Deliver(Staged& t, memory& written, float* data) {
  if (t.reorder == nullptr) return;
  memory user = Wrap(t.user, data);
  t.reorder->execute(Stream(), written, user);
}

void Count(bool winograd) {
  ++primitive_calls;
  if (winograd) ++winograd_calls;
}
}  // namespace

void SetConvolutionPrimitives(bool enabled) { primitives_enabled = enabled; }
double ConvolutionPrimitiveCalls() { return primitive_calls; }
double WinogradCalls() { return winograd_calls; }

bool PrimitiveConv2D(const ConvShape& s, const float* x, const float* filter, const float* bias, bool relu, float* out,
                     int threads) {
  if (!primitives_enabled) return false;
  ThreadScope scope(threads);
  Forward* f = GetForward(s, bias != nullptr, relu, threads);
  if (f == nullptr) return false;
  memory dst = Output(f->dst, out);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, Input(f->src, x)}, {DNNL_ARG_WEIGHTS, Input(f->weights, filter)}, {DNNL_ARG_DST, dst}};
  if (bias != nullptr) args.insert({DNNL_ARG_BIAS, Wrap(f->geometry.bias, bias)});
  f->primitive.execute(Stream(), args);
  Deliver(f->dst, dst, out);
  Stream().wait();
  Count(f->winograd);
  return true;
}

bool PrimitiveConv2DBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx, int threads) {
  if (!primitives_enabled || s.in_channels == 1) return false;
  ThreadScope scope(threads);
  InputGradient* f = GetInputGradient(s, threads);
  if (f == nullptr) return false;
  const Geometry& g = f->geometry;
  f->primitive.execute(Stream(), {{DNNL_ARG_DIFF_DST, Wrap(g.dst, dy)}, {DNNL_ARG_WEIGHTS, Input(f->weights, filter)}, {DNNL_ARG_DIFF_SRC, Wrap(g.src, dx)}});
  Stream().wait();
  Count(false);
  return true;
}

bool PrimitiveConv2DBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter, int threads) {
  if (!primitives_enabled) return false;
  ThreadScope scope(threads);
  FilterGradient* f = GetFilterGradient(s, threads);
  if (f == nullptr) return false;
  memory diff = Output(f->diff_weights, dfilter);
  f->primitive.execute(Stream(), {{DNNL_ARG_SRC, Input(f->src, x)}, {DNNL_ARG_DIFF_DST, Input(f->diff_dst, dy)}, {DNNL_ARG_DIFF_WEIGHTS, diff}});
  Deliver(f->diff_weights, diff, dfilter);
  Stream().wait();
  Count(f->winograd);
  return true;
}

}  // namespace onednn_kernels
