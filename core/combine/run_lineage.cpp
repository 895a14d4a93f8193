#include "combine/run_lineage.h"

#include <cstdio>

#include "store/run_store.h"

namespace pwb::combine {

std::vector<LineageEntry> runLineage(store::RunStore& st, int64_t runId) {
  st.getRun(runId);  // "no run with id N"
  std::vector<LineageEntry> out;
  for (const auto& link : st.runLinks(runId)) {
    LineageEntry e;
    e.role = link.role;
    e.position = link.position;
    e.linkedRunId = link.linkedRunId;
    e.linkedRunUid = link.linkedRunUid;
    e.exists = link.exists;
    if (link.exists) {
      const auto r = st.getRun(link.linkedRunId);
      e.name = r.name;
      e.method = r.method;
      e.status = store::runStatusName(r.status);
      if (r.results.is_object() && r.results.contains("test_accuracy") &&
          r.results["test_accuracy"].is_number())
        e.testAccuracy = r.results["test_accuracy"].get<double>();
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string lineageText(const LineageEntry& e) {
  std::string head = e.role + " " + std::to_string(e.position + 1) + ": run " + std::to_string(e.linkedRunId);
  if (!e.exists) return head + " missing (deleted from the project; uid " + e.linkedRunUid + ")";
  std::string detail = e.name;
  if (!e.method.empty()) detail += (detail.empty() ? "" : ", ") + e.method;
  if (!e.status.empty()) detail += (detail.empty() ? "" : ", ") + e.status;
  if (e.testAccuracy) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", 100.0 * *e.testAccuracy);
    detail += std::string(detail.empty() ? "" : ", ") + "test accuracy " + buf + " %";
  }
  return head + (detail.empty() ? "" : " (" + detail + ")");
}

std::string missingLinksText(const std::vector<LineageEntry>& entries) {
  std::string out;
  size_t missing = 0;
  for (const auto& e : entries) {
    if (e.exists) continue;
    out += (missing++ ? ", " : "") + e.role + " run " + std::to_string(e.linkedRunId);
  }
  if (missing == 0) return "";
  return out + (missing == 1 ? " is" : " are") + " missing (deleted from the project)";
}

}  // namespace pwb::combine
