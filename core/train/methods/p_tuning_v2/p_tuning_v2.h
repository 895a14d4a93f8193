#pragma once
// P-tuning v2 (Liu et al. 2022) / prefix tuning: P trainable key and value vectors are prepended at every
// layer (the attention mask is extended), the model is frozen. The prefix is a table [P, layers*2*H]
// (PEFT's PrefixEncoder without projection, layer-major key/value order) or, with reparameterisation,
// an embedding [P,H] through Linear(H,e), Tanh, Linear(e, layers*2*H) (PEFT's prefix_projection). Dropout
// (the model's hidden dropout) is applied to the prefix while training, as in the P-tuning v2 code.
// Scored through the verbalizer at [MASK] (default) or a classification head on [CLS] ("cls"). The cls
// head (train/cls_head.h) is by default the P-tuning v2 code's: the model's pooler output (dense+tanh on
// [CLS], pretrained when the checkpoint has it, frozen with the model), dropout, a trained linear
// classifier; MethodOptions::clsHead "linear" drops the pooler (dropout + linear on the raw [CLS] state).
// Saved: prefix.* (the trainable parameters), head.* (cls head, its frozen pooler included) and
// prompt_embeddings [P, layers*2*H].
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makePTuningV2(const MethodContext& context);

}  // namespace pwb::train::methods
