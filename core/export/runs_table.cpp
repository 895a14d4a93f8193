#include "export/runs_table.h"

#include "store/metric_format.h"

namespace pwb::exporting {
namespace {

std::string resultCell(const nlohmann::json& results, const char* key) {
  if (!results.is_object() || !results.contains(key) || !results[key].is_number()) return "";
  return store::formatMetric(key, results[key].get<double>());
}

}  // namespace

Table runsTable(const std::vector<store::RunRecord>& runs) {
  Table t;
  t.headers = {"id", "name", "method", "seed", "status", "test accuracy (%)", "best dev accuracy (%)"};
  t.align = {Align::Right, Align::Left, Align::Left, Align::Right, Align::Left, Align::Right, Align::Right};
  for (const auto& r : runs) {
    t.rows.push_back({std::to_string(r.id), r.name, r.method, r.seed ? std::to_string(*r.seed) : "",
                      store::runStatusName(r.status), resultCell(r.results, "test_accuracy"),
                      resultCell(r.results, "best_dev_accuracy")});
  }
  return t;
}

}  // namespace pwb::exporting
