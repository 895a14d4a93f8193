#include "train/batch.h"

#include <algorithm>

namespace pwb::train {

Batch collate(const std::vector<const EncodedInput*>& inputs, const std::vector<int>& labels, int64_t padId,
              const torch::Device& device) {
  const int64_t b = static_cast<int64_t>(inputs.size());
  int64_t t = 1;
  bool anySlots = false;
  for (const auto* in : inputs) {
    t = std::max<int64_t>(t, static_cast<int64_t>(in->ids.size()));
    anySlots = anySlots || !in->slotIds.empty();
  }
  auto ids = torch::full({b, t}, padId, torch::kLong);
  auto mask = torch::zeros({b, t}, torch::kLong);
  auto types = torch::zeros({b, t}, torch::kLong);
  auto maskPos = torch::full({b}, -1, torch::kLong);
  auto slotTable = torch::full({b, t}, -1, torch::kLong);
  auto lab = torch::full({b}, -1, torch::kLong);
  auto idsA = ids.accessor<int64_t, 2>();
  auto maskA = mask.accessor<int64_t, 2>();
  auto typesA = types.accessor<int64_t, 2>();
  auto slotsA = slotTable.accessor<int64_t, 2>();
  auto maskPosA = maskPos.accessor<int64_t, 1>();
  auto labA = lab.accessor<int64_t, 1>();
  for (int64_t i = 0; i < b; ++i) {
    const EncodedInput& in = *inputs[i];
    for (size_t j = 0; j < in.ids.size(); ++j) {
      idsA[i][j] = in.ids[j];
      maskA[i][j] = 1;
      typesA[i][j] = j < in.typeIds.size() ? in.typeIds[j] : 0;
      if (j < in.slotIds.size()) slotsA[i][j] = in.slotIds[j];
    }
    maskPosA[i] = in.maskPos;
    if (i < static_cast<int64_t>(labels.size())) labA[i] = labels[i];
  }
  Batch out;
  out.ids = ids.to(device);
  out.attentionMask = mask.to(device);
  out.typeIds = types.to(device);
  out.maskPos = maskPos.to(device);
  if (anySlots) out.slotIds = slotTable.to(device);
  out.labels = lab.to(device);
  return out;
}

}  // namespace pwb::train
