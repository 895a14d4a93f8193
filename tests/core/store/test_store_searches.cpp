// Schema 3: demonstration ids per prediction and template searches with their candidates read back field
// for field; a schema 2 file migrates; damaged columns are errors naming the column; a search whose process
// died is marked interrupted on the next open.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "store/database.h"
#include "store/run_store.h"
#include "store/run_uid.h"
#include "store/schema.h"
#include "store/statement.h"
#include "support/error_of.h"

using namespace pwb::store;
using pwb::test::errorOf;

class TestStoreSearches : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void demonstrationIdsRoundTrip();
  void damagedDemonstrationIdsAreReported();
  void searchAndCandidatesRoundTrip();
  void candidatesAreReplacedAtomically();
  void badSearchCallsAreErrors();
  void deadSearchIsInterruptedOnOpen();
  void versionTwoFileIsMigrated();

 private:
  QTemporaryDir dir_;
  std::string path_;
  int counter_ = 0;
};

void TestStoreSearches::init() {
  QVERIFY(dir_.isValid());
  path_ = dir_.filePath(QString("p%1.sqlite").arg(++counter_)).toStdString();
}

void TestStoreSearches::demonstrationIdsRoundTrip() {
  EvaluationRecord e;
  e.split = "test";
  e.labels = {"negative", "positive"};
  e.predictions = {{0, "q0", std::string("positive"), "positive", {0.25, 0.75}, {{"d3", "d9"}, {"d1", "d7"}}},
                   {1, "q1", std::string("negative"), "negative", {0.5, 0.5}, {}}};
  int64_t id = 0;
  {
    RunStore s(path_);
    id = s.saveEvaluation(e);
  }
  RunStore s(path_);
  const auto g = s.getEvaluation(id);
  QCOMPARE(g.predictions.size(), size_t(2));
  const std::vector<std::vector<std::string>> sets = {{"d3", "d9"}, {"d1", "d7"}};
  QCOMPARE(g.predictions[0].demos, sets);
  QVERIFY(g.predictions[1].demos.empty());
  Statement raw(s.database(), "SELECT demos FROM predictions WHERE evaluation_id = ? ORDER BY idx");
  raw.bind(1, id);
  QVERIFY(raw.step());
  QCOMPARE(raw.getText(0), std::string(R"([["d3","d9"],["d1","d7"]])"));
  QVERIFY(raw.step());
  QVERIFY(raw.isNull(0));  // none: NULL, not "[]"
}

void TestStoreSearches::damagedDemonstrationIdsAreReported() {
  RunStore s(path_);
  EvaluationRecord e;
  e.labels = {"a", "b"};
  e.predictions = {{0, "q0", std::nullopt, "a", {0.6, 0.4}, {{"d1"}}}};
  const int64_t id = s.saveEvaluation(e);
  s.database().exec("UPDATE predictions SET demos = '[[\"d1\", 7]]'");
  const QString err = errorOf([&] { s.getEvaluation(id); });
  QVERIFY2(err.contains("predictions.demos"), qPrintable(err));
  s.database().exec("UPDATE predictions SET demos = 'not json'");
  QVERIFY(errorOf([&] { s.getEvaluation(id); }).contains("damaged"));
}

void TestStoreSearches::searchAndCandidatesRoundTrip() {
  int64_t id = 0;
  {
    RunStore s(path_);
    SearchRecord r;
    r.name = "sst2 autoprompt";
    r.method = "autoprompt";
    r.model = "resources/demo-bert-mini";
    r.dataset = "sst2/train.tsv";
    r.settings = {{"seeds", {13, 21}}, {"autoprompt", {{"steps", 50}}}};
    id = s.createSearch(r);
    const double nan = std::nan("");
    s.setSearchCandidates(
        id,
        {{0, "{s} the best [MASK] .", "autoprompt seed 13", -0.5, {0.75, 0.625}, 0.6875, 0.0883883476, 0.7},
         {0, "{s} it was [MASK] .", "manual", 0, {0.5, nan}, std::nullopt, std::nullopt, std::nullopt}});
    s.finishSearch(id, "finished", 12.5, {"label word 'terrible' has 2 tokens: first piece used"});
  }
  RunStore s(path_);
  const auto all = s.searches();
  QCOMPARE(all.size(), size_t(1));
  const auto g = s.getSearch(id);
  QCOMPARE(g.id, id);
  QVERIFY(isRunUid(g.uid));
  QCOMPARE(g.name, std::string("sst2 autoprompt"));
  QCOMPARE(g.method, std::string("autoprompt"));
  QCOMPARE(g.model, std::string("resources/demo-bert-mini"));
  QCOMPARE(g.dataset, std::string("sst2/train.tsv"));
  QCOMPARE(g.settings["autoprompt"]["steps"].get<int>(), 50);
  QCOMPARE(g.status, std::string("finished"));
  QCOMPARE(g.seconds, 12.5);
  QCOMPARE(g.notes.size(), size_t(1));
  QVERIFY(g.finishedAt.has_value());
  QVERIFY(g.pid.has_value());
  QCOMPARE(g.candidates, int64_t(2));
  const auto c = s.searchCandidates(id);
  QCOMPARE(c.size(), size_t(2));
  QCOMPARE(c[0].index, int64_t(0));
  QCOMPARE(c[1].index, int64_t(1));  // renumbered by position, whatever the record said
  QCOMPARE(c[0].templateText, std::string("{s} the best [MASK] ."));
  QCOMPARE(c[0].origin, std::string("autoprompt seed 13"));
  QCOMPARE(c[0].searchScore, -0.5);
  QCOMPARE(c[0].devAccuracy, (std::vector<double>{0.75, 0.625}));
  QCOMPARE(*c[0].devMean, 0.6875);
  QCOMPARE(*c[0].testMean, 0.7);
  QCOMPARE(c[1].devAccuracy.size(), size_t(2));
  QVERIFY(std::isnan(c[1].devAccuracy[1]));  // NaN survives as null
  QVERIFY(!c[1].devMean);
  s.deleteSearch(id);
  QVERIFY(s.searches().empty());
  Statement left(s.database(), "SELECT count(*) FROM search_candidates");
  QVERIFY(left.step());
  QCOMPARE(left.getInt64(0), int64_t(0));  // cascade
}

void TestStoreSearches::candidatesAreReplacedAtomically() {
  RunStore s(path_);
  SearchRecord r;
  r.method = "generate";
  const int64_t id = s.createSearch(r);
  s.setSearchCandidates(id, {{0, "a [MASK]", "g", 0, {}, 0.5, 0.0, std::nullopt}});
  // The second list fails half way (a trigger refuses its second row): the first list must stay whole,
  // and nothing of the second may be left behind.
  s.database().exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON search_candidates WHEN NEW.idx = 1 "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  QVERIFY(errorOf([&] {
            s.setSearchCandidates(id, {{0, "b [MASK]", "g", 0, {}, 0.6, 0.0, std::nullopt},
                                       {0, "c [MASK]", "g", 0, {}, 0.7, 0.0, std::nullopt}});
          }).contains("refused"));
  const auto c = s.searchCandidates(id);
  QCOMPARE(c.size(), size_t(1));
  QCOMPARE(c[0].templateText, std::string("a [MASK]"));
}

void TestStoreSearches::badSearchCallsAreErrors() {
  RunStore s(path_);
  QVERIFY(errorOf([&] { s.createSearch(SearchRecord{}); }).contains("needs a method"));
  SearchRecord r;
  r.method = "autoprompt";
  const int64_t id = s.createSearch(r);
  QVERIFY(errorOf([&] { s.finishSearch(id, "done", 1); }).contains("not a final search status"));
  QVERIFY(errorOf([&] { s.finishSearch(id + 5, "finished", 1); }).contains("no template search"));
  QVERIFY(errorOf([&] { s.setSearchCandidates(id + 5, {}); }).contains("no template search"));
  QVERIFY(errorOf([&] { s.getSearch(id + 5); }).contains("no template search"));
  s.database().exec("UPDATE template_searches SET settings = '{broken'");
  QVERIFY(errorOf([&] { s.getSearch(id); }).contains("template_searches.settings"));
}

void TestStoreSearches::deadSearchIsInterruptedOnOpen() {
  int64_t id = 0;
  {
    RunStore s(path_);
    SearchRecord r;
    r.method = "autoprompt";
    id = s.createSearch(r);
    // A pid that cannot be alive: above Linux's pid_max limit (4194304).
    s.database().exec("UPDATE template_searches SET pid = 99999999");
  }
  RunStore s(path_);
  const auto g = s.getSearch(id);
  QCOMPARE(g.status, std::string("interrupted"));
  QVERIFY(g.error.find("99999999") != std::string::npos);
  SearchRecord live;
  live.method = "generate";
  const int64_t mine = s.createSearch(live);  // this process: alive, stays running
  RunStore again(path_);
  QCOMPARE(again.getSearch(mine).status, std::string("running"));
}

void TestStoreSearches::versionTwoFileIsMigrated() {
  // A schema 2 file with a prediction: opening adds the demos column (NULL for old rows) and the search
  // tables.
  int64_t evalId = 0;
  {
    RunStore s(path_);
    EvaluationRecord e;
    e.labels = {"a", "b"};
    e.predictions = {{0, "q0", std::nullopt, "a", {0.6, 0.4}, {}}};
    evalId = s.saveEvaluation(e);
    // Take the file back to schema 2 as that version wrote it.
    s.database().exec("DROP TABLE search_candidates");
    s.database().exec("DROP TABLE template_searches");
    s.database().exec("ALTER TABLE predictions DROP COLUMN demos");
    s.database().exec("PRAGMA user_version=2");
  }
  RunStore s(path_);
  QCOMPARE(schemaVersion(s.database()), 3);
  QVERIFY(s.getEvaluation(evalId).predictions[0].demos.empty());
  SearchRecord r;
  r.method = "lmbff-list";
  QVERIFY(s.createSearch(r) > 0);
}

QTEST_GUILESS_MAIN(TestStoreSearches)
#include "test_store_searches.moc"
