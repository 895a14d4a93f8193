#include "probe/probe_format.h"

#include <cstdio>

namespace pwb::probe {
namespace {

nlohmann::json issuesJson(const std::vector<AnswerIssue>& issues, size_t shown) {
  nlohmann::json first = nlohmann::json::array();
  for (size_t i = 0; i < issues.size() && i < shown; ++i)
    first.push_back({{"id", issues[i].id},
                     {"line", issues[i].line},
                     {"answer", issues[i].answer},
                     {"pieces", issues[i].pieces},
                     {"reason", issues[i].reason}});
  return {{"count", issues.size()}, {"first", first}};
}

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

nlohmann::json probeJson(const ProbeResult& r, bool examples, size_t shownIssues) {
  nlohmann::json j = {
      {"template", r.templateText},
      {"model", r.modelDir},
      {"multi_piece_answers", multiPieceAnswersName(r.multiPiece)},
      {"vocab_size", r.vocabSize},
      {"examples_total", r.total},
      {"metrics",
       {{"count", r.metrics.count}, {"P@1", r.metrics.p1}, {"P@10", r.metrics.p10}, {"MRR", r.metrics.mrr}}},
      {"multi_piece", issuesJson(r.multiPieceAnswers, shownIssues)},
      {"unknown_answers", issuesJson(r.unknownAnswers, shownIssues)},
      {"notes", r.notes},
      {"seconds", r.seconds}};
  if (examples) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : r.examples) {
      nlohmann::json top = nlohmann::json::array();
      for (const auto& t : e.top) top.push_back({{"token", t.token}, {"id", t.id}, {"probability", t.prob}});
      rows.push_back({{"id", e.id},
                      {"line", e.line},
                      {"answer", e.answer},
                      {"answer_token", e.answerToken},
                      {"answer_id", e.answerId},
                      {"first_piece", e.firstPiece},
                      {"rank", e.rank},
                      {"probability", e.answerProb},
                      {"top", top}});
    }
    j["examples"] = rows;
  }
  return j;
}

nlohmann::json probeSetJson(const ProbeSet& set) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : set.data.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
  return {{"path", set.data.path},
          {"format", set.data.format},
          {"answer_column", set.answerColumn},
          {"columns", set.data.columns},
          {"rows", set.data.examples.size()},
          {"distinct_answers", set.data.labels.size()},
          {"problems", problems}};
}

std::string probeReport(const ProbeResult& r, size_t shownExamples) {
  std::string s;
  s += "template:   " + r.templateText + "\n";
  s += "scored:     " + std::to_string(r.metrics.count) + " of " + std::to_string(r.total) + " examples\n";
  s += "P@1:        " + fixed(r.metrics.p1, 4) + "\n";
  s += "P@10:       " + fixed(r.metrics.p10, 4) + "\n";
  s += "MRR:        " + fixed(r.metrics.mrr, 4) + "\n";
  for (const auto& n : r.notes) s += "note:       " + n + "\n";
  for (size_t i = 0; i < r.examples.size() && i < shownExamples; ++i) {
    const auto& e = r.examples[i];
    s += e.id + "  " + e.answer + (e.firstPiece ? " (first piece " + e.answerToken + ")" : "") + "  rank " +
         std::to_string(e.rank) + "  p " + fixed(e.answerProb, 4) + "  top:";
    for (const auto& t : e.top) s += " " + t.token + " " + fixed(t.prob, 3);
    s += "\n";
  }
  return s;
}

std::string problemsReport(const data::Dataset& ds, size_t shown) {
  std::string s;
  for (size_t i = 0; i < ds.problems.size() && i < shown; ++i) s += ds.problems[i].text() + "\n";
  if (ds.problems.size() > shown) s += "... and " + std::to_string(ds.problems.size() - shown) + " more\n";
  return s;
}

}  // namespace pwb::probe
