#pragma once
// A padded batch of EncodedInputs as tensors on the training device.
#include <torch/torch.h>

#include <vector>

#include "train/encoded_example.h"

namespace pwb::train {

struct Batch {
  torch::Tensor ids;            // [B,T] int64, padded with padId
  torch::Tensor attentionMask;  // [B,T] int64 0/1
  // [N] int64: the flat indices b*T+t of the N real tokens (attentionMask 1), ascending; built on the host
  // so that MaskedLM::encodeRows can skip padding without reading the mask back from the device.
  torch::Tensor tokenIndex;
  torch::Tensor typeIds;  // [B,T] int64
  torch::Tensor maskPos;  // [B] int64 (-1 where an example has no [MASK])
  torch::Tensor slotIds;  // [B,T] int64, -1 for ordinary tokens; undefined when no example has slots
  torch::Tensor labels;   // [B] int64
  // [B,C] float class distributions when some example of the batch has a soft target (the others as one-hot
  // rows); undefined otherwise. The default loss then is PET's distillation loss at targetTemperature.
  torch::Tensor targets;
  double targetTemperature = 1.0;
  int64_t size() const { return ids.size(0); }
};

Batch collate(const std::vector<const EncodedInput*>& inputs, const std::vector<int>& labels, int64_t padId,
              const torch::Device& device);

// The [B,C] target rows of these examples when any has a soft target (hard ones become one-hot), else an
// undefined tensor. Throws pwb::Error when targets differ in size or a label is outside them.
torch::Tensor collateTargets(const std::vector<const TaskExample*>& examples, const torch::Device& device);

}  // namespace pwb::train
