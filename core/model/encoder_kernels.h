#pragma once
// The encoder's attention products and dropout, with CPU fp32 forms that skip LibTorch 1.13's per-call
// overhead (profiled with bench_train --trace, issue 20). Private to core/model.
//
// Attention: LibTorch 1.13 computes a batched matmul of small matrices on the CPU as one mm per matrix,
// each behind three select() calls and a dispatch (a [8, 6 heads] batch of 45 x 45 scores: 48 mm calls),
// and the [B,T,H] -> [B,heads,T,d] transposes cost copies. headScores / headContext instead call the
// process's CBLAS sgemm once per (example, head) on the [B,T,H] layout in place (row stride H), forward and
// backward. Same products, same BLAS kernels; only the bookkeeping goes.
//
// Dropout: at::dropout on the CPU draws each Bernoulli number through the mt19937 generator under a lock
// (about 7 ns a number here), then multiplies twice. fastDropout keeps each value with probability 1 - p
// and scales it by 1 / (1 - p), as at::dropout does, but draws its numbers from a counter-based hash
// (SplitMix64 of one 64-bit seed taken from torch's default CPU generator, and the element index), so it is
// seeded by torch::manual_seed, is the same at every thread count, and costs one pass forward and one
// backward. Its random numbers differ from at::dropout's, the distribution does not.
//
// GELU (erf) in training: LibTorch computes erf and exp in the forward and again in gelu_backward, in two
// passes each way. geluErf computes the value and the derivative in one forward pass and keeps the
// derivative (the same memory at::gelu keeps for its input), so the backward is one multiply.
//
// Everything else (CUDA, bf16, no CBLAS in the process) takes LibTorch's own ops.
#include <torch/torch.h>

#include <vector>

namespace pwb::model {

// scores[b,h] = q[b,:,h*d:(h+1)*d] . k[b,:,h*d:(h+1)*d]^T: q [B,Tq,H], k [B,Tk,H] -> [B,heads,Tq,Tk].
torch::Tensor headScores(const torch::Tensor& q, const torch::Tensor& k, int64_t heads);
// context[b,:,h*d:(h+1)*d] = probs[b,h] . v[b,:,h*d:(h+1)*d]: probs [B,heads,Tq,Tk], v [B,Tk,H] -> [B,Tq,H].
torch::Tensor headContext(const torch::Tensor& probs, const torch::Tensor& v, int64_t heads);
// One attention: softmax(q . k^T + mask) . v per head, with dropout p on the probabilities.
// q [B,Tq,H] (already scaled by 1/sqrt(d)), k and v [B,Tk,H], mask [B,1,1,Tk] additive or undefined.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& mask, int64_t heads, double pDrop);
// A layer's prefix keys or values [1 or B, heads, P, d] as rows [B,P,H] (expanded over the batch), on
// like's device and dtype.
torch::Tensor prefixRows(const torch::Tensor& prefix, int64_t batch, const torch::Tensor& like);
// Inverted dropout (training only; p in [0, 1)). encoder_pointwise.cpp.
torch::Tensor fastDropout(const torch::Tensor& x, double p, bool training);
// GELU with erf. When autograd will need its gradient (CPU fp32) it computes the derivative in the same
// pass and keeps it, so the backward is one multiply; otherwise at::gelu. encoder_pointwise.cpp.
torch::Tensor geluErf(const torch::Tensor& x);

// Attention on packed rows (attention_packed.cpp): query rows [qBegin, qBegin + qCount) of q attend to the
// `example`-th prefix rows (if any) and to key/value rows [kBegin, kBegin + kCount) of k and v.
struct AttentionGroup {
  int64_t qBegin, qCount, kBegin, kCount, example;
};
// Whether attendPacked can run on x's device and dtype (CPU fp32 with a CBLAS sgemm in the process).
bool packedAttentionPath(const torch::Tensor& x);
// softmax(scale q k^T) v per group and head over packed rows q [Nq,H], k and v [Nk,H], with prefix keys and
// values [examples,P,H] (or undefined) in front of every group's keys, and dropout p on the probabilities.
// Dropout decides element (g, h, i, j) as a padded [groups, heads, hashRows, hashCols] tensor's flat index
// would (kernel_support.h keepElement), so it draws the masks the padded attend() draws. -> [Nq,H].
torch::Tensor attendPacked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                           const torch::Tensor& prefixK, const torch::Tensor& prefixV,
                           const std::vector<AttentionGroup>& groups, int64_t heads, double scale,
                           double pDrop, int64_t hashRows, int64_t hashCols);

// Whether headScores/headContext found a CBLAS sgemm in the process (else they use at::matmul). For tests.
bool headGemmAvailable();

}  // namespace pwb::model
