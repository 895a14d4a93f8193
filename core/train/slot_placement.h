#pragma once
// Where prompt tuning and P-tuning put their N trainable vectors in a rendered example. Torch-free.
//   template  the template's [SOFT]/[P] slots, or right after [CLS] when it has none (the default; how
//             Lester et al. and P-tuning describe soft tokens as part of the input).
//   peft      before [CLS], as Hugging Face PEFT's PeftModel does for PROMPT_TUNING / P_TUNING: the vectors
//             precede the whole tokenized input, the attention mask has ones for them, their token type
//             is 0, and position ids run over the full length (the vectors take positions 0..N-1, [CLS]
//             position N). A template may then hold its slots only as one block at its start (they are
//             moved before [CLS]) or none. An adapter exported from such a run gives PEFT's logits.
#include <cstdint>
#include <string>

#include "train/encoded_example.h"

namespace pwb::train {

enum class SlotPlacement { Template, Peft };

// "template" | "peft"; throws pwb::Error naming the valid values.
SlotPlacement parseSlotPlacement(const std::string& name);
const char* slotPlacementName(SlotPlacement placement);

// Places the n vectors' slots (placeholder token id `placeholder`, slot indices 0..n-1) in `input`. Throws
// pwb::Error when the template's own slots do not fit the placement (more slots than vectors; for peft,
// slots that are not one block 0..n-1 right at the start).
void placeSlots(EncodedInput& input, int n, int64_t placeholder, SlotPlacement placement);

}  // namespace pwb::train
