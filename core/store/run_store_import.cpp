// Copies of runs from another project file (a sweep task's private run file): the run as it was recorded,
// keeping its identity (uid) and times, so that merging the same file again finds it and adds nothing.
#include <cmath>

#include "common/error.h"
#include "store/canonical_config.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {

int64_t RunStore::importRun(const RunRecord& source) {
  db_.requireWritable("import a run");
  if (source.method.empty()) throw fileError(db_.path(), "cannot import a run without a method");
  if (source.uid.empty()) throw fileError(db_.path(), "cannot import a run without a uid");
  if (findRunByUid(source.uid))
    throw fileError(db_.path(), "a run with uid " + source.uid + " is already in the project");
  RunRecord run = source;
  run.configKey = configKey(run.config);
  return insertRun(run);
}

void RunStore::importMetrics(int64_t runId, const std::string& key, const std::vector<MetricPoint>& points) {
  db_.requireWritable("import metrics of run " + std::to_string(runId));
  if (points.empty()) return;
  Transaction tx(db_);
  requireRun(runId);
  Statement st(db_, "INSERT INTO metrics (run_id, step, key, value, time) VALUES (?, ?, ?, ?, ?)");
  for (const auto& p : points) {
    st.bind(1, runId).bind(2, p.step).bind(3, key);
    if (std::isfinite(p.value)) {
      st.bind(4, p.value);
    } else {
      st.bindNull(4);  // NaN is stored as NULL, as MetricWriter does
    }
    st.bind(5, p.time).run();
    st.reset();
  }
  tx.commit();
}

}  // namespace pwb::store
