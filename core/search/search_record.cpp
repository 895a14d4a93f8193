#include "search/search_record.h"

#include <chrono>
#include <cmath>
#include <set>

#include "common/error.h"
#include "store/run_store.h"

namespace pwb::search {

namespace {

using nlohmann::json;

double monotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Reads the keys of one JSON object into fields, strictly: wrong types and unknown keys name the key.
class Reader {
 public:
  Reader(const json& object, std::string where, std::string prefix)
      : object_(object), where_(std::move(where)), prefix_(std::move(prefix)) {
    if (!object_.is_object()) fail("", "must be an object");
  }
  ~Reader() = default;

  void integer(const char* key, int& out) {
    if (const json* v = take(key)) {
      if (!v->is_number_integer()) fail(key, "must be an integer");
      const auto n = v->get<int64_t>();
      if (n < INT32_MIN || n > INT32_MAX) fail(key, "is out of range");
      out = int(n);
    }
  }
  void text(const char* key, std::string& out) {
    if (const json* v = take(key)) {
      if (!v->is_string()) fail(key, "must be a string");
      out = v->get<std::string>();
    }
  }
  void flag(const char* key, bool& out) {
    if (const json* v = take(key)) {
      if (!v->is_boolean()) fail(key, "must be true or false");
      out = v->get<bool>();
    }
  }
  void texts(const char* key, std::vector<std::string>& out) {
    if (const json* v = take(key)) {
      if (!v->is_array()) fail(key, "must be a list of strings");
      out.clear();
      for (const auto& item : *v) {
        if (!item.is_string()) fail(key, "must be a list of strings");
        out.push_back(item.get<std::string>());
      }
    }
  }
  void seeds(const char* key, std::vector<uint64_t>& out) {
    if (const json* v = take(key)) {
      if (!v->is_array()) fail(key, "must be a list of non-negative integers");
      out.clear();
      for (const auto& item : *v) {
        if (!item.is_number_unsigned() && !(item.is_number_integer() && item.get<int64_t>() >= 0))
          fail(key, "must be a list of non-negative integers");
        out.push_back(item.get<uint64_t>());
      }
    }
  }
  const json* object(const char* key) { return take(key); }
  std::string path(const char* key) const { return prefix_ + key; }
  // Every key was read: anything left is unknown.
  void done() const {
    for (auto it = object_.begin(); it != object_.end(); ++it)
      if (!seen_.count(it.key())) fail(it.key(), "is not a search setting");
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    const std::string full = prefix_ + key;
    if (full.empty()) throw Error(where_ + ": " + message);
    throw keyError(where_, full.back() == '.' ? full.substr(0, full.size() - 1) : full, message);
  }

 private:
  const json* take(const char* key) {
    seen_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  const json& object_;
  std::string where_, prefix_;
  std::set<std::string> seen_;
};

std::optional<double> finiteOrNone(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

json requestToJson(const SearchRequest& r) {
  const auto& a = r.autoprompt;
  const auto& g = r.generate;
  return {{"method", searchMethodName(r.method)},
          {"model", r.modelDir},
          {"train", r.trainPath},
          {"test", r.testPath},
          {"template", r.templateText},
          {"verbalizer", r.verbalizerText},
          {"shots", r.shots},
          {"seeds", r.seeds},
          {"sampler", r.sampler},
          {"device", r.device},
          {"threads", r.threads},
          {"max_length", r.maxLength},
          {"rank_top", r.rankTop},
          {"autoprompt",
           {{"steps", a.steps},
            {"candidates", a.candidates},
            {"batch_size", a.batchSize},
            {"patience", a.patience},
            {"allow_subwords", a.allowSubwords},
            {"allow_special", a.allowSpecial},
            {"init_token", a.initToken}}},
          {"generate", {{"mask_run", g.maskRun}, {"beam", g.beam}, {"keep", g.keep}, {"forms", g.forms}}},
          {"lmbff", {{"file", r.lmbff.file}, {"limit", r.lmbff.limit}}}};
}

SearchRequest requestFromJson(const json& settings, const std::string& where) {
  SearchRequest r;
  Reader top(settings, where, "");
  std::string method = searchMethodName(r.method);
  top.text("method", method);
  try {
    r.method = parseSearchMethod(method);
  } catch (const Error& e) {
    top.fail("method", e.message());
  }
  top.text("model", r.modelDir);
  top.text("train", r.trainPath);
  top.text("test", r.testPath);
  top.text("template", r.templateText);
  top.text("verbalizer", r.verbalizerText);
  top.integer("shots", r.shots);
  top.seeds("seeds", r.seeds);
  top.text("sampler", r.sampler);
  top.text("device", r.device);
  top.integer("threads", r.threads);
  top.integer("max_length", r.maxLength);
  top.integer("rank_top", r.rankTop);
  if (const json* a = top.object("autoprompt")) {
    Reader in(*a, where, "autoprompt.");
    in.integer("steps", r.autoprompt.steps);
    in.integer("candidates", r.autoprompt.candidates);
    in.integer("batch_size", r.autoprompt.batchSize);
    in.integer("patience", r.autoprompt.patience);
    in.flag("allow_subwords", r.autoprompt.allowSubwords);
    in.flag("allow_special", r.autoprompt.allowSpecial);
    in.text("init_token", r.autoprompt.initToken);
    in.done();
  }
  if (const json* g = top.object("generate")) {
    Reader in(*g, where, "generate.");
    in.integer("mask_run", r.generate.maskRun);
    in.integer("beam", r.generate.beam);
    in.integer("keep", r.generate.keep);
    in.texts("forms", r.generate.forms);
    in.done();
  }
  if (const json* l = top.object("lmbff")) {
    Reader in(*l, where, "lmbff.");
    in.text("file", r.lmbff.file);
    in.integer("limit", r.lmbff.limit);
    in.done();
  }
  top.done();
  return r;
}

store::SearchCandidateRecord candidateRecord(const TemplateCandidate& c, int64_t index) {
  store::SearchCandidateRecord rec;
  rec.index = index;
  rec.templateText = c.templateText;
  rec.origin = c.origin;
  rec.searchScore = std::isfinite(c.searchScore) ? c.searchScore : 0.0;
  rec.devAccuracy = c.devAccuracy;
  // Before dev ranking a candidate has no dev numbers: stored as NULL, not as a 0 that reads like a score.
  if (!c.devAccuracy.empty()) {
    rec.devMean = finiteOrNone(c.devMean);
    rec.devStd = finiteOrNone(c.devStd);
  }
  rec.testMean = c.testMean;
  return rec;
}

TemplateCandidate candidateFromRecord(const store::SearchCandidateRecord& rec) {
  TemplateCandidate c;
  c.templateText = rec.templateText;
  c.origin = rec.origin;
  c.searchScore = rec.searchScore;
  c.devAccuracy = rec.devAccuracy;
  c.devMean = rec.devMean.value_or(0.0);
  c.devStd = rec.devStd.value_or(0.0);
  c.testMean = rec.testMean;
  return c;
}

std::vector<store::SearchCandidateRecord> candidateRecords(const std::vector<TemplateCandidate>& candidates) {
  std::vector<store::SearchCandidateRecord> out;
  out.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) out.push_back(candidateRecord(candidates[i], int64_t(i)));
  return out;
}

json candidateToJson(const TemplateCandidate& c) {
  json j = {{"template", c.templateText},
            {"origin", c.origin},
            {"search_score", std::isfinite(c.searchScore) ? json(c.searchScore) : json()},
            {"dev_accuracy", c.devAccuracy}};
  j["dev_mean"] = c.devAccuracy.empty() ? json() : json(c.devMean);
  j["dev_std"] = c.devAccuracy.size() < 2 ? json() : json(c.devStd);
  j["test_accuracy"] = c.testMean ? json(*c.testMean) : json();
  return j;
}

json resultToJson(const SearchRequest& request, const SearchResult& result, int64_t searchId) {
  json candidates = json::array();
  for (const auto& c : result.candidates) candidates.push_back(candidateToJson(c));
  json j = {{"status", resultStatus(result)},
            {"method", searchMethodName(request.method)},
            {"seconds", result.seconds},
            {"seconds_per_seed", request.seeds.empty() ? 0.0 : result.seconds / double(request.seeds.size())},
            {"notes", result.notes},
            {"settings", requestToJson(request)},
            {"candidates", candidates}};
  if (searchId > 0) j["search_id"] = searchId;
  return j;
}

std::string resultStatus(const SearchResult& result) {
  return result.cancelled ? "cancelled" : "finished";
}

std::string defaultSearchName(const SearchRequest& r) {
  const std::string method = searchMethodName(r.method);
  switch (r.method) {
    case SearchMethod::AutoPrompt:
      return method + ": " + r.templateText;
    case SearchMethod::LmBffList: {
      const auto slash = r.lmbff.file.find_last_of("/\\");
      return method + ": " + (slash == std::string::npos ? r.lmbff.file : r.lmbff.file.substr(slash + 1));
    }
    case SearchMethod::Generate:
      break;
  }
  return method;
}

SearchRecorder::SearchRecorder(const std::string& dbPath, const SearchRequest& request,
                               const std::string& name)
    : store_(std::make_unique<store::RunStore>(dbPath)) {
  if (store_->readOnly()) throw fileError(dbPath, "is read-only: the search cannot be recorded");
  record_.name = name.empty() ? defaultSearchName(request) : name;
  record_.method = searchMethodName(request.method);
  record_.model = request.modelDir;
  record_.dataset = request.trainPath;
  record_.settings = requestToJson(request);
  record_.status = "running";
}

SearchRecorder::~SearchRecorder() {
  if (closed_ || id_ == 0) return;
  try {
    fail("the search stopped before it finished");
  } catch (...) {
    // Nothing more can be done from a destructor; the record stays "running" and the store marks it
    // interrupted once this process is gone.
  }
}

void SearchRecorder::begin() {
  if (id_ == 0) id_ = store_->createSearch(record_);
}

void SearchRecorder::update(const std::vector<TemplateCandidate>& found, bool force) {
  lastFound_ = found;
  const double now = monotonicSeconds();
  if (closed_ || (id_ != 0 && !force && now - lastWrite_ < minIntervalSeconds)) return;
  try {
    begin();
    store_->setSearchCandidates(id_, candidateRecords(found));
    lastWrite_ = now;
  } catch (const std::exception& e) {
    lastError_ = e.what();
  }
}

SearchCallback SearchRecorder::recording(SearchCallback inner) {
  return
      [this, inner = std::move(inner)](const SearchProgress& p, const std::vector<TemplateCandidate>& found) {
        update(found);
        if (inner) inner(p, found);
      };
}

void SearchRecorder::finish(const SearchResult& result) {
  if (closed_) return;
  begin();
  store_->setSearchCandidates(id_, candidateRecords(result.candidates));
  store_->finishSearch(id_, resultStatus(result), result.seconds, result.notes);
  closed_ = true;
}

void SearchRecorder::fail(const std::string& error) {
  if (closed_) return;
  closed_ = true;
  if (id_ == 0) return;  // failed before it began: nothing to record
  store_->setSearchCandidates(id_, candidateRecords(lastFound_));
  store_->finishSearch(id_, "failed", 0.0, {}, error);
}

}  // namespace pwb::search
