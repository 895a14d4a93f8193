// Crash recovery: a trainer killed with -9 leaves its run "running" forever; the next open of the project
// marks it "interrupted" (keeping every metric that was committed) so that lists and aggregates are honest.
#include <cmath>

#include "store/process_info.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {

std::vector<int64_t> RunStore::recoverInterruptedRuns(double staleHeartbeatSeconds) {
  db_.requireWritable("recover interrupted runs");
  const double now = nowSeconds();
  const std::string host = currentHost();
  struct Candidate {
    int64_t id;
    double lastSign;
    std::string why;
  };
  std::vector<Candidate> orphans;
  {
    Statement st(db_,
                 "SELECT id, status, host, pid, coalesce(heartbeat_at, started_at, created_at) FROM runs "
                 "WHERE status IN ('queued', 'running')");
    while (st.step()) {
      const int64_t id = st.getInt64(0);
      const bool running = st.getText(1) == "running";
      const std::string runHost = st.getText(2);
      const auto pid = st.optInt64(3);
      const double lastSign = st.getDouble(4);
      // On its own machine another process's run is decided by that process alone: gone (or its id taken
      // by a newer process) means crashed; alive means working, however old its heartbeat (a trainer
      // stopped with Ctrl+Z, a machine under heavy load, a long write of another program holding the
      // lock). Marking a live trainer's run interrupted would show a finishing run as crashed in every
      // other program and leave "interrupted" in its error once it finished. Elsewhere, and for runs of
      // this very process (the heartbeat test in test_store_roundtrip), the heartbeat decides.
      if (runHost == host && pid && *pid != currentPid()) {
        if (!ownerAlive(*pid, lastSign)) {
          orphans.push_back(
              {id, lastSign, "its process (pid " + std::to_string(*pid) + ") ended without finishing it"});
        }
      } else if (running && now - lastSign > staleHeartbeatSeconds) {
        orphans.push_back(
            {id, lastSign, "no heartbeat for " + std::to_string(std::lround(now - lastSign)) + " s"});
      }
    }
  }
  if (orphans.empty()) return {};
  std::vector<int64_t> ids;
  Transaction tx(db_);
  Statement st(db_,
               "UPDATE runs SET status = 'interrupted', ended_at = ?, "
               "error = CASE WHEN error = '' THEN ? ELSE error END "
               "WHERE id = ? AND status IN ('queued', 'running')");
  for (const auto& c : orphans) {
    st.bind(1, c.lastSign).bind(2, "interrupted: " + c.why).bind(3, c.id).run();
    if (db_.changes() > 0) ids.push_back(c.id);
    st.reset();
  }
  tx.commit();
  return ids;
}

}  // namespace pwb::store
