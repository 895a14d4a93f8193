#include "train/fused_adamw.h"

#include <ATen/Parallel.h>
#include <c10/util/C++17.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "common/vector_clones.h"

namespace pwb::train {
namespace {

struct Coefficients {
  float beta1, beta2, oneMinusBeta1, oneMinusBeta2, sqrtBc2, eps, decay, negStepSize, scale;
  bool weightDecay;
};

// The update of n consecutive elements, in torch's order of operations:
//   p *= 1 - lr*wd;  m = m*b1 + (1-b1)*g;  v = v*b2 + (1-b2)*g*g;
//   p += -(lr / bc1) * (m / (sqrt(v) / sqrt(bc2) + eps))
// with g = grad * scale (clip_grad_norm_'s in-place mul_, done here instead). Built for AVX2 and AVX-512 too:
// on the Intel machine of round four the pass was memory-bound (the same at every width), on the AMD EPYC
// (Zen 4) of round five its sqrt and division bound it, and the clones took P-tuning's optimizer phase from
// 6.5-7.0 to 4.4-4.8 ms per step. The file is built without FMA contraction, so every clone rounds alike.
PWB_VECTOR_CLONES void updateRange(float* p, const float* grad, float* m, float* v, int64_t n,
                                   const Coefficients& c) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = grad[i] * c.scale;
    float pi = p[i];
    if (c.weightDecay) pi = pi * c.decay;
    const float mi = m[i] * c.beta1 + c.oneMinusBeta1 * g;
    const float vi = v[i] * c.beta2 + c.oneMinusBeta2 * (g * g);
    const float denom = std::sqrt(vi) / c.sqrtBc2 + c.eps;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi + c.negStepSize * (mi / denom);
  }
}

// Whether every value is +0 or -0 (a NaN is not), 64 at a time: the bits OR-ed without a branch per value,
// so that the loop vectorizes.
PWB_VECTOR_CLONES bool allZero(const float* a, int64_t n) {
  for (int64_t i = 0; i < n; i += 64) {
    const int64_t end = std::min(n, i + 64);
    uint32_t bits = 0;
    for (int64_t j = i; j < end; ++j) {
      uint32_t b;
      std::memcpy(&b, a + j, sizeof b);
      bits |= b & 0x7FFFFFFFU;
    }
    if (bits != 0) return false;
  }
  return true;
}

// A matrix row by row, skipping the rows that never had a gradient. For such a row (gradient and both
// moments exactly zero) the update above computes m = v = +0 and adds -(lr / bc1) * (0 / eps) = -0 to p,
// which leaves every value as it was: only the weight decay's factor remains. Skipping is therefore exact,
// and it is most of a word-embedding matrix: a few-shot run's batches use a few hundred of its rows (LibTorch
// hands the embedding a dense gradient, zero elsewhere).
void updateRows(float* p, const float* grad, float* m, float* v, int64_t rows, int64_t cols,
                const Coefficients& c) {
  at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t o = r * cols;
      if (allZero(grad + o, cols) && allZero(m + o, cols) && allZero(v + o, cols)) {
        if (c.weightDecay)
          for (int64_t i = o; i < o + cols; ++i) p[i] = p[i] * c.decay;
        continue;
      }
      updateRange(p + o, grad + o, m + o, v + o, cols, c);
    }
  });
}

void updateCpu(float* p, const float* grad, float* m, float* v, const torch::Tensor& shape,
               const Coefficients& c) {
  if (shape.dim() == 2 && shape.size(1) >= 64) {
    updateRows(p, grad, m, v, shape.size(0), shape.size(1), c);
    return;
  }
  at::parallel_for(0, shape.numel(), 16384, [&](int64_t begin, int64_t end) {
    updateRange(p + begin, grad + begin, m + begin, v + begin, end - begin, c);
  });
}

bool fastPath(const torch::Tensor& p, const torch::Tensor& g, const torch::Tensor& m,
              const torch::Tensor& v) {
  for (const auto* t : {&p, &g, &m, &v}) {
    if (!t->device().is_cpu() || t->scalar_type() != torch::kFloat || !t->is_contiguous()) return false;
  }
  return true;
}

}  // namespace

torch::Tensor clipScale(const std::vector<torch::Tensor>& params, double maxNorm) {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> norms;
  for (const auto& p : params) {
    if (p.grad().defined()) norms.push_back(p.grad().norm(2.0));
  }
  if (norms.empty()) return {};
  const auto total = norms.size() == 1 ? norms[0] : torch::stack(norms).norm(2.0);
  return torch::clamp(maxNorm / (total + 1e-6), c10::nullopt, 1.0);
}

void fusedAdamWStep(torch::optim::AdamW& optimizer, const torch::Tensor& gradScale) {
  torch::NoGradGuard noGrad;
  // The scale as a host float for the CPU loop (one read per step; on the CPU nothing waits for it), as a
  // tensor for the others.
  float hostScale = 1.0F;
  bool cpuScaleRead = false;
  for (auto& group : optimizer.param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamWOptions&>(group.options());
    if (o.amsgrad()) throw Error("fusedAdamWStep: AMSGrad is not supported");
    const double lr = o.lr(), beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      const torch::Tensor& grad = p.grad();
      const std::string key = c10::guts::to_string(p.unsafeGetTensorImpl());
      auto it = optimizer.state().find(key);
      if (it == optimizer.state().end()) {  // first step: zero moments, as AdamW::step
        auto fresh = std::make_unique<torch::optim::AdamWParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = optimizer.state().emplace(key, std::move(fresh)).first;
      }
      auto& state = static_cast<torch::optim::AdamWParamState&>(*it->second);
      state.step(state.step() + 1);
      const double bc1 = 1 - std::pow(beta1, state.step());
      const double bc2 = 1 - std::pow(beta2, state.step());
      const double stepSize = lr / bc1;
      torch::Tensor& m = state.exp_avg();
      torch::Tensor& v = state.exp_avg_sq();
      if (fastPath(p, grad, m, v)) {
        if (gradScale.defined() && !cpuScaleRead) {
          hostScale = gradScale.to(torch::kCPU, torch::kFloat).item<float>();
          cpuScaleRead = true;
        }
        // Scalars rounded to float as torch rounds a double Scalar for an fp32 kernel.
        Coefficients c{static_cast<float>(beta1),
                       static_cast<float>(beta2),
                       static_cast<float>(1 - beta1),
                       static_cast<float>(1 - beta2),
                       static_cast<float>(std::sqrt(bc2)),
                       static_cast<float>(o.eps()),
                       static_cast<float>(1 - lr * o.weight_decay()),
                       static_cast<float>(-stepSize),
                       hostScale,
                       o.weight_decay() != 0};
        updateCpu(p.data_ptr<float>(), grad.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(), p,
                  c);
        // Written through raw pointers: tell autograd's version check, as an in-place torch op would.
        for (auto* t : {&p, &m, &v}) t->unsafeGetTensorImpl()->bump_version();
        continue;
      }
      // Other devices / dtypes: torch's own sequence of kernels (AdamW::step), the scale as clipping's mul_.
      const torch::Tensor g = gradScale.defined() ? grad * gradScale.to(grad.device()) : grad;
      if (o.weight_decay() != 0) p.mul_(1 - lr * o.weight_decay());
      m.mul_(beta1).add_(g, 1 - beta1);
      v.mul_(beta2).addcmul_(g, g, 1 - beta2);
      const auto denom = (v.sqrt() / std::sqrt(bc2)).add_(o.eps());
      p.addcdiv_(m, denom, -stepSize);
    }
  }
}

}  // namespace pwb::train
