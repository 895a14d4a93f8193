#pragma once
// Prompt Tuning (Lester, Al-Rfou & Constant 2021): N trainable vectors [N,H] take the place of input
// embeddings — where the template puts [SOFT*N], or right after [CLS] when it has none — and the model
// stays frozen. Scored through the verbalizer's label words at [MASK]. Initialisations: random-uniform,
// vocab-sample, label-words, text (see MethodOptions::init).
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makePromptTuning(const MethodContext& context);

}  // namespace pwb::train::methods
