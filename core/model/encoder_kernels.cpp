#include "model/encoder_kernels.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <cstdint>

#include "model/kernel_support.h"

namespace pwb::model {
namespace {

bool gemmPath(const torch::Tensor& a, const torch::Tensor& b) {
  return cblasSgemm() != nullptr && a.device().is_cpu() && b.device().is_cpu() &&
         a.scalar_type() == torch::kFloat && b.scalar_type() == torch::kFloat;
}

// One row-major sgemm C = op(A) op(B) (m x n, inner k) per (example, head), spread over torch's threads.
// `at(i)` gives matrix i's three pointers.
template <typename Pointers>
void gemmPerHead(int64_t count, bool transA, bool transB, int64_t m, int64_t n, int64_t k, int64_t lda,
                 int64_t ldb, int64_t ldc, const Pointers& at) {
  if (count == 0 || m == 0 || n == 0) return;
  const SgemmFn fn = cblasSgemm();
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

}  // namespace

SgemmFn cblasSgemm() {
  static const SgemmFn fn = reinterpret_cast<SgemmFn>(dlsym(RTLD_DEFAULT, "cblas_sgemm"));
  return fn;
}

bool headGemmAvailable() {
  return cblasSgemm() != nullptr;
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

}  // namespace pwb::model
