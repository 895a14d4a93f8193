#pragma once
// Generation by infilling: fills every [MASK] of one encoded text jointly, each fill conditioned on the
// fills made before it (the model is run again after every step). Three orders:
//   left-to-right    the leftmost open mask gets its most likely token, then the model runs again;
//   confident-first  the open mask whose most likely token has the highest probability is filled first
//                    (PET's order for multi-token label words);
//   beam             beam search over the masks in left-to-right order: every step extends each of the
//                    B hypotheses by every token and keeps the B best by the sum of the chosen tokens'
//                    log-probabilities (PET's score for several masks). All hypotheses of a step run in
//                    one batched forward pass.
// A log-probability is the model's log-softmax over the full vocabulary at that mask. The special tokens
// ([CLS] [SEP] [PAD] [UNK] [MASK] / <s> </s> <pad> <unk> <mask>) are never chosen (a filled mask must be
// text); they keep their share of the normalisation, so the numbers are the model's own log-probs.
// Torch-free header: the GUI reaches this through EvalSession::fillMasks.
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::model {
class MaskedLM;
}
namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::eval {

enum class FillOrder { Independent, LeftToRight, ConfidentFirst, Beam };

// "independent", "left-to-right", "confident-first", "beam".
const char* fillOrderName(FillOrder order);
// Parses those names; throws pwb::Error listing them for anything else.
FillOrder parseFillOrder(const std::string& name);

constexpr int kMaxInfillMasks = 16;  // masks per text (each is one more forward pass per hypothesis)
constexpr int kMaxBeamWidth = 64;

struct InfillOptions {
  FillOrder order = FillOrder::LeftToRight;  // Independent is not a joint fill: rejected by fillMasks
  int beamWidth = 4;                         // beam only: 1..kMaxBeamWidth
  int topN = 1;                              // beam only: hypotheses returned, 1..beamWidth
};

struct MaskFill {
  int64_t position = 0;  // token index in the encoding
  int64_t id = -1;
  std::string token;   // vocabulary spelling ("great", "##ly", "Ġgreat")
  double logProb = 0;  // log p(token | the text with the fills made before it)
  int step = 0;        // 0-based step in which this mask was filled
};

struct InfillHypothesis {
  std::vector<int64_t> ids;          // the whole encoding, masks replaced by the fills
  std::string text;                  // decoded, without the special tokens around it
  std::vector<MaskFill> fills;       // in mask order (left to right)
  std::vector<double> stepLogProbs;  // in fill order
  double score = 0;                  // sum of the fills' log-probs
};

// Fills the masks (tokenizer.special().maskId) of one encoding (ids with special tokens, typeIds of the
// same length). Returns the hypotheses best first: one for left-to-right and confident-first, up to topN
// for beam. Throws pwb::Error for no mask, more than kMaxInfillMasks masks, a text longer than the model
// accepts, mismatched typeIds, a bad beam width / topN, or the Independent order.
std::vector<InfillHypothesis> fillMasks(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer,
                                        const std::vector<int64_t>& ids, const std::vector<int64_t>& typeIds,
                                        const InfillOptions& options);

}  // namespace pwb::eval
