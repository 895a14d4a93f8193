#pragma once
// A small fixed sentiment task on the tiny-bert fixture's vocabulary, built as token ids (no tokenizer):
// "[CLS] the film is (very) wonderful . it was [MASK] . [SEP]" with label words bad / good.
#include <vector>

#include "train/encoded_example.h"

namespace tinytask {

constexpr long long kBad = 90, kGood = 163, kPad = 0, kUnk = 1, kMask = 4;

std::vector<pwb::train::TaskExample> examples(int count, int offset);

}  // namespace tinytask
