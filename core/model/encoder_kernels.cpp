#include "model/encoder_kernels.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <cstdint>
#include <mutex>

namespace pwb::model {
namespace {

// cblas_sgemm as every CBLAS declares it (32-bit ints: Debian's libopenblas0 / libblas3 are LP64). Looked up
// in the process rather than linked, so a LibTorch that carries its own BLAS (MKL, hidden) simply takes the
// at::matmul path.
using SgemmFn = void (*)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a,
                         int lda, const float* b, int ldb, float beta, float* c, int ldc);
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;

SgemmFn sgemm() {
  static const SgemmFn fn = reinterpret_cast<SgemmFn>(dlsym(RTLD_DEFAULT, "cblas_sgemm"));
  return fn;
}

bool gemmPath(const torch::Tensor& a, const torch::Tensor& b) {
  return sgemm() != nullptr && a.device().is_cpu() && b.device().is_cpu() &&
         a.scalar_type() == torch::kFloat && b.scalar_type() == torch::kFloat;
}

// One row-major sgemm C = op(A) op(B) (m x n, inner k) per (example, head), spread over torch's threads.
// `at(i)` gives matrix i's three pointers.
template <typename Pointers>
void gemmPerHead(int64_t count, bool transA, bool transB, int64_t m, int64_t n, int64_t k, int64_t lda,
                 int64_t ldb, int64_t ldc, const Pointers& at) {
  if (count == 0 || m == 0 || n == 0) return;
  const SgemmFn fn = sgemm();
  at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const auto [a, b, c] = at(i);
      if (k == 0) {
        for (int64_t r = 0; r < m; ++r)
          for (int64_t col = 0; col < n; ++col) c[r * ldc + col] = 0.0F;
        continue;
      }
      fn(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, static_cast<int>(m),
         static_cast<int>(n), static_cast<int>(k), 1.0F, a, static_cast<int>(lda), b, static_cast<int>(ldb),
         0.0F, c, static_cast<int>(ldc));
    }
  });
}

struct Ptrs {
  const float* a;
  const float* b;
  float* c;
};

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// q [B,Tq,H], k [B,Tk,H] -> scores [B,heads,Tq,Tk].
struct HeadScores : torch::autograd::Function<HeadScores> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& qIn, const torch::Tensor& kIn,
                               int64_t heads) {
    const auto q = qIn.contiguous(), k = kIn.contiguous();
    ctx->save_for_backward({q, k});
    ctx->saved_data["heads"] = heads;
    const int64_t B = q.size(0), Tq = q.size(1), Tk = k.size(1), H = q.size(2), d = H / heads;
    auto out = torch::empty({B, heads, Tq, Tk}, q.options());
    const float *qp = q.data_ptr<float>(), *kp = k.data_ptr<float>();
    float* op = out.data_ptr<float>();
    gemmPerHead(B * heads, false, true, Tq, Tk, d, H, H, Tk, [&](int64_t i) {
      const int64_t b = i / heads, h = i % heads;
      return Ptrs{qp + b * Tq * H + h * d, kp + b * Tk * H + h * d, op + i * Tq * Tk};
    });
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &q = saved[0], &k = saved[1];
    const int64_t heads = ctx->saved_data["heads"].toInt();
    const int64_t B = q.size(0), Tq = q.size(1), Tk = k.size(1), H = q.size(2), d = H / heads;
    const auto g = grads[0].contiguous();  // [B,heads,Tq,Tk]
    const float *gp = g.data_ptr<float>(), *qp = q.data_ptr<float>(), *kp = k.data_ptr<float>();
    torch::Tensor dq, dk;
    if (ctx->needs_input_grad(0)) {  // dQ_bh = G_bh . K_bh
      dq = torch::empty_like(q);
      float* out = dq.data_ptr<float>();
      gemmPerHead(B * heads, false, false, Tq, d, Tk, Tk, H, H, [&](int64_t i) {
        const int64_t b = i / heads, h = i % heads;
        return Ptrs{gp + i * Tq * Tk, kp + b * Tk * H + h * d, out + b * Tq * H + h * d};
      });
    }
    if (ctx->needs_input_grad(1)) {  // dK_bh = G_bh^T . Q_bh
      dk = torch::empty_like(k);
      float* out = dk.data_ptr<float>();
      gemmPerHead(B * heads, true, false, Tk, d, Tq, Tk, H, H, [&](int64_t i) {
        const int64_t b = i / heads, h = i % heads;
        return Ptrs{gp + i * Tq * Tk, qp + b * Tq * H + h * d, out + b * Tk * H + h * d};
      });
    }
    return {dq, dk, torch::Tensor()};
  }
};

// probs [B,heads,Tq,Tk], v [B,Tk,H] -> context [B,Tq,H].
struct HeadContext : torch::autograd::Function<HeadContext> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& pIn, const torch::Tensor& vIn,
                               int64_t heads) {
    const auto p = pIn.contiguous(), v = vIn.contiguous();
    ctx->save_for_backward({p, v});
    ctx->saved_data["heads"] = heads;
    const int64_t B = v.size(0), Tk = v.size(1), H = v.size(2), Tq = p.size(2), d = H / heads;
    auto out = torch::empty({B, Tq, H}, v.options());
    const float *pp = p.data_ptr<float>(), *vp = v.data_ptr<float>();
    float* op = out.data_ptr<float>();
    gemmPerHead(B * heads, false, false, Tq, d, Tk, Tk, H, H, [&](int64_t i) {
      const int64_t b = i / heads, h = i % heads;
      return Ptrs{pp + i * Tq * Tk, vp + b * Tk * H + h * d, op + b * Tq * H + h * d};
    });
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &p = saved[0], &v = saved[1];
    const int64_t heads = ctx->saved_data["heads"].toInt();
    const int64_t B = v.size(0), Tk = v.size(1), H = v.size(2), Tq = p.size(2), d = H / heads;
    const auto g = grads[0].contiguous();  // [B,Tq,H]
    const float *gp = g.data_ptr<float>(), *pp = p.data_ptr<float>(), *vp = v.data_ptr<float>();
    torch::Tensor dp, dv;
    if (ctx->needs_input_grad(0)) {  // dP_bh = G_bh . V_bh^T
      dp = torch::empty_like(p);
      float* out = dp.data_ptr<float>();
      gemmPerHead(B * heads, false, true, Tq, Tk, d, H, H, Tk, [&](int64_t i) {
        const int64_t b = i / heads, h = i % heads;
        return Ptrs{gp + b * Tq * H + h * d, vp + b * Tk * H + h * d, out + i * Tq * Tk};
      });
    }
    if (ctx->needs_input_grad(1)) {  // dV_bh = P_bh^T . G_bh
      dv = torch::empty_like(v);
      float* out = dv.data_ptr<float>();
      gemmPerHead(B * heads, true, false, Tk, d, Tq, Tk, H, H, [&](int64_t i) {
        const int64_t b = i / heads, h = i % heads;
        return Ptrs{pp + i * Tq * Tk, gp + b * Tq * H + h * d, out + b * Tk * H + h * d};
      });
    }
    return {dp, dv, torch::Tensor()};
  }
};

// SplitMix64's output function on a counter: a well-mixed 64-bit number per (seed, index).
inline uint64_t mix(uint64_t seed, uint64_t index) {
  uint64_t z = seed + (index + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t seedFromTorch() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return at::check_generator<at::CPUGeneratorImpl>(gen)->random64();
}

struct FastDropout : torch::autograd::Function<FastDropout> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn, double p) {
    const auto x = xIn.contiguous();
    const uint64_t seed = seedFromTorch();
    // Each 64-bit draw decides two elements (its halves); keep when the 32-bit half >= p * 2^32.
    const auto cut = static_cast<uint64_t>(p * 4294967296.0);
    const float scale = static_cast<float>(1.0 / (1.0 - p));
    auto keep = torch::empty(x.sizes(), x.options().dtype(torch::kBool));
    auto out = torch::empty_like(x);
    const float* xp = x.data_ptr<float>();
    bool* kp = keep.data_ptr<bool>();
    float* op = out.data_ptr<float>();
    const int64_t n = x.numel(), pairs = (n + 1) / 2;
    at::parallel_for(0, pairs, 4096, [&](int64_t begin, int64_t end) {
      for (int64_t j = begin; j < end; ++j) {
        const uint64_t r = mix(seed, static_cast<uint64_t>(j));
        for (int64_t e = 2 * j; e < std::min(n, 2 * j + 2); ++e) {
          const uint64_t half = e == 2 * j ? (r >> 32) : (r & 0xFFFFFFFFULL);
          const bool k = half >= cut;
          kp[e] = k;
          op[e] = k ? xp[e] * scale : 0.0F;
        }
      }
    });
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
    const bool* kp = keep.data_ptr<bool>();
    float* dp = dx.data_ptr<float>();
    at::parallel_for(0, g.numel(), 16384, [&](int64_t begin, int64_t end) {
      for (int64_t e = begin; e < end; ++e) dp[e] = kp[e] ? gp[e] * scale : 0.0F;
    });
    return {dx, torch::Tensor()};
  }
};

}  // namespace

bool headGemmAvailable() {
  return sgemm() != nullptr;
}

torch::Tensor headScores(const torch::Tensor& q, const torch::Tensor& k, int64_t heads) {
  if (gemmPath(q, k)) return HeadScores::apply(q, k, heads);
  const int64_t B = q.size(0), Tq = q.size(1), Tk = k.size(1), H = q.size(2), d = H / heads;
  return at::matmul(q.reshape({B, Tq, heads, d}).transpose(1, 2),
                    k.reshape({B, Tk, heads, d}).permute({0, 2, 3, 1}));
}

torch::Tensor headContext(const torch::Tensor& probs, const torch::Tensor& v, int64_t heads) {
  if (gemmPath(probs, v)) return HeadContext::apply(probs, v, heads);
  const int64_t B = v.size(0), Tk = v.size(1), H = v.size(2), Tq = probs.size(2), d = H / heads;
  return at::matmul(probs, v.reshape({B, Tk, heads, d}).transpose(1, 2)).transpose(1, 2).reshape({B, Tq, H});
}

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& mask, int64_t heads, double pDrop) {
  auto scores = headScores(q, k, heads);  // [B,heads,Tq,Tk]
  if (mask.defined()) scores = scores + mask;
  return headContext(fastDropout(at::softmax(scores, -1), pDrop, pDrop > 0), v, heads);
}

torch::Tensor prefixRows(const torch::Tensor& prefix, int64_t batch, const torch::Tensor& like) {
  const int64_t P = prefix.size(2), H = prefix.size(1) * prefix.size(3);
  return prefix.to(like.device(), like.scalar_type())
      .permute({0, 2, 1, 3})
      .reshape({-1, P, H})
      .expand({batch, P, H});
}

torch::Tensor fastDropout(const torch::Tensor& x, double p, bool training) {
  if (!training || p <= 0.0) return x;
  if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat || p >= 1.0) return at::dropout(x, p, true);
  return FastDropout::apply(x, p);
}

}  // namespace pwb::model
