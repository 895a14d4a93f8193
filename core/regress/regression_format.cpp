#include "regress/regression_format.h"

#include <cmath>
#include <cstdio>

namespace pwb::regress {
namespace {

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

std::string metricText(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

nlohmann::json regressionJson(const RegressionResult& r, bool examples) {
  nlohmann::json j = {{"task", "regression"},
                      {"template", r.templateText},
                      {"poles",
                       {{"lower", {{"word", r.poles.lowerWord}, {"value", r.poles.lower}}},
                        {"upper", {{"word", r.poles.upperWord}, {"value", r.poles.upper}}},
                        {"range_from", r.rangeFromData ? "data" : "given"}}},
                      {"metrics",
                       {{"count", r.metrics.count},
                        {"pearson", numberOrNull(r.metrics.pearson)},
                        {"spearman", numberOrNull(r.metrics.spearman)},
                        {"mse", numberOrNull(r.metrics.mse)}}},
                      {"unpredicted", r.nonFinite},
                      {"notes", r.notes}};
  if (examples) {
    auto& arr = j["examples"] = nlohmann::json::array();
    for (const auto& e : r.examples)
      arr.push_back({{"id", e.id},
                     {"line", e.line},
                     {"gold", e.gold},
                     {"p_upper", numberOrNull(e.pUpper)},
                     {"prediction", numberOrNull(e.predicted)}});
  }
  return j;
}

nlohmann::json regressionSetJson(const RegressionSet& set) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : set.data.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
  return {{"path", set.data.path},
          {"target_column", set.targetColumn.empty() ? "label" : set.targetColumn},
          {"rows", set.data.examples.size()},
          {"min", set.min},
          {"max", set.max},
          {"problems", problems}};
}

std::string regressionReport(const RegressionResult& r, size_t shownExamples) {
  char buf[256];
  std::string s = "template:   " + r.templateText + "\n";
  std::snprintf(buf, sizeof buf, "poles:      %s = %g, %s = %g (range %s)\n", r.poles.lowerWord.c_str(),
                r.poles.lower, r.poles.upperWord.c_str(), r.poles.upper,
                r.rangeFromData ? "from the data's min and max" : "given");
  s += buf;
  s += "examples:   " + std::to_string(r.metrics.count) + "\n";
  s += "pearson:    " + metricText(r.metrics.pearson) + "\n";
  s += "spearman:   " + metricText(r.metrics.spearman) + "\n";
  s += "mse:        " + metricText(r.metrics.mse) + "\n";
  for (const auto& n : r.notes) s += "note:       " + n + "\n";
  for (size_t i = 0; i < r.examples.size() && i < shownExamples; ++i) {
    const auto& e = r.examples[i];
    std::snprintf(buf, sizeof buf, "%-8s gold %8.4f  p_upper %s  prediction %s\n", e.id.c_str(), e.gold,
                  metricText(e.pUpper).c_str(), metricText(e.predicted).c_str());
    s += buf;
  }
  return s;
}

}  // namespace pwb::regress
