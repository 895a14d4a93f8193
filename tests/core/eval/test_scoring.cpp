// Label-word scoring on the tiny-bert fixture, checked against the reference logits of
// fixtures/tiny-bert/reference.json: single- and multi-token words (sub-token mean at one mask, and
// PET-style several masks), word aggregation, top-k at the mask, encoding reuse in a grid, label search.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "eval/eval_session.h"
#include "eval_test_data.h"
#include "tokenize/tokenizer.h"

using namespace pwb::eval;

namespace {

const std::string kTiny = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

// log-softmax of one reference logits row.
std::vector<double> logProbs(const nlohmann::json& row) {
  std::vector<double> l = row.get<std::vector<double>>();
  const double top = *std::max_element(l.begin(), l.end());
  double sum = 0;
  for (double v : l) sum += std::exp(v - top);
  const double lse = top + std::log(sum);
  for (double& v : l) v -= lse;
  return l;
}

double logSumExp2(double a, double b) {
  const double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

}  // namespace

class TestScoring : public QObject {
  Q_OBJECT
  std::unique_ptr<EvalSession> session_;
  nlohmann::json ref_;
  int64_t id(const std::string& token) { return session_->tokenizer().tokenToId(token); }

 private slots:
  void initTestCase() {
    session_ = std::make_unique<EvalSession>(kTiny, SessionOptions{"cpu", 1, false});
    ref_ = pwb::readJsonFile(kTiny + "/reference.json");
  }

  void singleAndSubtokenMeanMatchReferenceLogits() {
    // Reference case 0 is exactly this template rendered with this sentence.
    const auto lp = logProbs(ref_["cases"][0]["mask_logits"][0]);
    EvalRequest req;
    req.data = testing::sentences({{"i like the disney films very much .", "pos"}, {"a film .", "neg"}});
    req.templateText = "{s} it was [MASK] .";
    // "movies" is movie + ##s in this vocabulary: scored as the mean of the two log-probs at the one mask.
    req.verbalizerText = "pos=great,wonderful;neg=terrible,movies";
    req.options.topK = 5;
    const auto cell = session_->evaluate(req);
    QCOMPARE(cell.labels, (std::vector<std::string>{"neg", "pos"}));
    QCOMPARE(cell.words.size(), size_t(4));
    const auto movies =
        std::find_if(cell.words.begin(), cell.words.end(), [](auto& w) { return w.word == "movies"; });
    QVERIFY(movies != cell.words.end());
    QCOMPARE(movies->tokens, (std::vector<std::string>{"movie", "##s"}));
    QVERIFY(movies->multiToken());
    QCOMPARE(cell.notes.size(), size_t(1));
    QVERIFY(QString::fromStdString(cell.notes[0]).contains("mean"));

    const double great = lp[id("great")], wonderful = lp[id("wonderful")], terrible = lp[id("terrible")];
    const double moviesScore = (lp[id("movie")] + lp[id("##s")]) / 2;
    const auto& ex = cell.examples[0];
    QVERIFY(std::abs(ex.scores[1] - (great + wonderful) / 2) < 1e-4);
    QVERIFY(std::abs(ex.scores[0] - (terrible + moviesScore) / 2) < 1e-4);
    const double p1 = 1 / (1 + std::exp(ex.scores[0] - ex.scores[1]));
    QVERIFY(std::abs(ex.probs[1] - p1) < 1e-9);
    QCOMPARE(ex.pred, ex.scores[1] > ex.scores[0] ? 1 : 0);

    // Top-k at the mask: the reference row's five largest, with their softmax probabilities.
    std::vector<int> order(lp.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return lp[a] > lp[b]; });
    QCOMPARE(ex.maskTop.size(), size_t(5));
    for (int k = 0; k < 5; ++k) {
      QCOMPARE(ex.maskTop[k].id, int64_t(order[k]));
      QVERIFY(std::abs(ex.maskTop[k].prob - std::exp(lp[order[k]])) < 1e-5);
    }
    const auto top =
        session_->maskTopK("{s} it was [MASK] .", {"sentence"}, {"i like the disney films very much ."}, 3);
    QCOMPARE(top.size(), size_t(1));
    QCOMPARE(top[0][0].id, int64_t(order[0]));
    QCOMPARE(top[0][2].token, session_->tokenizer().idToToken(order[2]));

    // Aggregations over the words of a class.
    req.options.aggregation = WordAggregation::MaxLogProb;
    const auto maxCell = session_->evaluate(req);
    QVERIFY(std::abs(maxCell.examples[0].scores[1] - std::max(great, wonderful)) < 1e-4);
    req.options.aggregation = WordAggregation::LogSumProb;
    const auto sumCell = session_->evaluate(req);
    QVERIFY(std::abs(sumCell.examples[0].scores[0] - logSumExp2(terrible, moviesScore)) < 1e-4);
  }

  void petMultiMaskMatchesReferenceLogits() {
    // Reference case 3 is "[MASK] [MASK] news : business and science .": the template's one mask slot
    // rendered as two masks for the two-token words movie+##s and film+##ing.
    const auto lp0 = logProbs(ref_["cases"][3]["mask_logits"][0]);
    const auto lp1 = logProbs(ref_["cases"][3]["mask_logits"][1]);
    EvalRequest req;
    req.data = testing::sentences({{"business and science .", "a"}, {"a film .", "b"}});
    req.templateText = "[MASK] news : {s}";
    req.verbalizerText = "a=movies;b=filming";
    req.options.multiToken = MultiTokenMode::MultiMask;
    const auto cell = session_->evaluate(req);
    QCOMPARE(cell.words[1].tokens, (std::vector<std::string>{"film", "##ing"}));
    const auto& ex = cell.examples[0];
    QVERIFY(std::abs(ex.scores[0] - (lp0[id("movie")] + lp1[id("##s")])) < 1e-4);
    QVERIFY(std::abs(ex.scores[1] - (lp0[id("film")] + lp1[id("##ing")])) < 1e-4);
    QVERIFY(QString::fromStdString(cell.notes[0]).contains("2 masks"));
  }

  void gridReusesEncodingsAndEqualsSingleCells() {
    const auto data = testing::sentences({{"i like the disney films very much .", "1"},
                                          {"a terrible , boring movie .", "0"},
                                          {"the acting is wonderful .", "1"},
                                          {"what a boring story .", "0"},
                                          {"the film is very good .", "1"}});
    GridRequest grid;
    grid.runs.push_back({"", data});
    grid.templates = {"{s} it was [MASK] .", "[MASK] ! {s}"};
    grid.verbalizers = {"1=great;0=terrible", "1=good;0=bad", "1=wonderful;0=boring"};
    grid.options.batchSize = 2;  // several length-sorted batches
    int64_t lastDone = 0, lastTotal = 0;
    const auto result = session_->runGrid(grid, [&](int64_t d, int64_t t) {
      QVERIFY(d >= lastDone);
      lastDone = d;
      lastTotal = t;
    });
    QCOMPARE(lastDone, int64_t(10));
    QCOMPARE(lastTotal, int64_t(10));
    // One forward pass per example and template, not per cell.
    QCOMPARE(result.timing.encodedExamples, int64_t(10));
    QCOMPARE(result.timing.scoredCells, int64_t(30));
    for (size_t t = 0; t < 2; ++t) {
      for (size_t v = 0; v < 3; ++v) {
        EvalRequest one;
        one.data = data;
        one.templateText = grid.templates[t];
        one.verbalizerText = grid.verbalizers[v];
        one.options.batchSize = 64;  // a different batching must not change any score
        const auto cell = session_->evaluate(one);
        const auto& g = result.cells[t][v];
        QCOMPARE(g.accuracy.runs, 1);
        QCOMPARE(g.runs[0].metrics.accuracy, cell.metrics.accuracy);
        for (size_t i = 0; i < data.examples.size(); ++i) {
          for (int c = 0; c < 2; ++c)
            QVERIFY(std::abs(g.runs[0].examples[i].scores[c] - cell.examples[i].scores[c]) < 1e-4);
        }
      }
    }
    // Cancel before the first batch.
    std::atomic<bool> cancel{true};
    QVERIFY_THROWS_EXCEPTION(Cancelled, session_->runGrid(grid, {}, &cancel));
  }

  void badVerbalizerAndTemplateAreReported() {
    EvalRequest req;
    req.data = testing::sentences({{"a film .", "1"}, {"a film .", "0"}});
    req.templateText = "{s} it was [MASK] .";
    req.verbalizerText = "1=great";  // label 0 has no word
    try {
      session_->evaluate(req);
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      QVERIFY2(QString(e.what()).contains("0"), e.what());
    }
    req.verbalizerText = "1=great;0=terrible";
    req.templateText = "{s} it was .";
    QVERIFY_THROWS_EXCEPTION(pwb::Error, session_->evaluate(req));
    req.templateText = "{review} it was [MASK] .";
    QVERIFY_THROWS_EXCEPTION(pwb::Error, session_->evaluate(req));
  }

  void labelSearchRanksRealCandidates() {
    LabelSearchRequest req;
    req.train = testing::sentences({{"i like the disney films very much .", "1"},
                                    {"the acting is wonderful .", "1"},
                                    {"a terrible , boring movie .", "0"},
                                    {"what a boring story .", "0"}});
    req.dev = req.train;
    req.templateText = "{s} it was [MASK] .";
    req.topK = 6;
    req.perClass = 3;
    const auto r = session_->suggestLabelWords(req);
    QCOMPARE(r.labels, (std::vector<std::string>{"0", "1"}));
    QCOMPARE(r.candidates[0].size(), size_t(6));
    for (const auto& cls : r.candidates) {
      for (size_t k = 0; k < cls.size(); ++k) {
        QVERIFY2(cls[k].word.find("#") == std::string::npos && cls[k].word.find("[") == std::string::npos,
                 cls[k].word.c_str());
        for (char ch : cls[k].word) QVERIFY(std::isalpha(static_cast<unsigned char>(ch)));
        if (k > 0) QVERIFY(cls[k].logProbSum <= cls[k - 1].logProbSum);
      }
    }
    // The summed log-prob is what scoring that word gives on the class's examples.
    EvalRequest check;
    check.data = req.train;
    check.templateText = req.templateText;
    const auto& best1 = r.candidates[1][0];
    const std::string other =
        r.candidates[0][0].word == best1.word ? r.candidates[0][1].word : r.candidates[0][0].word;
    check.verbalizerText = "1=" + best1.word + ";0=" + other;
    const auto cell = session_->evaluate(check);
    QVERIFY(std::abs(cell.examples[0].scores[1] + cell.examples[1].scores[1] - best1.logProbSum) < 1e-3);
    // Mappings: distinct words, at most 3 x 3 tried, the best one's dev accuracy reproduced by evaluate().
    QVERIFY(r.mappingsTried > 0 && r.mappingsTried <= 9);
    QVERIFY(!r.mappings.empty());
    for (size_t i = 1; i < r.mappings.size(); ++i)
      QVERIFY(r.mappings[i].devAccuracy <= r.mappings[i - 1].devAccuracy);
    check.verbalizerText = r.mappings[0].verbalizerText;
    QCOMPARE(session_->evaluate(check).metrics.accuracy, r.mappings[0].devAccuracy);
  }
};

QTEST_GUILESS_MAIN(TestScoring)
#include "test_scoring.moc"
