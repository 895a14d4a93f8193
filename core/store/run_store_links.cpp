// RunStore: links between runs, uid lookup and the scheduler job id.
#include "common/error.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {

void RunStore::linkRuns(int64_t runId, const std::vector<int64_t>& linkedRunIds, const std::string& role) {
  db_.requireWritable("link runs");
  if (role.empty()) throw fileError(db_.path(), "a run link needs a role");
  Transaction tx(db_);
  requireRun(runId);
  Statement next(db_, "SELECT coalesce(max(position) + 1, 0) FROM run_links WHERE run_id = ? AND role = ?");
  next.bind(1, runId).bind(2, role);
  int64_t position = next.step() ? next.getInt64(0) : 0;
  for (int64_t linked : linkedRunIds) {
    Statement uid(db_, "SELECT uid FROM runs WHERE id = ?");
    uid.bind(1, linked);
    if (!uid.step())
      throw fileError(db_.path(), "cannot link to run " + std::to_string(linked) + ": no such run");
    const std::string linkedUid = uid.getText(0);
    Statement st(
        db_,
        "INSERT INTO run_links (run_id, linked_run_id, linked_run_uid, role, position) VALUES (?,?,?,?,?)");
    st.bind(1, runId).bind(2, linked).bind(3, linkedUid).bind(4, role).bind(5, position++).run();
  }
  tx.commit();
}

std::vector<RunLink> RunStore::runLinks(int64_t runId, const std::string& role) {
  std::string sql =
      "SELECT l.run_id, l.linked_run_id, l.linked_run_uid, l.role, l.position, r.id IS NOT NULL "
      "FROM run_links l LEFT JOIN runs r ON r.id = l.linked_run_id AND r.uid = l.linked_run_uid "
      "WHERE l.run_id = ?";
  if (!role.empty()) sql += " AND l.role = ?";
  sql += " ORDER BY l.role, l.position";
  Statement st(db_, sql);
  st.bind(1, runId);
  if (!role.empty()) st.bind(2, role);
  std::vector<RunLink> out;
  while (st.step()) {
    RunLink link;
    link.runId = st.getInt64(0);
    link.linkedRunId = st.getInt64(1);
    link.linkedRunUid = st.getText(2);
    link.role = st.getText(3);
    link.position = st.getInt64(4);
    link.exists = st.getInt64(5) != 0;
    out.push_back(std::move(link));
  }
  return out;
}

std::vector<RunLink> RunStore::runsLinkingTo(int64_t linkedRunId) {
  Statement st(db_,
               "SELECT run_id, linked_run_id, linked_run_uid, role, position FROM run_links "
               "WHERE linked_run_id = ? ORDER BY run_id, role, position");
  st.bind(1, linkedRunId);
  std::vector<RunLink> out;
  while (st.step()) {
    RunLink link;
    link.runId = st.getInt64(0);
    link.linkedRunId = st.getInt64(1);
    link.linkedRunUid = st.getText(2);
    link.role = st.getText(3);
    link.position = st.getInt64(4);
    out.push_back(std::move(link));
  }
  return out;
}

std::optional<int64_t> RunStore::findRunByUid(const std::string& uid) {
  Statement st(db_, "SELECT id FROM runs WHERE uid = ?");
  st.bind(1, uid);
  if (!st.step()) return std::nullopt;
  return st.getInt64(0);
}

void RunStore::setJob(int64_t runId, const std::string& job) {
  db_.requireWritable("record the run's job");
  Statement st(db_, "UPDATE runs SET job = ? WHERE id = ?");
  st.bind(1, job).bind(2, runId).run();
  if (db_.changes() == 0) throw fileError(db_.path(), "no run with id " + std::to_string(runId));
}

}  // namespace pwb::store
