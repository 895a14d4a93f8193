#pragma once
// LM-BFF automatic label-word search (Gao et al. 2021, simplified): per class, the vocabulary tokens most
// likely at the mask over that class's training examples; then mappings built from the best few per class,
// ranked by accuracy on the dev examples. Torch-free request/result structs.
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "eval/eval_types.h"

namespace pwb::eval {

struct LabelSearchRequest {
  data::Dataset train;       // the likelihood is summed over each class's examples here
  data::Dataset dev;         // mappings are ranked by accuracy here (may be the same set)
  std::string templateText;  // must have a [MASK]
  int topK = 10;             // candidate tokens kept per class
  int perClass = 4;          // the best perClass of them enter the combinations (capped to keep the
                             // number of mappings <= maxCombinations)
  int maxMappings = 20;      // ranked mappings returned
  int64_t maxCombinations = 100000;
  ScoringOptions options;  // batchSize, maxLength are used
};

struct WordCandidate {
  std::string word;  // the token's text (BPE: without the leading-space mark)
  int64_t id = -1;
  double logProbSum = 0;   // sum over the class's examples of log p(token at the mask)
  double meanLogProb = 0;  // logProbSum / examples of the class
};

struct LabelMapping {
  std::vector<std::string> words;  // one per class, labels order
  std::string verbalizerText;      // "label=word;label=word", ready for evaluate()
  double devAccuracy = 0;
  double devMacroF1 = 0;
};

struct LabelSearchResult {
  std::vector<std::string> labels;
  std::vector<std::vector<WordCandidate>> candidates;  // [class][rank]
  std::vector<LabelMapping> mappings;                  // best first (accuracy, then macro-F1)
  int64_t mappingsTried = 0;
  int perClassUsed = 0;  // perClass after the combination cap
};

}  // namespace pwb::eval
