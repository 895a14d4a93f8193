#include "train/batch.h"

#include "model/padded_batch.h"

namespace pwb::train {

// Ids, attention mask and token types come from the one padding routine (model/padded_batch); what only
// training needs — [MASK] position, slot table, labels — is added here.
Batch collate(const std::vector<const EncodedInput*>& inputs, const std::vector<int>& labels, int64_t padId,
              const torch::Device& device) {
  const int64_t b = static_cast<int64_t>(inputs.size());
  model::TokenRows ids, types, slots;
  bool anySlots = false;
  for (const auto* in : inputs) {
    ids.push_back(&in->ids);
    types.push_back(&in->typeIds);
    slots.push_back(&in->slotIds);
    anySlots = anySlots || !in->slotIds.empty();
  }
  const model::EncoderInput padded = model::padBatch(ids, padId, types);
  auto maskPos = torch::full({b}, -1, torch::kLong);
  auto lab = torch::full({b}, -1, torch::kLong);
  auto maskPosA = maskPos.accessor<int64_t, 1>();
  auto labA = lab.accessor<int64_t, 1>();
  for (int64_t i = 0; i < b; ++i) {
    maskPosA[i] = inputs[i]->maskPos;
    if (i < static_cast<int64_t>(labels.size())) labA[i] = labels[i];
  }
  Batch out;
  out.ids = padded.inputIds.to(device);
  out.attentionMask = padded.attentionMask.to(device);
  out.typeIds = padded.tokenTypeIds.to(device);
  out.maskPos = maskPos.to(device);
  if (anySlots) out.slotIds = model::padRows(slots, -1, padded.inputIds.size(1)).to(device);
  out.labels = lab.to(device);
  return out;
}

}  // namespace pwb::train
