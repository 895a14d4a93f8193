#pragma once
// Standard fine-tuning, the baseline row of LM-BFF's tables: the plain sentence ([CLS] text [SEP]) is
// encoded, the final hidden state of [CLS] goes through dropout and a linear head (head.weight [L,H],
// head.bias [L], initialised N(0, 0.02) / 0 like BERT), and all weights are trained. No pooler: the
// demo model has none, and LM-BFF's reference uses the [CLS] state.
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makeFineTune(const MethodContext& context);

}  // namespace pwb::train::methods
