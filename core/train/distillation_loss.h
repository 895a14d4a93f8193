#pragma once
// PET's distillation loss (Schick & Schütze 2021, pet/utils.py distillation_loss): the student's class
// logits s are softened with the temperature T and compared with the teacher's distribution q by
//   loss = T^2 * (1/B) * sum_i KL(q_i || softmax(s_i / T)),
// the Kullback-Leibler form (KL = soft cross-entropy minus the entropy of q, so both have the same gradient).
// PET takes the teacher's logits and forms q = softmax(logits / T) inside the loss; here q comes in already
// formed (train/pet/soft_labels.h computes softmax(ensemble logits / T) once and stores it), which gives the
// same number.
#include <torch/torch.h>

namespace pwb::train {

// student: [B,C] logits; targets: [B,C] class distributions (rows summing to 1); temperature > 0.
torch::Tensor distillationLoss(const torch::Tensor& student, const torch::Tensor& targets,
                               double temperature);

}  // namespace pwb::train
