#pragma once
// bf16 matmuls on the CPU (issue 20): the encoder's linear layers with their GEMMs on bf16 copies of the
// input, the weight and (in the backward) the output gradient, accumulated and written in fp32 by oneDNN's
// dnnl_gemm_bf16bf16f32 (the oneDNN LibTorch is linked against, looked up in the process as the CBLAS sgemm
// is). The weights stay fp32 (the optimizer updates fp32 master weights), and so does everything between
// the GEMMs: bias, GELU, dropout, attention, LayerNorm, softmax, loss.
//
// This is mixed precision as CUDA's bf16 autocast does it for matmuls, with one difference: autocast
// rounds a matmul's output to bf16, here it stays fp32 (oneDNN accumulates in fp32 either way), so only the
// GEMM inputs are rounded. On CPUs with AVX512-BF16 or AMX the GEMMs run about twice as fast as fp32 ones
// (bench_train --bf16); elsewhere oneDNN emulates bf16 and it is slower than fp32.
//
// Without oneDNN's symbol in the process (a LibTorch that links oneDNN privately) bf16Linear takes LibTorch's
// bf16 linear instead, whose output is rounded to bf16 as autocast's is. Private to core/model.
#include <torch/torch.h>

#include <cstdint>
#include <mutex>

namespace pwb::model {

// The bf16 copy of one weight, made on first use and remade when the weight changes: another tensor, or an
// in-place write (LibTorch's in-place ops and the fused AdamW bump the tensor's version). Frozen weights
// are thus cast once per run, trained ones once per optimizer step, not once per forward.
class Bf16WeightCache {
 public:
  torch::Tensor get(const torch::Tensor& w);

 private:
  std::mutex mutex_;
  torch::Tensor copy_;
  const void* source_ = nullptr;
  int64_t version_ = -1;
};

// y = x . w^T + b for a CPU fp32 x [.., in], w [out, in] and b [out] (or undefined), with the GEMMs in bf16
// (see above); differentiable in x, w and b. cache may be null (the weight is then cast per call).
torch::Tensor bf16Linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
                         Bf16WeightCache* cache);

// Whether oneDNN's bf16 GEMM is in the process and runs on this CPU (else bf16Linear takes LibTorch's).
bool bf16GemmAvailable();

}  // namespace pwb::model
