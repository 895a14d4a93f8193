#pragma once
// A template search in a project file (store schema 3) and its settings as JSON: the glue that
// `pwb search-template --db` and the GUI's Search view share, so both store the same thing.
//
// The settings are the whole SearchRequest (every field, seeds included): requestFromJson(requestToJson(r))
// gives r back, and running it again gives the same templates (the methods are deterministic per seed on
// CPU). The candidates are stored as one list that is replaced in one transaction per update, so a crash
// or a cancel never leaves half a list: what is stored is always a list some callback reported whole.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/search_types.h"
#include "store/records.h"

namespace pwb::store {
class RunStore;
}

namespace pwb::search {

// Every SearchRequest field under its snake_case name ("method", "model", "train", "test", "template",
// "verbalizer", "shots", "seeds", "sampler", "device", "threads", "max_length", "rank_top", and the
// objects "autoprompt", "generate", "lmbff").
nlohmann::json requestToJson(const SearchRequest& request);
// The inverse. Keys that are absent keep SearchRequest's defaults (older records stay readable); a key of
// the wrong type, an unknown key or a bad method name throws pwb::Error naming `where` and the key
// ("search 4 settings: key 'autoprompt.steps': must be an integer").
SearchRequest requestFromJson(const nlohmann::json& settings, const std::string& where = "search settings");

// One candidate as stored (index = its place in the list, 0 = best) and back.
store::SearchCandidateRecord candidateRecord(const TemplateCandidate& candidate, int64_t index);
TemplateCandidate candidateFromRecord(const store::SearchCandidateRecord& record);
std::vector<store::SearchCandidateRecord> candidateRecords(const std::vector<TemplateCandidate>& candidates);

// The JSON `pwb search-template --json` prints for a candidate and for a whole result.
nlohmann::json candidateToJson(const TemplateCandidate& candidate);
nlohmann::json resultToJson(const SearchRequest& request, const SearchResult& result, int64_t searchId = 0);

// The store's status of a finished search: "finished" or "cancelled".
std::string resultStatus(const SearchResult& result);

// Writes one search into a project file while it runs. Opens its own connection, so it belongs to the
// thread that runs the search (the CLI's main thread, the Search view's worker).
//
// The record is created by the search's first progress report (or by finish()): a search that fails
// before it reports anything — bad settings, a missing file or model, caught by runTemplateSearch's checks
// before any work — is an error message, not a stored search.
class SearchRecorder {
 public:
  // Opens the project file (throws pwb::Error when it cannot be opened for writing); `name` is the stored
  // search's name ("" = derived from the method and template).
  SearchRecorder(const std::string& dbPath, const SearchRequest& request, const std::string& name = "");
  // A search begun but neither finished nor failed (an exception passed by) is stored as failed with what
  // it found.
  ~SearchRecorder();
  SearchRecorder(const SearchRecorder&) = delete;
  SearchRecorder& operator=(const SearchRecorder&) = delete;

  // Stores the search as "running" with its settings (once; later calls do nothing).
  void begin();
  int64_t searchId() const { return id_; }  // 0 until begun

  // Begins, then replaces the stored candidates with `found` (one transaction), at most every
  // `minIntervalSeconds` unless `force`. A write error is kept (lastError) and does not stop the search.
  void update(const std::vector<TemplateCandidate>& found, bool force = false);
  // Wraps a search callback: every report also records the candidates found so far (throttled).
  SearchCallback recording(SearchCallback inner);
  // Final candidates, status (finished / cancelled), time and notes; begins first when needed.
  void finish(const SearchResult& result);
  // The search threw: when begun, stored as failed with the message and the last candidates reported.
  void fail(const std::string& error);

  const std::string& lastError() const { return lastError_; }
  double minIntervalSeconds = 2.0;

 private:
  std::unique_ptr<store::RunStore> store_;
  store::SearchRecord record_;
  int64_t id_ = 0;
  bool closed_ = false;
  double lastWrite_ = -1e300;
  std::vector<TemplateCandidate> lastFound_;  // the last list a callback reported
  std::string lastError_;
};

// A default name for a stored search: "autoprompt: {s} [T] [T] [MASK] ." / "generate" / "lmbff-list:
// 16-13.sort.txt".
std::string defaultSearchName(const SearchRequest& request);

}  // namespace pwb::search
