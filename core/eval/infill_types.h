#pragma once
// The options and results of generation by infilling (mask_infill.h), apart from the functions, so that
// eval_session.h (included by the GUI) needs no more than these types.
#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace pwb::eval
