#include "model/bf16_linear.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <cstring>

namespace pwb::model {
namespace {

// oneDNN's C API (dnnl.h), declared here so that no oneDNN headers are needed: row-major
// C = alpha op(A) op(B) + beta C with A and B bf16 (as uint16_t), C fp32; dnnl_dim_t is int64_t and
// dnnl_status_t an enum whose dnnl_success is 0.
using GemmBf16Fn = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha,
                           const uint16_t* a, int64_t lda, const uint16_t* b, int64_t ldb, float beta,
                           float* c, int64_t ldc);

// The symbol, if the process has it and it multiplies a 2x2 pair correctly (a CPU without AVX-512 may get
// dnnl_unimplemented from some oneDNN builds).
GemmBf16Fn findGemm() {
  auto fn = reinterpret_cast<GemmBf16Fn>(dlsym(RTLD_DEFAULT, "dnnl_gemm_bf16bf16f32"));
  if (fn == nullptr) return nullptr;
  // bf16 bit patterns of 1, 2, 3, 4 (exact in bf16): [1 2; 3 4] . [1 2; 3 4] = [7 10; 15 22].
  const uint16_t a[4] = {0x3F80, 0x4000, 0x4040, 0x4080};
  float c[4] = {0, 0, 0, 0};
  if (fn('N', 'N', 2, 2, 2, 1.0F, a, 2, a, 2, 0.0F, c, 2) != 0) return nullptr;
  const float want[4] = {7, 10, 15, 22};
  return std::memcmp(c, want, sizeof c) == 0 ? fn : nullptr;
}

GemmBf16Fn gemmFn() {
  static const GemmBf16Fn fn = findGemm();
  return fn;
}

const uint16_t* bits(const torch::Tensor& t) {
  return reinterpret_cast<const uint16_t*>(t.data_ptr<at::BFloat16>());
}

// c [m,n] = op(a) . op(b) (+ c when accumulate), all row-major and contiguous.
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const torch::Tensor& a,
          const torch::Tensor& b, bool accumulate, torch::Tensor& c) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) c.zero_();
    return;
  }
  // oneDNN's OpenMP threads follow this thread's OpenMP setting, which LibTorch sets from its own thread
  // count on a thread's first parallel op; asking for the count makes sure that happened on this thread.
  (void)at::get_num_threads();
  const int status = gemmFn()(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.0F, bits(a), transA ? m : k,
                              bits(b), transB ? k : n, accumulate ? 1.0F : 0.0F, c.data_ptr<float>(), n);
  TORCH_CHECK(status == 0, "oneDNN's bf16 GEMM failed (status ", status, ")");
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The differentiable linear on bf16 GEMMs. wb is w's bf16 copy (an input without gradient); b is empty
// (numel 0, not undefined: a custom function's inputs must be defined) for a linear without bias.
struct Bf16LinearFn : torch::autograd::Function<Bf16LinearFn> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& w,
                               const torch::Tensor& b, const torch::Tensor& wb) {
    const int64_t out = w.size(0), in = w.size(1);
    auto sizes = x.sizes().vec();
    const auto xb = x.reshape({-1, in}).to(torch::kBFloat16).contiguous();
    const int64_t n = xb.size(0);
    const bool hasBias = b.numel() > 0;
    auto y = hasBias ? b.expand({n, out}).contiguous() : torch::empty({n, out}, x.options());
    gemm(false, true, n, out, in, xb, wb, hasBias, y);
    // The weight gradient needs the input, kept in bf16 (half of what an fp32 linear keeps).
    ctx->save_for_backward({w.requires_grad() ? xb : torch::Tensor(), wb});
    ctx->saved_data["xSizes"] = sizes;
    sizes.back() = out;
    return y.view(sizes);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &xb = saved[0], &wb = saved[1];
    const int64_t out = wb.size(0), in = wb.size(1);
    const auto dy = grads[0].reshape({-1, out}).contiguous();
    const int64_t n = dy.size(0);
    // The output gradient rounded to bf16, as autocast's bf16 matmul receives it.
    const auto dyb = dy.to(torch::kBFloat16);
    torch::Tensor dx, dw, db;
    if (ctx->needs_input_grad(0)) {
      dx = torch::empty({n, in}, dy.options());
      gemm(false, false, n, in, out, dyb, wb, false, dx);
      dx = dx.view(ctx->saved_data["xSizes"].toIntVector());
    }
    if (ctx->needs_input_grad(1)) {
      dw = torch::empty({out, in}, dy.options());
      gemm(true, false, out, in, n, dyb, xb, false, dw);
    }
    if (ctx->needs_input_grad(2)) db = dy.sum(0);
    return {dx, dw, db, torch::Tensor()};
  }
};

// w's bf16 copy, outside autograd (the GEMMs read it; gradients flow to w itself).
torch::Tensor bf16Copy(const torch::Tensor& w) {
  torch::NoGradGuard noGrad;
  return w.detach().to(torch::kBFloat16).contiguous();
}

}  // namespace

torch::Tensor Bf16WeightCache::get(const torch::Tensor& w) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t version = w._version();
  if (!copy_.defined() || source_ != w.data_ptr() || version_ != version) {
    copy_ = bf16Copy(w);
    source_ = w.data_ptr();
    version_ = version;
  }
  return copy_;
}

bool bf16GemmAvailable() {
  return gemmFn() != nullptr;
}

torch::Tensor bf16Linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
                         Bf16WeightCache* cache) {
  const auto copy = [&] { return cache != nullptr ? cache->get(w) : bf16Copy(w); };
  if (bf16GemmAvailable())
    return Bf16LinearFn::apply(x, w, b.defined() ? b : torch::empty({0}, w.options()), copy());
  // LibTorch's bf16 linear (oneDNN inside LibTorch, or its own loops): the gradient reaches w through a
  // differentiable cast, so a bf16 copy serves only where w needs none.
  const bool wNeedsGrad = w.requires_grad() && torch::GradMode::is_enabled();
  const auto wIn = wNeedsGrad ? w.to(torch::kBFloat16) : copy();
  const auto bIn = b.defined() ? b.to(torch::kBFloat16) : b;
  return at::linear(x.to(torch::kBFloat16), wIn, bIn).to(torch::kFloat);
}

}  // namespace pwb::model
