// The encoder's element-wise kernels for CPU fp32 training: dropout and erf GELU (see encoder_kernels.h).
//
// Both are single passes written so that the compiler vectorizes them; on x86-64 with GCC each kernel is
// also built for AVX2 (x86-64-v3) and AVX-512 (x86-64-v4) and the loader picks the clone the CPU runs
// (target_clones), so the binary still runs on any x86-64.
#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>

#include "model/encoder_kernels.h"
#include "model/kernel_support.h"

namespace pwb::model {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Elements 2j and 2j+1 for j in [j0, j1): keepElement's rule (draw j decides both, by its high and its low
// 32 bits), written out per pair so that each draw is hashed once. Branch-free so that it vectorizes.
PWB_VECTOR_CLONES void dropoutPairs(const float* x, float* out, uint8_t* keep, int64_t j0, int64_t j1,
                                    uint64_t seed, uint32_t cut, float scale) {
  for (int64_t j = j0; j < j1; ++j) {
    const uint64_t r = mix(seed, static_cast<uint64_t>(j));
    const bool k0 = static_cast<uint32_t>(r >> 32) >= cut, k1 = static_cast<uint32_t>(r) >= cut;
    keep[2 * j] = k0;
    keep[2 * j + 1] = k1;
    out[2 * j] = x[2 * j] * (k0 ? scale : 0.0F);
    out[2 * j + 1] = x[2 * j + 1] * (k1 ? scale : 0.0F);
  }
}

PWB_VECTOR_CLONES void maskedScale(const float* g, const uint8_t* keep, float* out, int64_t begin,
                                   int64_t end, float scale) {
  for (int64_t e = begin; e < end; ++e) out[e] = g[e] * (keep[e] ? scale : 0.0F);
}

struct FastDropout : torch::autograd::Function<FastDropout> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn, double p) {
    const auto x = xIn.contiguous();
    const uint64_t seed = seedFromTorch();
    const auto cut = static_cast<uint32_t>(p * 4294967296.0);  // p < 1, so it fits
    const float scale = static_cast<float>(1.0 / (1.0 - p));
    auto keep = torch::empty(x.sizes(), x.options().dtype(torch::kBool));
    auto out = torch::empty_like(x);
    const float* xp = x.data_ptr<float>();
    auto* kp = reinterpret_cast<uint8_t*>(keep.data_ptr<bool>());
    float* op = out.data_ptr<float>();
    const int64_t n = x.numel(), fullPairs = n / 2;
    at::parallel_for(0, fullPairs, 4096, [&](int64_t begin, int64_t end) {
      dropoutPairs(xp, op, kp, begin, end, seed, cut, scale);
    });
    if (n % 2 == 1) {  // the last element alone
      const bool k = keepElement(seed, static_cast<uint64_t>(n - 1), cut);
      kp[n - 1] = k;
      op[n - 1] = k ? xp[n - 1] * scale : 0.0F;
    }
    ctx->save_for_backward({keep});
    ctx->saved_data["scale"] = static_cast<double>(scale);
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto keep = ctx->get_saved_variables()[0];
    const auto g = grads[0].contiguous();
    const float scale = static_cast<float>(ctx->saved_data["scale"].toDouble());
    auto dx = torch::empty_like(g);
    const float* gp = g.data_ptr<float>();
    const auto* kp = reinterpret_cast<const uint8_t*>(keep.data_ptr<bool>());
    float* dp = dx.data_ptr<float>();
    at::parallel_for(0, g.numel(), 16384,
                     [&](int64_t begin, int64_t end) { maskedScale(gp, kp, dp, begin, end, scale); });
    return {dx, torch::Tensor()};
  }
};

// y = x Phi(x) and its derivative Phi(x) + x phi(x), with erf by Abramowitz & Stegun 7.1.26 (absolute error
// below 1.5e-7, the formula ATen's vectorized erf uses too). phi(x) = exp(-x^2/2) / sqrt(2 pi) reuses the
// exp that erf needs.
PWB_VECTOR_CLONES void geluAndDerivative(const float* x, float* y, float* dy, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) {
    const float v = x[i], z = v * 0.70710678118654752F, az = std::fabs(z);
    const float t = 1.0F / (1.0F + 0.3275911F * az);
    const float poly =
        ((((1.061405429F * t - 1.453152027F) * t + 1.421413741F) * t - 0.284496736F) * t + 0.254829592F) * t;
    const float e = expNonPositive(-z * z);
    const float erfAbs = 1.0F - poly * e;
    const float cdf = 0.5F + 0.5F * (z < 0.0F ? -erfAbs : erfAbs);
    y[i] = v * cdf;
    dy[i] = cdf + v * 0.39894228040143268F * e;
  }
}

PWB_VECTOR_CLONES void multiply(const float* a, const float* b, float* out, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) out[i] = a[i] * b[i];
}

// GELU that keeps its derivative from the forward pass: the backward is one multiply instead of
// LibTorch's gelu_backward (which recomputes erf and exp), and the forward computes both in one pass.
struct GeluSavingDerivative : torch::autograd::Function<GeluSavingDerivative> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn) {
    const auto x = xIn.contiguous();
    auto y = torch::empty_like(x), dy = torch::empty_like(x);
    const float* xp = x.data_ptr<float>();
    float *yp = y.data_ptr<float>(), *dp = dy.data_ptr<float>();
    at::parallel_for(0, x.numel(), 16384,
                     [&](int64_t begin, int64_t end) { geluAndDerivative(xp, yp, dp, begin, end); });
    ctx->save_for_backward({dy});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto dy = ctx->get_saved_variables()[0];
    const auto g = grads[0].contiguous();
    auto dx = torch::empty_like(g);
    const float *gp = g.data_ptr<float>(), *dp = dy.data_ptr<float>();
    float* out = dx.data_ptr<float>();
    at::parallel_for(0, g.numel(), 16384,
                     [&](int64_t begin, int64_t end) { multiply(gp, dp, out, begin, end); });
    return {dx};
  }
};

}  // namespace

torch::Tensor fastDropout(const torch::Tensor& x, double p, bool training) {
  if (!training || p <= 0.0) return x;
  if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat || p >= 1.0) return at::dropout(x, p, true);
  return FastDropout::apply(x, p);
}

torch::Tensor geluErf(const torch::Tensor& x) {
  if (x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.requires_grad() &&
      torch::autograd::GradMode::is_enabled())
    return GeluSavingDerivative::apply(x);
  return at::gelu(x);
}

}  // namespace pwb::model
