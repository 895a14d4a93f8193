// Dev ranking (core/search/candidate_ranking.h) on the tiny-bert fixture against a hand computation: each
// dev example's prediction recomputed from EvalSession::maskTopK (the full-vocabulary distribution at the
// mask: the label word with the higher probability wins), accuracies per split, mean and sample std, the
// sort, rankTop, the test file (reported only), a candidate that cannot be scored, and cancel.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <map>

#include "common/error.h"
#include "eval/eval_session.h"
#include "kshot_test_data.h"
#include "search/candidate_ranking.h"

using namespace pwb;
using namespace pwb::search;

class TestCandidateRanking : public QObject {
  Q_OBJECT
  std::unique_ptr<eval::EvalSession> session_;
  std::vector<data::KShotSplit> splits_;
  QTemporaryDir dir_;

  // Accuracy of `templateText` with 1=great;0=terrible on `d`, by hand from the mask distribution.
  double handAccuracy(const std::string& templateText, const data::Dataset& d) {
    const auto& tok = session_->tokenizer();
    const int64_t great = tok.tokenToId("great"), terrible = tok.tokenToId("terrible");
    int correct = 0;
    for (const auto& ex : d.examples) {
      const auto dist =
          session_->maskTopK(templateText, d.columns, ex.fields, static_cast<int>(tok.vocabSize()))[0];
      double pg = -1, pt = -1;
      for (const auto& t : dist) {
        if (t.id == great) pg = t.prob;
        if (t.id == terrible) pt = t.prob;
      }
      const std::string pred = pg > pt ? "1" : "0";
      correct += pred == ex.label;
    }
    return static_cast<double>(correct) / static_cast<double>(d.examples.size());
  }

  static std::vector<TemplateCandidate> candidates(const std::vector<std::string>& texts) {
    std::vector<TemplateCandidate> out;
    for (size_t i = 0; i < texts.size(); ++i) {
      TemplateCandidate c;
      c.templateText = texts[i];
      c.origin = "test:" + std::to_string(i + 1);
      c.searchScore = static_cast<double>(i + 1);
      out.push_back(c);
    }
    return out;
  }

  SearchRequest request() const {
    SearchRequest r;
    r.verbalizerText = "1=great;0=terrible";
    return r;
  }

  const std::vector<std::string> templates_{"{s} it was [MASK] .", "[MASK] , {s}", "{s} a [MASK] film .",
                                            "{s} . what a [MASK] story !", "the movie is [MASK] . {s}"};

 private Q_SLOTS:
  void initTestCase() {
    session_ = std::make_unique<eval::EvalSession>(testing::kTinyBert, eval::SessionOptions{"cpu", 1, false});
    const data::Dataset train = testing::sentimentTrain();
    splits_.push_back(testing::split(train,
                                     testing::sentences({{"a wonderful story .", "1"},
                                                         {"i like this movie very much .", "1"},
                                                         {"what a great film .", "1"},
                                                         {"boring acting .", "0"},
                                                         {"a terrible waste .", "0"},
                                                         {"bad story .", "0"}}),
                                     13));
    splits_.push_back(testing::split(train,
                                     testing::sentences({{"the acting was wonderful .", "1"},
                                                         {"good news .", "1"},
                                                         {"a film about paris .", "1"},
                                                         {"the story was boring .", "0"},
                                                         {"no good .", "0"},
                                                         {"it was bad .", "0"}}),
                                     21));
  }

  void matchesHandComputation() {
    auto list = candidates(templates_);
    rankOnDev(*session_, request(), splits_, list);
    QCOMPARE(list.size(), templates_.size());
    std::map<std::string, std::vector<double>> hand;
    for (const auto& t : templates_) {
      for (const auto& s : splits_) hand[t].push_back(handAccuracy(t, s.dev));
    }
    for (const auto& c : list) {
      const auto& h = hand.at(c.templateText);
      QCOMPARE(c.devAccuracy, h);
      const double mean = (h[0] + h[1]) / 2;
      QCOMPARE(c.devMean, mean);
      QVERIFY(std::abs(c.devStd - std::abs(h[0] - h[1]) / std::sqrt(2.0)) < 1e-12);
      QVERIFY(!c.testMean.has_value());
      qInfo("%-32s dev %.3f %.3f mean %.3f std %.3f", c.templateText.c_str(), h[0], h[1], c.devMean,
            c.devStd);
    }
    for (size_t i = 1; i < list.size(); ++i) {
      QVERIFY(list[i - 1].devMean > list[i].devMean ||
              (list[i - 1].devMean == list[i].devMean && list[i - 1].devStd <= list[i].devStd));
    }
    // The hand numbers are not all equal, so the order above is a real ranking.
    QVERIFY(list.front().devMean > list.back().devMean);
  }

  void rankTopAndTestFile() {
    QVERIFY(dir_.isValid());
    const std::string testPath = dir_.path().toStdString() + "/test.txt";
    std::ofstream(testPath) << "1 a great movie .\n1 i like the story .\n0 the film was bad .\n"
                               "0 a boring waste of time .\n1 wonderful acting .\n";
    SearchRequest r = request();
    r.rankTop = 3;
    r.testPath = testPath;
    auto list = candidates(templates_);
    rankOnDev(*session_, r, splits_, list);
    QCOMPARE(static_cast<int>(list.size()), 3);
    const data::Dataset test = testing::sentences({{"a great movie .", "1"},
                                                   {"i like the story .", "1"},
                                                   {"the film was bad .", "0"},
                                                   {"a boring waste of time .", "0"},
                                                   {"wonderful acting .", "1"}});
    for (const auto& c : list) {
      QVERIFY(c.origin == "test:1" || c.origin == "test:2" || c.origin == "test:3");
      QVERIFY(c.testMean.has_value());
      QCOMPARE(*c.testMean, handAccuracy(c.templateText, test));
    }
  }

  void unscorableCandidateIsDroppedWithANote() {
    auto list = candidates({"{s} it was [MASK] .", "{premise} ? [MASK] , {hypothesis}"});
    std::vector<std::string> notes;
    rankOnDev(*session_, request(), splits_, list, {}, nullptr, &notes);
    QCOMPARE(static_cast<int>(list.size()), 1);
    QCOMPARE(static_cast<int>(notes.size()), 1);
    QVERIFY2(notes[0].find("(test:2) not ranked") != std::string::npos, notes[0].c_str());
    QVERIFY2(notes[0].find("premise") != std::string::npos, notes[0].c_str());
  }

  void badInput() {
    auto list = candidates(templates_);
    auto errorOf = [&](SearchRequest r, const std::vector<data::KShotSplit>& splits) -> std::string {
      try {
        rankOnDev(*session_, r, splits, list);
      } catch (const Error& e) {
        return e.what();
      }
      return "(no error)";
    };
    SearchRequest noVerbalizer = request();
    noVerbalizer.verbalizerText = "";
    QVERIFY(errorOf(noVerbalizer, splits_).find("verbalizerText") != std::string::npos);
    QVERIFY(errorOf(request(), {}).find("no K-shot dev split") != std::string::npos);
    SearchRequest wrongLabel = request();
    wrongLabel.verbalizerText = "pos=great;neg=terrible";
    QVERIFY(errorOf(wrongLabel, splits_) != "(no error)");
    SearchRequest missingTest = request();
    missingTest.testPath = dir_.path().toStdString() + "/nope.txt";
    QVERIFY(errorOf(missingTest, splits_).find("nope.txt") != std::string::npos);
  }

  // Cancel after the second candidate: two ranked (sorted), the other three kept unranked after them.
  void cancelKeepsWhatWasScored() {
    auto list = candidates(templates_);
    std::atomic<bool> cancel{false};
    std::vector<int64_t> done;
    rankOnDev(
        *session_, request(), splits_, list,
        [&](const SearchProgress& p, const std::vector<TemplateCandidate>& scored) {
          done.push_back(p.done);
          QCOMPARE(p.phase, std::string("rank"));
          QCOMPARE(p.total, int64_t(5));
          QCOMPARE(static_cast<int64_t>(scored.size()), p.done);
          QCOMPARE(p.bestTemplate, scored.front().templateText);
          if (p.done == 2) cancel = true;
        },
        &cancel);
    QCOMPARE(done, (std::vector<int64_t>{1, 2}));
    QCOMPARE(list.size(), templates_.size());
    QCOMPARE(list[0].devAccuracy.size(), size_t(2));
    QCOMPARE(list[1].devAccuracy.size(), size_t(2));
    QVERIFY(list[0].devMean >= list[1].devMean);
    for (size_t i = 2; i < list.size(); ++i) {
      QVERIFY(list[i].devAccuracy.empty());
      QCOMPARE(list[i].templateText, templates_[i]);
    }
  }
};

QTEST_GUILESS_MAIN(TestCandidateRanking)
#include "test_candidate_ranking.moc"
