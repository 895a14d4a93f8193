#include "train/slot_placement.h"

#include <algorithm>

#include "common/error.h"
#include "train/method.h"

namespace pwb::train {
namespace {

// The peft placement: n slots at positions 0..n-1, [CLS] after them.
void placeBeforeCls(EncodedInput& in, int n, int64_t placeholder) {
  if (n <= 0 || in.ids.empty()) return;
  const size_t count = static_cast<size_t>(n);
  const bool hasSlots = std::any_of(in.slotIds.begin(), in.slotIds.end(), [](int64_t s) { return s >= 0; });
  if (hasSlots) {
    // The template wrote them: accepted only as the block [SOFT*n] / [P*n] at its start, which the renderer
    // puts right after [CLS] (positions 1..n, indices in order). Rotating [CLS] behind the block keeps every
    // other position, the [MASK] included.
    bool block = in.slotIds.size() == in.ids.size() && in.ids.size() > count && in.slotIds[0] < 0;
    for (size_t i = 0; block && i < in.slotIds.size(); ++i) {
      const bool inBlock = i >= 1 && i <= count;
      block = inBlock ? in.slotIds[i] == static_cast<int64_t>(i - 1) : in.slotIds[i] < 0;
    }
    if (!block) {
      throw Error(
          "placement peft puts every trainable vector before [CLS], as PEFT does: the template may hold its "
          "[SOFT]/[P] slots only as one block at its start (e.g. \"[SOFT*" +
          std::to_string(n) + "] {s} ...\") or none");
    }
    std::rotate(in.ids.begin(), in.ids.begin() + 1, in.ids.begin() + 1 + static_cast<std::ptrdiff_t>(count));
    std::rotate(in.slotIds.begin(), in.slotIds.begin() + 1,
                in.slotIds.begin() + 1 + static_cast<std::ptrdiff_t>(count));
    if (!in.typeIds.empty()) {
      std::rotate(in.typeIds.begin(), in.typeIds.begin() + 1,
                  in.typeIds.begin() + 1 + static_cast<std::ptrdiff_t>(count));
      std::fill(in.typeIds.begin(), in.typeIds.begin() + static_cast<std::ptrdiff_t>(count), 0);
    }
    return;
  }
  if (in.slotIds.empty()) in.slotIds.assign(in.ids.size(), -1);
  std::vector<int64_t> indices(count);
  for (size_t i = 0; i < count; ++i) indices[i] = static_cast<int64_t>(i);
  in.ids.insert(in.ids.begin(), count, placeholder);
  if (!in.typeIds.empty()) in.typeIds.insert(in.typeIds.begin(), count, 0);
  in.slotIds.insert(in.slotIds.begin(), indices.begin(), indices.end());
  if (in.maskPos >= 0) in.maskPos += n;
}

}  // namespace

SlotPlacement parseSlotPlacement(const std::string& name) {
  if (name == "template") return SlotPlacement::Template;
  if (name == "peft") return SlotPlacement::Peft;
  throw Error("unknown placement '" + name +
              "' (template: the template's [SOFT]/[P] slots or after [CLS]; peft: before [CLS], as PEFT)");
}

const char* slotPlacementName(SlotPlacement p) {
  return p == SlotPlacement::Peft ? "peft" : "template";
}

void placeSlots(EncodedInput& input, int n, int64_t placeholder, SlotPlacement placement) {
  for (int64_t slot : input.slotIds) {
    if (slot >= n) {
      throw Error("the template has more trainable-token slots than the method's " + std::to_string(n) +
                  " vectors (slot " + std::to_string(slot + 1) + ")");
    }
  }
  if (placement == SlotPlacement::Peft) {
    placeBeforeCls(input, n, placeholder);
  } else {
    checkOrInsertSlots(input, n, placeholder);
  }
}

}  // namespace pwb::train
