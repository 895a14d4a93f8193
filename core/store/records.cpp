#include "store/records.h"

#include <chrono>

#include "common/error.h"

namespace pwb::store {

std::string runStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::Queued:
      return "queued";
    case RunStatus::Running:
      return "running";
    case RunStatus::Finished:
      return "finished";
    case RunStatus::Cancelled:
      return "cancelled";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Interrupted:
      return "interrupted";
  }
  return "queued";
}

RunStatus parseRunStatus(const std::string& text) {
  for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Finished, RunStatus::Cancelled,
                      RunStatus::Failed, RunStatus::Interrupted}) {
    if (runStatusName(s) == text) return s;
  }
  throw Error("unknown run status '" + text +
              "' (expected queued, running, finished, cancelled, failed or interrupted)");
}

bool isTerminal(RunStatus status) {
  return status != RunStatus::Queued && status != RunStatus::Running;
}

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace pwb::store
