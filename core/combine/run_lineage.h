#pragma once
// A run's links to the runs it was made from (run_links, any role: an ensemble's members, a distilled
// classifier's teachers, ...), described for people: one entry per link with the linked run's name,
// method, status and accuracy when it still exists, and "missing" when it was deleted from the project.
// `pwb runs show` and the GUI's run details both print these. Torch-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pwb::store {
class RunStore;
}

namespace pwb::combine {

struct LineageEntry {
  std::string role;  // "member", "teacher", ...
  int64_t position = 0;
  int64_t linkedRunId = 0;
  std::string linkedRunUid;
  bool exists = true;
  std::string name;  // of the linked run; empty when missing
  std::string method;
  std::string status;
  std::optional<double> testAccuracy;
};

// In role, position order. Throws pwb::Error when runId does not exist.
std::vector<LineageEntry> runLineage(store::RunStore& store, int64_t runId);

// "member 1: run 4 (prompt-ft seed 13, prompt-ft, finished, test accuracy 62.5 %)" or
// "member 2: run 7 missing (deleted from the project; uid 0123…)".
std::string lineageText(const LineageEntry& entry);

// The missing links of a run as one sentence ("member run 7 is missing (deleted from the project)"),
// "" when none is missing.
std::string missingLinksText(const std::vector<LineageEntry>& entries);

}  // namespace pwb::combine
