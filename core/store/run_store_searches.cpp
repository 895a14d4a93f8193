// RunStore: template searches and their candidate templates (schema 3).
#include "common/error.h"
#include "store/process_info.h"
#include "store/run_store.h"
#include "store/run_uid.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {
namespace {

const char* const kSearchColumns =
    "s.id, s.uid, s.name, s.method, s.model, s.dataset, s.settings, s.status, s.error, s.notes, s.seconds, "
    "s.host, s.pid, s.created_at, s.finished_at, "
    "(SELECT count(*) FROM search_candidates c WHERE c.search_id = s.id)";

bool validFinalStatus(const std::string& status) {
  return status == "finished" || status == "cancelled" || status == "failed" || status == "interrupted";
}

// The file is untrusted: a damaged JSON column is an error naming the column, never a crash.
nlohmann::json readJson(const Database& db, const std::string& text, const char* column) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw keyError(db.path(), column, "stored JSON is damaged");
  return j;
}

SearchRecord readSearch(const Database& db, Statement& st) {
  SearchRecord s;
  s.id = st.getInt64(0);
  s.uid = st.getText(1);
  s.name = st.getText(2);
  s.method = st.getText(3);
  s.model = st.getText(4);
  s.dataset = st.getText(5);
  s.settings = readJson(db, st.getText(6), "template_searches.settings");
  s.status = st.getText(7);
  s.error = st.getText(8);
  const auto notes = readJson(db, st.getText(9), "template_searches.notes");
  if (!notes.is_array()) throw keyError(db.path(), "template_searches.notes", "expected a JSON array");
  for (const auto& n : notes) {
    if (!n.is_string()) throw keyError(db.path(), "template_searches.notes", "expected strings");
    s.notes.push_back(n.get<std::string>());
  }
  s.seconds = st.getDouble(10);
  s.host = st.getText(11);
  s.pid = st.optInt64(12);
  s.createdAt = st.getDouble(13);
  s.finishedAt = st.optDouble(14);
  s.candidates = st.getInt64(15);
  return s;
}

}  // namespace

int64_t RunStore::createSearch(SearchRecord search) {
  db_.requireWritable("record a template search");
  if (search.method.empty()) throw fileError(db_.path(), "a template search needs a method");
  if (search.uid.empty()) search.uid = newRunUid();
  Statement st(
      db_,
      "INSERT INTO template_searches (uid, name, method, model, dataset, settings, status, host, pid, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)");
  st.bind(1, search.uid).bind(2, search.name).bind(3, search.method).bind(4, search.model);
  st.bind(5, search.dataset).bind(6, search.settings.dump()).bind(7, currentHost()).bind(8, currentPid());
  st.bind(9, search.createdAt > 0 ? search.createdAt : nowSeconds());
  st.run();
  return db_.lastInsertId();
}

void RunStore::setSearchCandidates(int64_t searchId, const std::vector<SearchCandidateRecord>& candidates) {
  db_.requireWritable("record template search candidates");
  Transaction tx(db_);
  getSearch(searchId);  // throws for an unknown id
  Statement del(db_, "DELETE FROM search_candidates WHERE search_id = ?");
  del.bind(1, searchId).run();
  Statement ins(db_,
                "INSERT INTO search_candidates (search_id, idx, template_text, origin, search_score, "
                "dev_accuracy, dev_mean, dev_std, test_mean) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int64_t index = 0;
  for (const auto& c : candidates) {
    ins.bind(1, searchId).bind(2, index++).bind(3, c.templateText).bind(4, c.origin).bind(5, c.searchScore);
    ins.bind(6, nlohmann::json(c.devAccuracy).dump())
        .bind(7, c.devMean)
        .bind(8, c.devStd)
        .bind(9, c.testMean);
    ins.run();
    ins.reset();
  }
  tx.commit();
}

void RunStore::finishSearch(int64_t searchId, const std::string& status, double seconds,
                            const std::vector<std::string>& notes, const std::string& error) {
  db_.requireWritable("finish a template search");
  if (!validFinalStatus(status))
    throw fileError(
        db_.path(),
        "'" + status + "' is not a final search status (finished, cancelled, failed, interrupted)");
  Statement st(db_,
               "UPDATE template_searches SET status = ?, seconds = ?, notes = ?, error = ?, finished_at = ? "
               "WHERE id = ?");
  st.bind(1, status).bind(2, seconds).bind(3, nlohmann::json(notes).dump()).bind(4, error);
  st.bind(5, nowSeconds()).bind(6, searchId).run();
  if (db_.changes() == 0)
    throw fileError(db_.path(), "no template search with id " + std::to_string(searchId));
}

SearchRecord RunStore::getSearch(int64_t searchId) {
  Statement st(db_, std::string("SELECT ") + kSearchColumns + " FROM template_searches s WHERE s.id = ?");
  st.bind(1, searchId);
  if (!st.step()) throw fileError(db_.path(), "no template search with id " + std::to_string(searchId));
  return readSearch(db_, st);
}

std::vector<SearchRecord> RunStore::searches() {
  Statement st(db_, std::string("SELECT ") + kSearchColumns + " FROM template_searches s ORDER BY s.id DESC");
  std::vector<SearchRecord> out;
  while (st.step()) out.push_back(readSearch(db_, st));
  return out;
}

std::vector<SearchCandidateRecord> RunStore::searchCandidates(int64_t searchId) {
  Statement st(db_,
               "SELECT idx, template_text, origin, search_score, dev_accuracy, dev_mean, dev_std, test_mean "
               "FROM search_candidates WHERE search_id = ? ORDER BY idx");
  st.bind(1, searchId);
  std::vector<SearchCandidateRecord> out;
  while (st.step()) {
    SearchCandidateRecord c;
    c.index = st.getInt64(0);
    c.templateText = st.getText(1);
    c.origin = st.getText(2);
    c.searchScore = st.getDouble(3);
    const auto dev = readJson(db_, st.getText(4), "search_candidates.dev_accuracy");
    if (!dev.is_array())
      throw keyError(db_.path(), "search_candidates.dev_accuracy", "expected a JSON array");
    for (const auto& a : dev) {
      // NaN is written as null by nlohmann::json.
      if (a.is_null()) {
        c.devAccuracy.push_back(std::numeric_limits<double>::quiet_NaN());
      } else if (a.is_number()) {
        c.devAccuracy.push_back(a.get<double>());
      } else {
        throw keyError(db_.path(), "search_candidates.dev_accuracy", "expected numbers");
      }
    }
    c.devMean = st.optDouble(5);
    c.devStd = st.optDouble(6);
    c.testMean = st.optDouble(7);
    out.push_back(std::move(c));
  }
  return out;
}

void RunStore::deleteSearch(int64_t searchId) {
  db_.requireWritable("delete a template search");
  Statement st(db_, "DELETE FROM template_searches WHERE id = ?");
  st.bind(1, searchId).run();
  if (db_.changes() == 0)
    throw fileError(db_.path(), "no template search with id " + std::to_string(searchId));
}

std::vector<int64_t> RunStore::recoverInterruptedSearches() {
  db_.requireWritable("recover interrupted template searches");
  const std::string host = currentHost();
  std::vector<std::pair<int64_t, int64_t>> orphans;  // id, pid
  {
    Statement st(db_, "SELECT id, host, pid, created_at FROM template_searches WHERE status = 'running'");
    while (st.step()) {
      const auto pid = st.optInt64(2);
      // As for runs: only on its own machine can a dead owner (or its id reused) be told from a slow one.
      if (st.getText(1) == host && pid && *pid != currentPid() && !ownerAlive(*pid, st.getDouble(3)))
        orphans.emplace_back(st.getInt64(0), *pid);
    }
  }
  std::vector<int64_t> ids;
  if (orphans.empty()) return ids;
  Transaction tx(db_);
  Statement st(db_,
               "UPDATE template_searches SET status = 'interrupted', finished_at = ?, error = ? "
               "WHERE id = ? AND status = 'running'");
  for (const auto& [id, pid] : orphans) {
    st.bind(1, nowSeconds())
        .bind(2, "interrupted: its process (pid " + std::to_string(pid) + ") ended without finishing it")
        .bind(3, id)
        .run();
    if (db_.changes() > 0) ids.push_back(id);
    st.reset();
  }
  tx.commit();
  return ids;
}

}  // namespace pwb::store
