#pragma once
// AdamW's update as one pass over each parameter (CPU, contiguous fp32), with the gradient clipping's
// scale folded in. LibTorch 1.13's torch::optim::AdamW::step runs about eight elementwise kernels per
// tensor (two moment updates, sqrt, division, eps, addcdiv, weight decay, plus clipping's mul_) and
// allocates a temporary the size of the tensor; over the ~17 M weights of an all-weights method that is
// a large share of a step. This keeps torch::optim::AdamW as the holder of the options and of the state
// (step, exp_avg, exp_avg_sq: what captureState/applyState save and restore) and only replaces the
// arithmetic. Tensors that are not CPU, contiguous fp32 (CUDA, bf16) take the same formula as torch ops.
#include <torch/torch.h>

#include <vector>

namespace pwb::train {

// The factor clip_grad_norm_(params, maxNorm) multiplies every gradient by, as a 0-dim fp32 tensor on the
// gradients' device: min(1, maxNorm / (total 2-norm + 1e-6)), the total norm being the 2-norm of the
// tensors' norms (clip_grad_norm_'s formula, with no gradient changed). Undefined when no tensor has a
// gradient.
torch::Tensor clipScale(const std::vector<torch::Tensor>& params, double maxNorm);

// One optimizer.step() of `optimizer` (every group's lr, betas, eps, weight_decay; amsgrad is not
// supported: throws pwb::Error), each gradient first multiplied by gradScale when it is defined (it is
// then not written back: the gradients keep their unscaled values). The same math, in the same order, as
// torch::optim::AdamW::step in LibTorch 1.13 (decoupled weight decay p *= 1 - lr*wd, the moments, the bias
// corrections, denom = sqrt(v) / sqrt(1 - beta2^t) + eps, p -= lr / (1 - beta1^t) * m / denom), in fp32
// per element; results may differ from torch's vectorised kernels by float rounding (fused multiply-add).
void fusedAdamWStep(torch::optim::AdamW& optimizer, const torch::Tensor& gradScale = {});

}  // namespace pwb::train
