#pragma once
// Internal (includes torch): class scores of a verbalizer from cached mask states. Single-token words are
// one dot product per example; multi-token words are scored by the chosen MultiTokenMode.
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eval/eval_types.h"
#include "eval/mask_states.h"

namespace pwb::eval {

// Class c's label words: words[c]. Scoring happens at the template's first mask.
struct ResolvedVerbalizer {
  std::vector<std::string> labels;
  std::vector<std::vector<LabelWord>> words;
  // Set when the verbalizer itself says how to score (JSON form: "aggregation", "multi_token"); these
  // then win over the evaluation's ScoringOptions for this verbalizer.
  std::optional<WordAggregation> aggregation;
  std::optional<MultiTokenMode> multiToken;
  int maxTokens() const;  // the longest word in tokens
  ScoringOptions effective(ScoringOptions options) const;
};

// The mask states of the template with its first mask slot rendered as n masks (n = 1: as written).
using StatesFor = std::function<const MaskStates&(int n)>;
// PET sequential scoring: the mask states of the template with its first slot rendered as n masks, where
// fills[example][i] >= 0 puts that token at the slot's mask i (-1: still a mask). The states keep one row
// per mask position of the n-mask rendering (a filled position's row is simply not read).
using RefillStates = std::function<MaskStates(int n, const std::vector<std::vector<int64_t>>& fills)>;

// [N, C] double: per example and class, the aggregation (options.aggregation) of the class's word scores;
// a word's score is its log-prob (single token), the mean of its sub-token log-probs at the first mask
// (SubtokenMean), its first sub-token's log-prob (FirstSubtoken) or the sum of log p(token i at mask i)
// with the slot rendered as that many masks (MultiMask), or PET's sequential score (PetSequential: the
// slot's masks filled with the word's pieces most confident first, re-encoding through `refill` after each
// fill; a pwb::Error when `refill` is empty, e.g. with demonstrations).
torch::Tensor classScores(model::MaskedLM& model, const ResolvedVerbalizer& verbalizer,
                          const ScoringOptions& options, const StatesFor& statesFor,
                          const RefillStates& refill = {});

}  // namespace pwb::eval
