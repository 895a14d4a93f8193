#pragma once
// Prompt-based fine-tuning (PET, Schick & Schütze 2021; LM-BFF, Gao et al. 2021): all model weights are
// trained with cross-entropy over the verbalizer's label-word logits at [MASK]. Optional PET auxiliary MLM
// loss on the plain training sentences: loss = (1 - alpha) * CE + alpha * MLM (PET uses alpha = 1e-4).
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makePromptFt(const MethodContext& context);

}  // namespace pwb::train::methods
