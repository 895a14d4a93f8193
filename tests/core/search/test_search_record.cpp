// Recording a template search (core/search/search_record): every SearchRequest field survives the settings
// JSON (a changed field changes the JSON, so none is forgotten), bad settings are errors naming the key, the
// candidates round-trip through the store's records, and SearchRecorder writes running -> candidates ->
// finished / cancelled / failed with whole lists only.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "search/search_record.h"
#include "store/run_store.h"
#include "support/error_of.h"

using namespace pwb;
using namespace pwb::search;
using pwb::test::errorOf;

namespace {

// A request where every field differs from SearchRequest's default.
SearchRequest fullRequest() {
  SearchRequest r;
  r.method = SearchMethod::Generate;
  r.modelDir = "/models/bert";
  r.trainPath = "/data/train.tsv";
  r.testPath = "/data/test.tsv";
  r.templateText = "{s} [T*2] [MASK] .";
  r.verbalizerText = "0=bad;1=good";
  r.shots = 8;
  r.seeds = {1, 2, 18446744073709551615ull};
  r.sampler = "lmbff";
  r.device = "cuda:1";
  r.threads = 3;
  r.maxLength = 64;
  r.rankTop = 7;
  r.autoprompt.steps = 9;
  r.autoprompt.candidates = 4;
  r.autoprompt.batchSize = 5;
  r.autoprompt.patience = 0;
  r.autoprompt.allowSubwords = true;
  r.autoprompt.allowSpecial = true;
  r.autoprompt.initToken = "the";
  r.generate.maskRun = 2;
  r.generate.beam = 3;
  r.generate.keep = 6;
  r.generate.forms = {"pair", "s-masks-label"};
  r.lmbff.file = "/lmbff/16-13.sort.txt";
  r.lmbff.limit = 11;
  return r;
}

TemplateCandidate candidate(const std::string& text, std::vector<double> dev, std::optional<double> test) {
  TemplateCandidate c;
  c.templateText = text;
  c.origin = "generated s-masks-label";
  c.searchScore = -3.25;
  c.devAccuracy = std::move(dev);
  if (!c.devAccuracy.empty()) {
    double sum = 0;
    for (double d : c.devAccuracy) sum += d;
    c.devMean = sum / double(c.devAccuracy.size());
    double sq = 0;
    for (double d : c.devAccuracy) sq += (d - c.devMean) * (d - c.devMean);
    c.devStd = c.devAccuracy.size() > 1 ? std::sqrt(sq / double(c.devAccuracy.size() - 1)) : 0.0;
  }
  c.testMean = test;
  return c;
}

}  // namespace

class TestSearchRecord : public QObject {
  Q_OBJECT

 private slots:
  void everyFieldRoundTrips() {
    const SearchRequest r = fullRequest();
    const auto j = requestToJson(r);
    QCOMPARE(j.dump(), requestToJson(requestFromJson(j)).dump());
    const SearchRequest back = requestFromJson(j);
    QCOMPARE(back.method, SearchMethod::Generate);
    QCOMPARE(back.seeds, (std::vector<uint64_t>{1, 2, 18446744073709551615ull}));
    QCOMPARE(back.generate.forms, (std::vector<std::string>{"pair", "s-masks-label"}));
    QCOMPARE(back.autoprompt.initToken, std::string("the"));
    QCOMPARE(back.lmbff.limit, 11);
    // Each field that differs from the default shows in the JSON: none is left out of the settings.
    const std::string defaults = requestToJson(SearchRequest{}).dump();
    const std::vector<std::function<void(SearchRequest&)>> one = {
        [](SearchRequest& x) { x.method = SearchMethod::LmBffList; },
        [](SearchRequest& x) { x.modelDir = "m"; },
        [](SearchRequest& x) { x.trainPath = "t"; },
        [](SearchRequest& x) { x.testPath = "t"; },
        [](SearchRequest& x) { x.templateText = "t"; },
        [](SearchRequest& x) { x.verbalizerText = "v"; },
        [](SearchRequest& x) { x.shots = 3; },
        [](SearchRequest& x) { x.seeds = {4}; },
        [](SearchRequest& x) { x.sampler = "lmbff"; },
        [](SearchRequest& x) { x.device = "auto"; },
        [](SearchRequest& x) { x.threads = 2; },
        [](SearchRequest& x) { x.maxLength = 5; },
        [](SearchRequest& x) { x.rankTop = 5; },
        [](SearchRequest& x) { x.autoprompt.steps = 1; },
        [](SearchRequest& x) { x.autoprompt.candidates = 1; },
        [](SearchRequest& x) { x.autoprompt.batchSize = 1; },
        [](SearchRequest& x) { x.autoprompt.patience = 1; },
        [](SearchRequest& x) { x.autoprompt.allowSubwords = true; },
        [](SearchRequest& x) { x.autoprompt.allowSpecial = true; },
        [](SearchRequest& x) { x.autoprompt.initToken = "a"; },
        [](SearchRequest& x) { x.generate.maskRun = 1; },
        [](SearchRequest& x) { x.generate.beam = 1; },
        [](SearchRequest& x) { x.generate.keep = 1; },
        [](SearchRequest& x) { x.generate.forms = {"pair"}; },
        [](SearchRequest& x) { x.lmbff.file = "f"; },
        [](SearchRequest& x) { x.lmbff.limit = 1; },
    };
    for (size_t i = 0; i < one.size(); ++i) {
      SearchRequest x;
      one[i](x);
      const auto jx = requestToJson(x);
      QVERIFY2(jx.dump() != defaults, qPrintable(QString("field %1 is not in the settings").arg(i)));
      QCOMPARE(requestToJson(requestFromJson(jx)).dump(), jx.dump());
    }
    // Absent keys keep the defaults.
    const SearchRequest sparse = requestFromJson({{"method", "lmbff-list"}, {"lmbff", {{"file", "x.txt"}}}});
    QCOMPARE(sparse.method, SearchMethod::LmBffList);
    QCOMPARE(sparse.lmbff.file, std::string("x.txt"));
    QCOMPARE(sparse.shots, 16);
    QCOMPARE(sparse.autoprompt.steps, 50);
  }

  void badSettingsNameTheKey() {
    auto bad = [](nlohmann::json j) { return errorOf([&]() { requestFromJson(j, "search 4 settings"); }); };
    QString e = bad({{"shots", "16"}});
    QVERIFY2(e.contains("search 4 settings") && e.contains("shots") && e.contains("integer"), qPrintable(e));
    e = bad({{"autoprompt", {{"steps", 1.5}}}});
    QVERIFY2(e.contains("autoprompt.steps") && e.contains("integer"), qPrintable(e));
    e = bad({{"generate", {{"beem", 3}}}});
    QVERIFY2(e.contains("generate.beem") && e.contains("not a search setting"), qPrintable(e));
    e = bad({{"seeds", {13, -1}}});
    QVERIFY2(e.contains("seeds") && e.contains("non-negative"), qPrintable(e));
    e = bad({{"method", "beam"}});
    QVERIFY2(e.contains("method") && e.contains("autoprompt"), qPrintable(e));
    e = bad({{"shots", 1e12}});
    QVERIFY2(e.contains("shots"), qPrintable(e));
    e = bad(nlohmann::json::array());
    QVERIFY2(e.contains("must be an object"), qPrintable(e));
    e = bad({{"lmbff", "x"}});
    QVERIFY2(e.contains("lmbff") && e.contains("object"), qPrintable(e));
  }

  void candidatesRoundTripThroughRecords() {
    const auto c = candidate("{s} it was [MASK] .", {0.75, 0.5, 0.625}, 0.6875);
    const auto rec = candidateRecord(c, 4);
    QCOMPARE(rec.index, int64_t(4));
    QCOMPARE(*rec.devMean, 0.625);
    QCOMPARE(*rec.devStd, 0.125);
    QCOMPARE(*rec.testMean, 0.6875);
    const auto back = candidateFromRecord(rec);
    QCOMPARE(back.templateText, c.templateText);
    QCOMPARE(back.origin, c.origin);
    QCOMPARE(back.searchScore, -3.25);
    QCOMPARE(back.devAccuracy, c.devAccuracy);
    QCOMPARE(back.devMean, 0.625);
    // Not ranked yet: no dev numbers stored (NULL), not a 0 that would read as a score.
    const auto unranked = candidateRecord(candidate("[MASK] ! {s}", {}, std::nullopt), 0);
    QVERIFY(!unranked.devMean && !unranked.devStd && !unranked.testMean);
    const auto j = candidateToJson(candidate("[MASK] ! {s}", {}, std::nullopt));
    QVERIFY(j["dev_mean"].is_null() && j["test_accuracy"].is_null());
  }

  void recorderWritesWholeListsAndTheStatus() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("p.pwbproj").toStdString();
    const SearchRequest r = fullRequest();
    const std::vector<TemplateCandidate> first = {candidate("a [MASK] {s}", {}, std::nullopt)};
    const std::vector<TemplateCandidate> last = {candidate("{s} b [MASK] .", {1.0, 0.5, 0.75}, 0.5),
                                                 candidate("a [MASK] {s}", {0.5, 0.5, 0.5}, std::nullopt)};
    int64_t id = 0;
    {
      SearchRecorder rec(db, r, "");
      store::RunStore reader(db);
      QCOMPARE(rec.searchId(), int64_t(0));  // nothing stored before the search reports
      QCOMPARE(reader.searches().size(), size_t(0));
      rec.begin();
      id = rec.searchId();
      QVERIFY(id > 0);
      rec.begin();
      QCOMPARE(rec.searchId(), id);
      QCOMPARE(reader.searches().size(), size_t(1));
      auto s = reader.getSearch(id);
      QCOMPARE(s.status, std::string("running"));
      QCOMPARE(s.method, std::string("generate"));
      QCOMPARE(s.name, std::string("generate"));
      QCOMPARE(s.model, r.modelDir);
      QCOMPARE(s.dataset, r.trainPath);
      QCOMPARE(requestToJson(requestFromJson(s.settings)).dump(), requestToJson(r).dump());
      // The callback records (first report at once, then throttled), and passes the report on.
      int passed = 0;
      rec.minIntervalSeconds = 3600;
      auto cb =
          rec.recording([&](const SearchProgress&, const std::vector<TemplateCandidate>&) { ++passed; });
      cb(SearchProgress{}, first);
      cb(SearchProgress{}, last);  // within the interval: not written
      QCOMPARE(passed, 2);
      auto stored = reader.searchCandidates(id);
      QCOMPARE(stored.size(), size_t(1));
      QCOMPARE(stored[0].templateText, std::string("a [MASK] {s}"));
      rec.update(last, true);
      QCOMPARE(reader.searchCandidates(id).size(), size_t(2));
      SearchResult result;
      result.cancelled = true;
      result.candidates = last;
      result.seconds = 12.5;
      result.notes = {"a note"};
      rec.finish(result);
      s = reader.getSearch(id);
      QCOMPARE(s.status, std::string("cancelled"));
      QCOMPARE(s.seconds, 12.5);
      QCOMPARE(s.notes, (std::vector<std::string>{"a note"}));
      stored = reader.searchCandidates(id);
      QCOMPARE(stored.size(), size_t(2));
      QCOMPARE(stored[0].templateText, std::string("{s} b [MASK] ."));
      QCOMPARE(stored[0].devAccuracy, (std::vector<double>{1.0, 0.5, 0.75}));
      QCOMPARE(*stored[0].devMean, 0.75);
      QCOMPARE(*stored[0].testMean, 0.5);
      QVERIFY(!stored[1].testMean);
    }
    // A recorder dropped without finish (an exception passed by): failed, with the last list reported.
    SearchRequest ap;
    ap.templateText = "{s} [T] [MASK] .";
    int64_t failedId = 0;
    {
      SearchRecorder rec(db, ap, "mine");
      rec.recording({})(SearchProgress{}, first);  // the first report creates the record
      failedId = rec.searchId();
      QVERIFY(failedId > 0);
    }
    store::RunStore reader(db);
    const auto failed = reader.getSearch(failedId);
    QCOMPARE(failed.status, std::string("failed"));
    QCOMPARE(failed.name, std::string("mine"));
    QVERIFY2(failed.error.find("stopped before it finished") != std::string::npos, failed.error.c_str());
    QCOMPARE(reader.searchCandidates(failedId).size(), size_t(1));
    QCOMPARE(defaultSearchName(ap), std::string("autoprompt: {s} [T] [MASK] ."));
    // fail() keeps the message.
    {
      SearchRecorder rec(db, ap);
      rec.begin();
      rec.fail("the template has no trigger slot [T]");
      QCOMPARE(reader.getSearch(rec.searchId()).error, std::string("the template has no trigger slot [T]"));
      QCOMPARE(reader.getSearch(rec.searchId()).status, std::string("failed"));
    }
    // A search that fails before its first report (bad settings) is not stored.
    {
      SearchRecorder rec(db, ap);
      rec.fail("shots must be at least 1");
      QCOMPARE(rec.searchId(), int64_t(0));
    }
    {
      SearchRecorder rec(db, ap);  // dropped unused
    }
    // finish() without any report still stores the search.
    int64_t quiet = 0;
    {
      SearchRecorder rec(db, ap);
      SearchResult none;
      none.seconds = 1;
      rec.finish(none);
      quiet = rec.searchId();
      QVERIFY(quiet > 0);
    }
    QCOMPARE(reader.getSearch(quiet).status, std::string("finished"));
    QCOMPARE(reader.searches().size(), size_t(4));
    QCOMPARE(reader.getSearch(id).status, std::string("cancelled"));  // untouched by the later ones
  }

  void resultJsonHasTheNumbers() {
    SearchRequest r;
    r.seeds = {13, 21};
    SearchResult result;
    result.seconds = 10;
    result.candidates = {candidate("{s} b [MASK] .", {1.0, 0.5}, 0.5)};
    const auto j = resultToJson(r, result, 7);
    QCOMPARE(j["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(j["search_id"].get<int64_t>(), int64_t(7));
    QCOMPARE(j["seconds_per_seed"].get<double>(), 5.0);
    QCOMPARE(j["candidates"][0]["dev_mean"].get<double>(), 0.75);
    QCOMPARE(j["candidates"][0]["dev_std"].get<double>(), std::sqrt(0.125));
    QCOMPARE(j["settings"]["seeds"], nlohmann::json({13, 21}));
  }
};

QTEST_GUILESS_MAIN(TestSearchRecord)
#include "test_search_record.moc"
