#pragma once
// LM-BFF's regression objective (Gao et al. 2021, src/models.py): the two pole words' logits at the [MASK]
// give log p = log_softmax([l_lower, l_upper]); the target is the distribution
// q = [(vu - y) / (vu - vl), (y - vl) / (vu - vl)] (regression_targets.h poleTarget) and the loss is
// nn.KLDivLoss(reduction="batchmean")(log p, q) = (1/B) * sum_i KL(q_i || p_i).
// Training reaches it through the soft-target path of core/train: each example carries q as
// TaskExample::target, and Method::loss's distillation loss at temperature 1 is this same number
// (test_regression_loss checks both against a hand computation).
#include <torch/torch.h>

namespace pwb::regress {

// logits: [B,2] (lower, upper); targets: [B,2] rows summing to 1. Returns a scalar.
torch::Tensor poleKlLoss(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace pwb::regress
