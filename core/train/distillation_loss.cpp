#include "train/distillation_loss.h"

namespace pwb::train {

torch::Tensor distillationLoss(const torch::Tensor& student, const torch::Tensor& targets,
                               double temperature) {
  const auto logP = torch::log_softmax(student.to(torch::kFloat) / temperature, 1);
  const auto q = targets.to(logP.device(), torch::kFloat);
  // kl_div(input = log p, target = q) sums q * (log q - log p), with 0 * log 0 taken as 0.
  const auto kl = torch::kl_div(logP, q, at::Reduction::Sum);
  return kl * (temperature * temperature) / static_cast<double>(student.size(0));
}

}  // namespace pwb::train
