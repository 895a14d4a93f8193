#pragma once
// Which answers a probe can score: each answer word is split as it appears at the mask (WordPiece as is;
// BPE in its leading-space form when the mask follows a space) and sorted into one token (scored), several
// pieces (skipped, or scored by the first piece: MultiPieceAnswers) and containing the unknown token
// (always skipped). Torch-free.
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "probe/probe_types.h"

namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::probe {

struct AnswerPlan {
  std::vector<size_t> scored;           // indices into the examples, in order
  std::vector<int64_t> tokenIds;        // the token ranked for each scored example
  std::vector<bool> firstPiece;         // scored by the first of several pieces
  std::vector<AnswerIssue> multiPiece;  // answers of several pieces (skipped or first-piece, per mode)
  std::vector<AnswerIssue> unknown;     // answers with the unknown token: skipped
};

// Examples [0, count) of `examples`, Example::label as the answer.
AnswerPlan planAnswers(const std::vector<data::Example>& examples, size_t count,
                       const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace, MultiPieceAnswers mode);

}  // namespace pwb::probe
