#pragma once
// Internal (includes torch): the answer token's rank over the model's whole vocabulary at the one mask,
// and the k most likely tokens there, computed on the model's device in slices of the mask states.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "eval/mask_states.h"
#include "model/masked_lm.h"

namespace pwb::probe {

struct VocabRanks {
  std::vector<int64_t> rank;                  // per example, 1-based
  std::vector<double> prob;                   // the answer token's probability
  std::vector<std::vector<int64_t>> topIds;   // per example, k ids, most likely first
  std::vector<std::vector<double>> topProbs;  // their probabilities
};

// states: one mask per example (CPU, as encodeMasks returns them); answerIds[i] is example i's token.
// rank = 1 + #{tokens with a logit strictly above the answer's}. Slices of `batch` rows go to the
// decoder's device; only the ranks, probabilities and top-k come back (never a [N, V] tensor).
VocabRanks rankAnswers(model::MaskedLM& model, const eval::MaskStates& states,
                       const std::vector<int64_t>& answerIds, int topK, int64_t batch = 256);

}  // namespace pwb::probe
