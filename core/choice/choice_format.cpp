#include "choice/choice_format.h"

#include <cstdio>

namespace pwb::choice {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

nlohmann::json letter(const OptionScoreResult& r, int index) {
  return index >= 0 && size_t(index) < r.labels.size() ? nlohmann::json(r.labels[size_t(index)])
                                                       : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json optionScoreJson(const OptionScoreResult& r, bool examples) {
  nlohmann::json j = {
      {"template", r.templateText},
      {"score", optionScoreName(r.score)},
      {"options", r.labels},
      {"metrics",
       {{"accuracy", r.accuracy}, {"correct", r.correct}, {"count", r.withAnswer}, {"scored", r.scored}}},
      {"skipped", r.skipped},
      {"notes", r.notes},
      {"seconds", r.seconds}};
  if (examples) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : r.examples)
      rows.push_back({{"id", e.id},
                      {"line", e.line},
                      {"gold", letter(r, e.gold)},
                      {"pred", letter(r, e.pred)},
                      {"scores", e.scores},
                      {"pieces", e.pieces}});
    j["examples"] = rows;
  }
  return j;
}

std::string optionScoreReport(const OptionScoreResult& r, size_t shownExamples) {
  std::string s = "template:   " + r.templateText + "\n";
  s += "score:      " + std::string(optionScoreName(r.score)) + " of the option's word-piece log-probs\n";
  s += "accuracy:   " + fixed(100.0 * r.accuracy, 2) + " % (" + std::to_string(r.correct) + " of " +
       std::to_string(r.withAnswer) + " rows with an answer; " + std::to_string(r.scored) + " scored, " +
       std::to_string(r.skipped.size()) + " skipped)\n";
  for (const auto& n : r.notes) s += "note:       " + n + "\n";
  for (size_t i = 0; i < r.examples.size() && i < shownExamples; ++i) {
    const auto& e = r.examples[i];
    s += e.id + "  gold " + (e.gold >= 0 ? r.labels[size_t(e.gold)] : "-") + "  pred " +
         (e.pred >= 0 ? r.labels[size_t(e.pred)] : "-") + " ";
    for (size_t k = 0; k < e.scores.size(); ++k)
      s += " " + r.labels[k] + " " + fixed(e.scores[k], 4) + " (" + std::to_string(e.pieces[k]) + ")";
    s += "\n";
  }
  return s;
}

}  // namespace pwb::choice
