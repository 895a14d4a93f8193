#pragma once
// Initial values of soft-prompt vectors [n, H], drawn from torch's seeded generator.
#include <torch/torch.h>

#include "train/method.h"

namespace pwb::train::methods {

// init: "random-uniform" | "vocab-sample" | "label-words" | "text"; throws pwb::Error for an unknown name or
// when the chosen source is unavailable (no tokenizer for text/vocab-sample, empty text).
torch::Tensor initialPrompt(const MethodContext& context, int64_t n, const std::string& init);

// The token ids that "vocab-sample" draws from: the first `count` ids of the vocabulary that are neither
// special ([CLS], [unused7], <s> ...) nor single characters. WordPiece and BPE vocabularies list their
// learned tokens in merge order, which follows corpus frequency, so these are a stand-in for "the most
// frequent tokens" (Lester et al. sample from the 5,000 most frequent of T5's frequency-ordered vocabulary).
std::vector<int64_t> frequentTokenIds(const tokenize::Tokenizer& tokenizer, int64_t count);

}  // namespace pwb::train::methods
