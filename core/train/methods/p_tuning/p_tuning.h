#pragma once
// P-tuning v1 (Liu et al., "GPT Understands, Too"): pseudo tokens [P] sit between the template's anchor
// words; their input vectors come from a prompt encoder over trainable embeddings — a 2-layer
// bidirectional LSTM followed by a 2-layer MLP, or an MLP only (PEFT's two encoder types, same parameter
// names). The model is frozen unless jointTuning (P-tuning's few-shot SuperGLUE setting). The saved state
// keeps the encoder (to resume) and its output as prompt_embeddings (all that inference/PEFT needs).
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makePTuning(const MethodContext& context);

}  // namespace pwb::train::methods
