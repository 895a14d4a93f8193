#include "regress/regression_loss.h"

#include "common/error.h"

namespace pwb::regress {

torch::Tensor poleKlLoss(const torch::Tensor& logits, const torch::Tensor& targets) {
  if (logits.dim() != 2 || logits.size(1) != 2 || !targets.sizes().equals(logits.sizes()))
    throw Error("pole KL loss: expected [B,2] logits and targets, got " + c10::str(logits.sizes()) + " and " +
                c10::str(targets.sizes()));
  const auto logP = torch::log_softmax(logits.to(torch::kFloat), 1);
  const auto q = targets.to(logP.device(), torch::kFloat);
  // kl_div(input = log p, target = q) sums q * (log q - log p), 0 * log 0 taken as 0 (a target at a pole).
  return torch::kl_div(logP, q, at::Reduction::Sum) / static_cast<double>(logits.size(0));
}

}  // namespace pwb::regress
