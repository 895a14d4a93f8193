#pragma once
// Standard fine-tuning, the baseline row of LM-BFF's tables: the plain sentence ([CLS] text [SEP]) is
// encoded, the final hidden state of [CLS] goes through a classification head and all weights are trained.
// The head (train/cls_head.h) is by default Hugging Face's sequence-classification head, as LM-BFF's
// fine-tuning runs use (BERT: the pretrained pooler dense+tanh when the checkpoint has it, dropout, linear;
// RoBERTa: dropout, dense, tanh, dropout, out_proj); MethodOptions::clsHead "linear" keeps the bare
// dropout + linear head on the raw [CLS] state. Saved: head.* (and the model's weights).
#include <memory>

#include "train/method.h"

namespace pwb::train::methods {

std::unique_ptr<Method> makeFineTune(const MethodContext& context);

}  // namespace pwb::train::methods
