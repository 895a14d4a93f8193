// The dispatcher runTemplateSearch (core/search/search_types.h) on the tiny-bert fixture: the K-shot splits
// it draws per seed, each method end to end (LM-BFF list, generation, AutoPrompt), the same seed giving the
// same templates, bad input naming the option, notes for multi-token label words, and cancel.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <set>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"
#include "kshot_test_data.h"
#include "search/candidate_ranking.h"
#include "search/search_types.h"

using namespace pwb;
using namespace pwb::search;

namespace {

const std::string kSst2List = std::string(PWB_REFERENCE_DIR) + "/lmbff/auto_template/SST-2/16-13.sort.txt";

}  // namespace

class TestTemplateSearch : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string train_;

  SearchRequest request(SearchMethod method) const {
    SearchRequest r;
    r.method = method;
    r.modelDir = testing::kTinyBert;
    r.trainPath = train_;
    r.verbalizerText = "1=great;0=terrible";
    r.shots = 2;
    r.seeds = {13, 21};
    r.threads = 1;
    r.lmbff.file = kSst2List;
    r.lmbff.limit = 4;
    r.generate.maskRun = 2;
    r.generate.beam = 3;
    r.generate.keep = 4;
    r.templateText = "{s} [T] [T] [MASK] .";
    r.autoprompt.steps = 2;
    r.autoprompt.candidates = 3;
    r.autoprompt.batchSize = 4;
    return r;
  }

  static std::string errorOf(const SearchRequest& r) {
    try {
      runTemplateSearch(r);
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    train_ = dir_.path().toStdString() + "/train.txt";
    std::ofstream(train_) << "1 the film was great .\n1 i like the disney films very much .\n"
                             "1 a wonderful story .\n1 what a good movie .\n1 the acting was wonderful .\n"
                             "1 good news about the film .\n0 a boring movie .\n0 the acting was terrible .\n"
                             "0 bad story .\n0 a terrible waste of time .\n0 the film was boring .\n"
                             "0 no good acting .\n";
  }

  void methodNames() {
    for (SearchMethod m : {SearchMethod::AutoPrompt, SearchMethod::Generate, SearchMethod::LmBffList}) {
      QCOMPARE(parseSearchMethod(searchMethodName(m)), m);
    }
    QCOMPARE(std::string(searchMethodName(SearchMethod::LmBffList)), std::string("lmbff-list"));
    try {
      parseSearchMethod("beam");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()),
               std::string("unknown search method 'beam' (expected autoprompt, generate or lmbff-list)"));
    }
  }

  // The dispatcher ranks on the splits sampleKShot draws for each seed: the same numbers as rankOnDev on
  // those splits.
  void lmbffListRankedOnEverySeedsDevSplit() {
    const SearchRequest r = request(SearchMethod::LmBffList);
    const SearchResult result = runTemplateSearch(r);
    QVERIFY(!result.cancelled);
    QVERIFY(result.notes.empty());
    QVERIFY(result.seconds > 0);
    QCOMPARE(static_cast<int>(result.candidates.size()), 4);

    const data::Dataset train = data::importDataset(train_);
    std::vector<data::KShotSplit> splits{data::sampleKShot(train, 2, 13), data::sampleKShot(train, 2, 21)};
    QCOMPARE(splits[0].dev.examples.size(), size_t(4));
    eval::EvalSession session(testing::kTinyBert, eval::SessionOptions{"cpu", 1, false});
    std::vector<TemplateCandidate> expected;
    for (const auto& c : result.candidates) {
      TemplateCandidate e;
      e.templateText = c.templateText;
      e.origin = c.origin;
      expected.push_back(e);
    }
    rankOnDev(session, r, splits, expected);
    for (const auto& c : result.candidates) {
      QCOMPARE(c.devAccuracy.size(), size_t(2));
      bool found = false;
      for (const auto& e : expected) {
        if (e.templateText != c.templateText) continue;
        found = true;
        QCOMPARE(c.devAccuracy, e.devAccuracy);
        QCOMPARE(c.devMean, e.devMean);
      }
      QVERIFY(found);
    }
    for (size_t i = 1; i < result.candidates.size(); ++i) {
      QVERIFY(result.candidates[i - 1].devMean >= result.candidates[i].devMean);
    }
  }

  void generateSameSeedSameTemplates() {
    const SearchRequest r = request(SearchMethod::Generate);
    const SearchResult a = runTemplateSearch(r);
    const SearchResult b = runTemplateSearch(r);
    QVERIFY(!a.candidates.empty());
    QVERIFY(a.candidates.size() <= 8);  // keep 4 per seed, 2 seeds, repeats merged
    QCOMPARE(a.candidates.size(), b.candidates.size());
    std::set<std::string> distinct;
    int merged = 0;
    for (size_t i = 0; i < a.candidates.size(); ++i) {
      QCOMPARE(a.candidates[i].templateText, b.candidates[i].templateText);
      QCOMPARE(a.candidates[i].devAccuracy, b.candidates[i].devAccuracy);
      QCOMPARE(a.candidates[i].searchScore, b.candidates[i].searchScore);
      QCOMPARE(a.candidates[i].devAccuracy.size(), size_t(2));
      // Either one seed's form, or a template both seeds' splits produced, merged into one origin.
      const std::string& origin = a.candidates[i].origin;
      QVERIFY2(origin == "generated s-masks-label seed 13" || origin == "generated s-masks-label seed 21" ||
                   origin == "generated label-masks-s seed 13" ||
                   origin == "generated label-masks-s seed 21" ||
                   origin == "generated s-masks-label seeds 13, 21" ||
                   origin == "generated label-masks-s seeds 13, 21",
               origin.c_str());
      merged += origin.find("seeds 13, 21") != std::string::npos;
      distinct.insert(a.candidates[i].templateText);
    }
    QCOMPARE(distinct.size(), a.candidates.size());
    QVERIFY(merged >= 1);  // on these splits both seeds find some of the same spans
    // rankTop keeps the best beam scores.
    SearchRequest top = r;
    top.rankTop = 2;
    QCOMPARE(static_cast<int>(runTemplateSearch(top).candidates.size()), 2);
  }

  void autopromptDispatched() {
    const SearchResult result = runTemplateSearch(request(SearchMethod::AutoPrompt));
    QVERIFY(!result.candidates.empty());
    for (const auto& c : result.candidates) {
      QCOMPARE(c.devAccuracy.size(), size_t(2));
      QVERIFY2(c.templateText.find("[T") == std::string::npos, c.templateText.c_str());
      QVERIFY2(c.templateText.find("[MASK]") != std::string::npos, c.templateText.c_str());
    }
  }

  void badInputNamesTheOption() {
    auto expect = [&](SearchRequest r, const std::string& part) {
      const std::string e = errorOf(r);
      qInfo("%s", e.c_str());
      QVERIFY2(e.find(part) != std::string::npos, (e + "  -- expected: " + part).c_str());
    };
    SearchRequest r = request(SearchMethod::Generate);
    r.generate.beam = 0;
    expect(r, "the search budget is 0: generate.beam (beam width) must be at least 1, got 0");
    r = request(SearchMethod::Generate);
    r.generate.keep = 0;
    expect(r, "generate.keep");
    r = request(SearchMethod::AutoPrompt);
    r.autoprompt.steps = 0;
    expect(r, "the search budget is 0: autoprompt.steps must be at least 1, got 0");
    r = request(SearchMethod::AutoPrompt);
    r.templateText = "{s} it was [MASK] .";
    expect(r, "trigger");
    r = request(SearchMethod::AutoPrompt);
    r.templateText = "{s} [T] [T] .";
    expect(r, "[MASK]");
    r = request(SearchMethod::AutoPrompt);
    r.templateText = "";
    expect(r, "templateText");
    r = request(SearchMethod::LmBffList);
    r.shots = 1;
    expect(r, "the dev split is too small");
    r.shots = 7;  // 6 examples per class: 2K = 14 needed
    expect(r, "cannot draw the K-shot split (shots = 7 train + 7 dev per class, seed 13)");
    r = request(SearchMethod::LmBffList);
    r.verbalizerText = "";
    expect(r, "no verbalizer given (verbalizerText)");
    r.verbalizerText = "pos=great;neg=terrible";
    expect(r, "pos");
    r = request(SearchMethod::LmBffList);
    r.lmbff.file = "";
    expect(r, "lmbff.file");
    r.lmbff.file = dir_.path().toStdString() + "/missing.sort.txt";
    expect(r, "missing.sort.txt");
    r = request(SearchMethod::LmBffList);
    r.seeds = {};
    expect(r, "no seed given (seeds)");
    r.seeds = {13, 21, 13};
    expect(r, "seed 13 is listed twice");
    r = request(SearchMethod::LmBffList);
    r.sampler = "numpy";
    expect(r, "unknown sampler 'numpy'");
    r = request(SearchMethod::LmBffList);
    r.trainPath = dir_.path().toStdString() + "/nothing.tsv";
    expect(r, "nothing.tsv");
    r = request(SearchMethod::LmBffList);
    r.modelDir = dir_.path().toStdString() + "/no-model";
    expect(r, "no-model");
  }

  void multiTokenLabelWordsAreNoted() {
    SearchRequest r = request(SearchMethod::LmBffList);
    r.verbalizerText = "1=great;0=movies";  // movie ##s in tiny-bert's vocabulary
    r.lmbff.limit = 1;
    const SearchResult result = runTemplateSearch(r);
    QCOMPARE(static_cast<int>(result.notes.size()), 1);
    QVERIFY2(result.notes[0].find("label word 'movies' (0) is 2 tokens (movie ##s)") == 0,
             result.notes[0].c_str());
  }

  void cancel() {
    // Raised before the start: the list is kept, nothing ranked.
    std::atomic<bool> flag{true};
    SearchResult before = runTemplateSearch(request(SearchMethod::LmBffList), {}, &flag);
    QVERIFY(before.cancelled);
    QCOMPARE(static_cast<int>(before.candidates.size()), 4);
    for (const auto& c : before.candidates) QVERIFY(c.devAccuracy.empty());
    // Raised during the ranking, after two candidates: two ranked, two kept unranked.
    flag = false;
    SearchResult during = runTemplateSearch(
        request(SearchMethod::LmBffList),
        [&](const SearchProgress& p, const std::vector<TemplateCandidate>&) {
          if (p.phase == "rank" && p.done == 2) flag = true;
        },
        &flag);
    QVERIFY(during.cancelled);
    QCOMPARE(static_cast<int>(during.candidates.size()), 4);
    QCOMPARE(during.candidates[1].devAccuracy.size(), size_t(2));
    QVERIFY(during.candidates[2].devAccuracy.empty());
    QVERIFY(during.candidates[3].devAccuracy.empty());
    // Raised during generation: what the finished forms produced, unranked.
    flag = false;
    SearchResult generating = runTemplateSearch(
        request(SearchMethod::Generate),
        [&](const SearchProgress& p, const std::vector<TemplateCandidate>& found) {
          if (p.phase.rfind("generate", 0) == 0 && !found.empty()) flag = true;
        },
        &flag);
    QVERIFY(generating.cancelled);
    QCOMPARE(static_cast<int>(generating.candidates.size()), 2);  // the first form's share of keep = 4
    for (const auto& c : generating.candidates) QVERIFY(c.devAccuracy.empty());
    // Raised in the second seed's generation: the callback saw the first seed's templates all along, and
    // they are kept.
    flag = false;
    size_t firstSeed = 0, seenInSecond = 0;
    SearchResult second = runTemplateSearch(
        request(SearchMethod::Generate),
        [&](const SearchProgress& p, const std::vector<TemplateCandidate>& found) {
          if (p.phase.rfind("generate seed 13", 0) == 0) firstSeed = found.size();
          if (p.phase.rfind("generate seed 21", 0) == 0) {
            seenInSecond = found.size();
            flag = true;
          }
        },
        &flag);
    QVERIFY(second.cancelled);
    QVERIFY(firstSeed >= 2);
    QCOMPARE(seenInSecond, firstSeed);
    QCOMPARE(second.candidates.size(), firstSeed);
  }
};

QTEST_GUILESS_MAIN(TestTemplateSearch)
#include "test_template_search.moc"
