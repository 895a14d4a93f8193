#include "train/batch.h"

#include "common/error.h"
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
  out.tokenIndex = padded.tokenIndex.to(device);
  out.typeIds = padded.tokenTypeIds.to(device);
  out.maskPos = maskPos.to(device);
  if (anySlots) out.slotIds = model::padRows(slots, -1, padded.inputIds.size(1)).to(device);
  out.labels = lab.to(device);
  return out;
}

torch::Tensor collateTargets(const std::vector<const TaskExample*>& examples, const torch::Device& device) {
  int64_t classes = 0;
  for (const auto* ex : examples) {
    if (ex->target.empty()) continue;
    const auto n = static_cast<int64_t>(ex->target.size());
    if (classes != 0 && n != classes)
      throw Error("soft targets of " + std::to_string(classes) + " and " + std::to_string(n) +
                  " classes mixed");
    classes = n;
  }
  if (classes == 0) return {};
  auto rows = torch::zeros({static_cast<int64_t>(examples.size()), classes}, torch::kFloat);
  auto a = rows.accessor<float, 2>();
  for (size_t i = 0; i < examples.size(); ++i) {
    const auto* ex = examples[i];
    const auto row = static_cast<int64_t>(i);
    if (ex->target.empty()) {
      if (ex->label < 0 || ex->label >= classes)
        throw Error("label " + std::to_string(ex->label) + " outside the " + std::to_string(classes) +
                    " soft-target classes");
      a[row][ex->label] = 1.0F;
    } else {
      for (int64_t c = 0; c < classes; ++c) a[row][c] = ex->target[static_cast<size_t>(c)];
    }
  }
  return rows.to(device);
}

}  // namespace pwb::train
