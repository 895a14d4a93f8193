// Attention on packed rows for CPU fp32 training and scoring (see encoder_kernels.h, attendPacked).
//
// encodeRows keeps the hidden states packed ([N,H], the real tokens of the batch one after another). With
// right padding every example's tokens are consecutive rows, so each (example, head) block of queries, keys
// and values is a sub-matrix of the packed tensors with row stride H, which the process's CBLAS sgemm reads
// in place. Attention then needs no padded layout: no scatter into zeros and gather back, no additive mask,
// no scores for padding keys. Scores, softmax, dropout and the context product are one pass per block; the
// backward is written out (the softmax's and dropout's gradients included), so autograd sees one node.
//
// Dropout draws the same numbers the padded form draws: element (group g, head h, query i, key j) is
// decided by keepElement(seed, ((g * heads + h) * hashRows + i) * hashCols + j), the flat index it had in
// the padded [groups, heads, hashRows, hashCols] probabilities, and the seed is taken from torch's
// generator at the same point. The backward recomputes the mask from the seed instead of keeping it.
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "model/encoder_kernels.h"
#include "model/kernel_support.h"

namespace pwb::model {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Reductions in 16 independent lanes: without -ffast-math the compiler may not reorder a float sum, and
// with lanes it need not, so these loops vectorize. (The order of the additions differs from LibTorch's.)
constexpr int kLanes = 16;

inline float maxOf(const float* x, int64_t n) {
  float lane[kLanes];
  std::fill(lane, lane + kLanes, x[0]);
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) lane[l] = x[j + l] > lane[l] ? x[j + l] : lane[l];
  for (; j < n; ++j) lane[0] = x[j] > lane[0] ? x[j] : lane[0];
  return *std::max_element(lane, lane + kLanes);
}

inline float dotOf(const float* x, const float* y, int64_t n) {
  float lane[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) lane[l] += x[j + l] * y[j + l];
  for (; j < n; ++j) lane[0] += x[j] * y[j];
  float sum = 0.0F;
  for (float v : lane) sum += v;
  return sum;
}

// In place: row <- softmax(row), by its maximum.
PWB_VECTOR_CLONES void softmaxRow(float* row, int64_t n) {
  const float mx = maxOf(row, n);
  float lane[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) {
      row[j + l] = expNonPositive(row[j + l] - mx);
      lane[l] += row[j + l];
    }
  for (; j < n; ++j) {
    row[j] = expNonPositive(row[j] - mx);
    lane[0] += row[j];
  }
  float sum = 0.0F;
  for (float v : lane) sum += v;
  const float inv = 1.0F / sum;
  for (j = 0; j < n; ++j) row[j] *= inv;
}

// out[j] = in[j] * (kept ? scale : 0) with the mask of flat indices base + j.
PWB_VECTOR_CLONES void dropoutRow(const float* in, float* out, int64_t n, uint64_t seed, uint64_t base,
                                  uint32_t cut, float scale) {
  for (int64_t j = 0; j < n; ++j)
    out[j] = in[j] * (keepElement(seed, base + static_cast<uint64_t>(j), cut) ? scale : 0.0F);
}

// The softmax's backward in place: g <- a * (g - sum(g * a)), g being the gradient of the probabilities a.
PWB_VECTOR_CLONES void softmaxBackwardRow(const float* a, float* g, int64_t n) {
  const float dot = dotOf(g, a, n);
  for (int64_t j = 0; j < n; ++j) g[j] = a[j] * (g[j] - dot);
}

struct Group {
  int64_t qBegin, qCount, kBegin, kCount, example;
};

std::vector<Group> readGroups(const torch::Tensor& t) {
  std::vector<Group> out(static_cast<size_t>(t.size(0)));
  const int64_t* p = t.data_ptr<int64_t>();
  for (size_t g = 0; g < out.size(); ++g) {
    const int64_t* r = p + 5 * g;
    out[g] = Group{r[0], r[1], r[2], r[3], r[4]};
  }
  return out;
}

// What forward and backward share: shapes, pointers' strides, and where each (group, head) block of the
// probabilities lies in the flat buffer.
struct Layout {
  std::vector<Group> groups;
  std::vector<int64_t> probOffset;  // per group; head h's block follows at h * qCount * (P + kCount)
  int64_t heads = 0, H = 0, d = 0, P = 0, hashRows = 0, hashCols = 0, probCount = 0, scratch = 0;

  Layout(const torch::Tensor& groupsT, int64_t heads_, int64_t H_, int64_t P_, int64_t hashRows_,
         int64_t hashCols_)
      : groups(readGroups(groupsT)),
        heads(heads_),
        H(H_),
        d(H_ / heads_),
        P(P_),
        hashRows(hashRows_),
        hashCols(hashCols_) {
    for (const Group& g : groups) {
      probOffset.push_back(probCount);
      probCount += heads * g.qCount * (P + g.kCount);
      scratch = std::max(scratch, g.qCount * (P + g.kCount));
    }
  }
  uint64_t hashBase(size_t g, int64_t h, int64_t i) const {
    return static_cast<uint64_t>(((static_cast<int64_t>(g) * heads + h) * hashRows + i) * hashCols);
  }
};

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0 || k == 0) return;  // callers never ask for k == 0 with beta == 0 on unwritten memory
  cblasSgemm()(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, static_cast<int>(m),
               static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
               static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

const float* ptrOrNull(const torch::Tensor& t) {
  return t.defined() && t.numel() > 0 ? t.data_ptr<float>() : nullptr;
}
float* mutPtrOrNull(torch::Tensor& t) {
  return t.defined() ? t.data_ptr<float>() : nullptr;
}

struct PackedAttention : torch::autograd::Function<PackedAttention> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& qIn, const torch::Tensor& kIn,
                               const torch::Tensor& vIn, const torch::Tensor& pkIn, const torch::Tensor& pvIn,
                               const torch::Tensor& groupsT, int64_t heads, double scale, double pDrop,
                               int64_t hashRows, int64_t hashCols) {
    const auto q = qIn.contiguous(), k = kIn.contiguous(), v = vIn.contiguous();
    const auto pk = pkIn.contiguous(), pv = pvIn.contiguous();
    const int64_t P = pk.dim() == 3 ? pk.size(1) : 0;
    const Layout lay(groupsT, heads, q.size(1), P, hashRows, hashCols);
    const int64_t H = lay.H, d = lay.d;
    const uint64_t seed = pDrop > 0 ? seedFromTorch() : 0;
    const auto cut = static_cast<uint32_t>(pDrop * 4294967296.0);
    const auto dropScale = static_cast<float>(1.0 / (1.0 - pDrop));

    auto probs = torch::empty({lay.probCount}, q.options());
    auto out = torch::empty({q.size(0), H}, q.options());
    const float *qp = q.data_ptr<float>(), *kp = k.data_ptr<float>(), *vp = v.data_ptr<float>();
    const float *pkp = ptrOrNull(pk), *pvp = ptrOrNull(pv);
    float *ap = probs.data_ptr<float>(), *op = out.data_ptr<float>();
    // One head per task: a head's columns of the output are written by no other task.
    at::parallel_for(0, heads, 1, [&](int64_t h0, int64_t h1) {
      std::vector<float> dropped(static_cast<size_t>(pDrop > 0 ? lay.scratch : 0));
      for (int64_t h = h0; h < h1; ++h) {
        for (size_t gi = 0; gi < lay.groups.size(); ++gi) {
          const Group& g = lay.groups[gi];
          const int64_t L = P + g.kCount;
          float* a = ap + lay.probOffset[gi] + h * g.qCount * L;
          const float* qg = qp + g.qBegin * H + h * d;
          float* og = op + g.qBegin * H + h * d;
          if (L == 0) {  // nothing to attend to: a zero context, as softmax over no key would give none
            for (int64_t i = 0; i < g.qCount; ++i) std::fill(og + i * H, og + i * H + d, 0.0F);
            continue;
          }
          const auto alpha = static_cast<float>(scale);
          if (P > 0)
            gemm(false, true, g.qCount, P, d, alpha, qg, H, pkp + g.example * P * H + h * d, H, 0, a, L);
          gemm(false, true, g.qCount, g.kCount, d, alpha, qg, H, kp + g.kBegin * H + h * d, H, 0, a + P, L);
          for (int64_t i = 0; i < g.qCount; ++i) softmaxRow(a + i * L, L);
          const float* used = a;
          if (pDrop > 0) {
            for (int64_t i = 0; i < g.qCount; ++i)
              dropoutRow(a + i * L, dropped.data() + i * L, L, seed, lay.hashBase(gi, h, i), cut, dropScale);
            used = dropped.data();
          }
          if (P > 0)
            gemm(false, false, g.qCount, d, P, 1, used, L, pvp + g.example * P * H + h * d, H, 0, og, H);
          if (g.kCount > 0)
            gemm(false, false, g.qCount, d, g.kCount, 1, used + P, L, vp + g.kBegin * H + h * d, H,
                 P > 0 ? 1 : 0, og, H);
          else if (P == 0)
            for (int64_t i = 0; i < g.qCount; ++i) std::fill(og + i * H, og + i * H + d, 0.0F);
        }
      }
    });
    ctx->save_for_backward({q, k, v, pk, pv, probs, groupsT});
    ctx->saved_data["heads"] = heads;
    ctx->saved_data["scale"] = scale;
    ctx->saved_data["p"] = pDrop;
    ctx->saved_data["seed"] = static_cast<int64_t>(seed);
    ctx->saved_data["hashRows"] = hashRows;
    ctx->saved_data["hashCols"] = hashCols;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &q = saved[0], &k = saved[1], &v = saved[2], &pk = saved[3], &pv = saved[4], &probs = saved[5];
    const int64_t heads = ctx->saved_data["heads"].toInt();
    const double scale = ctx->saved_data["scale"].toDouble(), pDrop = ctx->saved_data["p"].toDouble();
    const auto seed = static_cast<uint64_t>(ctx->saved_data["seed"].toInt());
    const int64_t P = pk.dim() == 3 ? pk.size(1) : 0;
    const Layout lay(saved[6], heads, q.size(1), P, ctx->saved_data["hashRows"].toInt(),
                     ctx->saved_data["hashCols"].toInt());
    const int64_t H = lay.H, d = lay.d;
    const auto cut = static_cast<uint32_t>(pDrop * 4294967296.0);
    const auto dropScale = static_cast<float>(1.0 / (1.0 - pDrop));
    const auto g = grads[0].contiguous();  // [Nq,H]

    torch::Tensor dq, dk, dv, dpk, dpv;
    if (ctx->needs_input_grad(0)) dq = torch::zeros_like(q);
    if (ctx->needs_input_grad(1)) dk = torch::zeros_like(k);
    if (ctx->needs_input_grad(2)) dv = torch::zeros_like(v);
    if (P > 0 && ctx->needs_input_grad(3)) dpk = torch::zeros_like(pk);
    if (P > 0 && ctx->needs_input_grad(4)) dpv = torch::zeros_like(pv);
    const float *qp = q.data_ptr<float>(), *kp = k.data_ptr<float>(), *vp = v.data_ptr<float>();
    const float *pkp = ptrOrNull(pk), *pvp = ptrOrNull(pv), *ap = probs.data_ptr<float>(),
                *gp = g.data_ptr<float>();
    float *dqp = mutPtrOrNull(dq), *dkp = mutPtrOrNull(dk), *dvp = mutPtrOrNull(dv),
          *dpkp = mutPtrOrNull(dpk), *dpvp = mutPtrOrNull(dpv);
    const auto alpha = static_cast<float>(scale);

    at::parallel_for(0, heads, 1, [&](int64_t h0, int64_t h1) {
      std::vector<float> dropped(static_cast<size_t>(pDrop > 0 ? lay.scratch : 0));
      std::vector<float> dS(static_cast<size_t>(lay.scratch));
      for (int64_t h = h0; h < h1; ++h) {
        for (size_t gi = 0; gi < lay.groups.size(); ++gi) {
          const Group& gr = lay.groups[gi];
          const int64_t L = P + gr.kCount, qc = gr.qCount, kc = gr.kCount;
          if (L == 0 || qc == 0) continue;
          const float* a = ap + lay.probOffset[gi] + h * qc * L;
          const float* gg = gp + gr.qBegin * H + h * d;
          const float* qg = qp + gr.qBegin * H + h * d;
          const int64_t pOff = gr.example * P * H + h * d, kOff = gr.kBegin * H + h * d;
          const float* used = a;  // the probabilities after dropout
          if (pDrop > 0) {
            for (int64_t i = 0; i < qc; ++i)
              dropoutRow(a + i * L, dropped.data() + i * L, L, seed, lay.hashBase(gi, h, i), cut, dropScale);
            used = dropped.data();
          }
          if (dvp != nullptr) gemm(true, false, kc, d, qc, 1, used + P, L, gg, H, 1, dvp + kOff, H);
          if (dpvp != nullptr) gemm(true, false, P, d, qc, 1, used, L, gg, H, 1, dpvp + pOff, H);
          if (dqp == nullptr && dkp == nullptr && dpkp == nullptr) continue;
          // dS <- gradient of the dropped probabilities (G . [PV; V]^T), then of the scores.
          float* s = dS.data();
          if (P > 0) gemm(false, true, qc, P, d, 1, gg, H, pvp + pOff, H, 0, s, L);
          if (kc > 0) gemm(false, true, qc, kc, d, 1, gg, H, vp + kOff, H, 0, s + P, L);
          for (int64_t i = 0; i < qc; ++i) {
            if (pDrop > 0) dropoutRow(s + i * L, s + i * L, L, seed, lay.hashBase(gi, h, i), cut, dropScale);
            softmaxBackwardRow(a + i * L, s + i * L, L);
          }
          if (dqp != nullptr) {
            float* dqg = dqp + gr.qBegin * H + h * d;
            if (P > 0) gemm(false, false, qc, d, P, alpha, s, L, pkp + pOff, H, 0, dqg, H);
            if (kc > 0) gemm(false, false, qc, d, kc, alpha, s + P, L, kp + kOff, H, P > 0 ? 1 : 0, dqg, H);
          }
          if (dkp != nullptr) gemm(true, false, kc, d, qc, alpha, s + P, L, qg, H, 1, dkp + kOff, H);
          if (dpkp != nullptr) gemm(true, false, P, d, qc, alpha, s, L, qg, H, 1, dpkp + pOff, H);
        }
      }
    });
    return {dq,
            dk,
            dv,
            dpk,
            dpv,
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

bool packedAttentionPath(const torch::Tensor& x) {
  return cblasSgemm() != nullptr && x.device().is_cpu() && x.scalar_type() == torch::kFloat;
}

torch::Tensor attendPacked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                           const torch::Tensor& prefixK, const torch::Tensor& prefixV,
                           const std::vector<AttentionGroup>& groups, int64_t heads, double scale,
                           double pDrop, int64_t hashRows, int64_t hashCols) {
  if (!packedAttentionPath(q) || !packedAttentionPath(k) || !packedAttentionPath(v))
    throw Error("attendPacked: CPU float tensors and a CBLAS sgemm are required");
  if (prefixK.defined() != prefixV.defined()) throw Error("attendPacked: prefix keys without values");
  const int64_t nq = q.size(0), nk = k.size(0), P = prefixK.defined() ? prefixK.size(1) : 0;
  const int64_t examples = prefixK.defined() ? prefixK.size(0) : 0;
  auto t = torch::empty({static_cast<int64_t>(groups.size()), 5}, torch::kLong);
  int64_t* p = t.data_ptr<int64_t>();
  for (const AttentionGroup& g : groups) {
    if (g.qBegin < 0 || g.qCount < 0 || g.qBegin + g.qCount > nq || g.kBegin < 0 || g.kCount < 0 ||
        g.kBegin + g.kCount > nk || (P > 0 && (g.example < 0 || g.example >= examples)))
      throw Error("attendPacked: a query group lies outside the rows");
    *p++ = g.qBegin;
    *p++ = g.qCount;
    *p++ = g.kBegin;
    *p++ = g.kCount;
    *p++ = g.example;
    if (pDrop > 0 && hashCols < P + g.kCount) throw Error("attendPacked: hashCols below the keys of a group");
  }
  // LibTorch 1.13's custom functions take no undefined input: no prefix is an empty tensor.
  const auto none = torch::empty({0}, q.options());
  return PackedAttention::apply(q, k, v, prefixK.defined() ? prefixK : none,
                                prefixV.defined() ? prefixV : none, t, heads, scale, pDrop, hashRows,
                                hashCols);
}

}  // namespace pwb::model
