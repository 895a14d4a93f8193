#include "probe/probe_metrics.h"

#include <string>

#include "common/error.h"

namespace pwb::probe {

ProbeMetrics probeMetrics(const std::vector<int64_t>& ranks) {
  ProbeMetrics m;
  m.count = ranks.size();
  if (ranks.empty()) return m;
  size_t at1 = 0, at10 = 0;
  double reciprocal = 0;
  for (int64_t r : ranks) {
    if (r < 1) throw Error("a rank must be at least 1 (got " + std::to_string(r) + ")");
    at1 += r == 1 ? 1 : 0;
    at10 += r <= 10 ? 1 : 0;
    reciprocal += 1.0 / static_cast<double>(r);
  }
  const double n = static_cast<double>(ranks.size());
  m.p1 = static_cast<double>(at1) / n;
  m.p10 = static_cast<double>(at10) / n;
  m.mrr = reciprocal / n;
  return m;
}

MultiPieceAnswers parseMultiPieceAnswers(const std::string& text) {
  if (text == "skip") return MultiPieceAnswers::Skip;
  if (text == "first-piece") return MultiPieceAnswers::FirstPiece;
  throw Error("multi-piece answers: '" + text + "' is not one of skip, first-piece");
}

const char* multiPieceAnswersName(MultiPieceAnswers mode) {
  return mode == MultiPieceAnswers::FirstPiece ? "first-piece" : "skip";
}

}  // namespace pwb::probe
