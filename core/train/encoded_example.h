#pragma once
// One example ready for the encoder, as the methods consume it. Torch-free so that the task builder and
// tests can fill it without tensors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pwb::train {

struct EncodedInput {
  std::vector<int64_t> ids;
  std::vector<int64_t> typeIds;
  int64_t maskPos = -1;  // position of [MASK]; -1 when there is none (plain sentence)
  // Per position: -1 = an ordinary token, k >= 0 = the k-th trainable vector of the method (a [SOFT] or
  // [P] slot); the token id at such a position is only a placeholder. Empty = no slots.
  std::vector<int64_t> slotIds;
};

struct TaskExample {
  EncodedInput prompt;  // the template rendered around the text (with [MASK], [SOFT]/[P] slots)
  EncodedInput plain;   // [CLS] text [SEP] (fine-tuning, PET's auxiliary MLM)
  int label = -1;       // class index
  // A class distribution to learn instead of the label (PET's distillation); empty = the hard label.
  std::vector<float> target;
  // A regression example's numeric target y (TrainRequest::task "regression"); `target` then holds its
  // pole distribution. Empty for classification.
  std::optional<double> value;
  // Demonstrations (train/demo_inputs.h): the template rendered with each of the demonstration sets whose
  // class logits are averaged at evaluation (LM-BFF's num_sample; `prompt` is set 0), and the example ids
  // of each set in placement order. Empty without demonstrations (and for training examples, whose
  // demonstrations are drawn afresh at every step).
  std::vector<EncodedInput> demoSets;
  std::vector<std::vector<std::string>> demoIds;
};

}  // namespace pwb::train
