// Knowledge probing on the tiny-bert fixture: the answers are chosen from the model's own full-vocabulary
// ranking (computed here one prompt at a time, see probe_test_data.h), so every rank is known before the
// probe runs; P@1, P@10 and MRR are then checked against those hand ranks. Also LAMA's multi-piece
// convention (skipped by default, first piece as an option), unknown answers, and template errors.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "eval/eval_session.h"
#include "probe/probe_eval.h"
#include "probe/probe_format.h"
#include "probe_test_data.h"
#include "tokenize/tokenizer.h"

using namespace pwb;
using namespace pwb::probe::testing;

namespace {

// A whole word of the vocabulary (no "##", no [special]): it can be written as an answer.
bool plainWord(const std::string& token) {
  if (token.empty() || token[0] == '[' || token.rfind("##", 0) == 0) return false;
  for (char c : token)
    if (c < 'a' || c > 'z') return false;
  return true;
}

// The n-th most likely plain word at the mask for `subject` (0 = the most likely one), with its rank.
std::pair<std::string, int64_t> wordAt(const tokenize::Tokenizer& tok, const std::string& subject, int n) {
  const auto lp = handLogProbs(subject);
  const auto order = std::get<1>(lp.sort(0, /*descending=*/true));
  for (int64_t k = 0; k < order.size(0); ++k) {
    const int64_t id = order[k].item<int64_t>();
    const std::string t = tok.idToToken(id);
    if (plainWord(t) && n-- == 0) return {t, handRank(lp, id)};
  }
  return {"", 0};
}

}  // namespace

class TestProbeEval : public QObject {
  Q_OBJECT
  std::unique_ptr<eval::EvalSession> session_;

 private Q_SLOTS:
  void initTestCase() {
    eval::SessionOptions o;
    o.threads = 1;
    session_ = std::make_unique<eval::EvalSession>(kTinyBert, o);
  }

  void ranksAndMetricsAgainstTheModelsOwnRanking() {
    const auto& tok = session_->tokenizer();
    // Subjects of different lengths (so batches of two pad); answers the 1st, 3rd, 12th and 40th plain word.
    const std::vector<std::pair<std::string, int>> picks{
        {"france", 0}, {"business news", 2}, {"disney films", 11}, {"china", 39}, {"shanghai", 0}};
    std::vector<std::pair<std::string, std::string>> rows;
    std::vector<int64_t> expectedRanks;
    for (const auto& [subject, n] : picks) {
      const auto [word, rank] = wordAt(tok, subject, n);
      QVERIFY2(!word.empty(), subject.c_str());
      rows.push_back({subject, word});
      expectedRanks.push_back(rank);
    }
    // The fixture gives a mix on both sides of 1 and 10, or the metrics below would not test much.
    QVERIFY(std::count(expectedRanks.begin(), expectedRanks.end(), 1) >= 1);
    QVERIFY(std::count_if(expectedRanks.begin(), expectedRanks.end(), [](int64_t r) { return r > 10; }) >= 2);

    probe::ProbeRequest req;
    req.data = facts(rows);
    req.templateText = kTemplate;
    req.batchSize = 2;
    req.topK = 5;
    const auto r = probe::runProbe(*session_, req);
    QCOMPARE(r.vocabSize, int64_t(190));
    QCOMPARE(r.total, size_t(5));
    QCOMPARE(r.metrics.count, size_t(5));
    QCOMPARE(r.multiPieceAnswers.size(), size_t(0));
    QCOMPARE(r.examples.size(), size_t(5));
    double p1 = 0, p10 = 0, mrr = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      QCOMPARE(r.examples[i].answer, rows[i].second);
      QCOMPARE(r.examples[i].rank, expectedRanks[i]);
      const auto lp = handLogProbs(rows[i].first);
      QVERIFY(std::abs(r.examples[i].answerProb - std::exp(lp[r.examples[i].answerId].item<double>())) <
              1e-5);
      // The top-k are the model's k most likely tokens, in order.
      const auto top = std::get<1>(lp.topk(5));
      QCOMPARE(r.examples[i].top.size(), size_t(5));
      for (int k = 0; k < 5; ++k) QCOMPARE(r.examples[i].top[k].id, top[k].item<int64_t>());
      p1 += expectedRanks[i] == 1 ? 0.2 : 0;
      p10 += expectedRanks[i] <= 10 ? 0.2 : 0;
      mrr += 0.2 / static_cast<double>(expectedRanks[i]);
    }
    QVERIFY(std::abs(r.metrics.p1 - p1) < 1e-12);
    QVERIFY(std::abs(r.metrics.p10 - p10) < 1e-12);
    QVERIFY(std::abs(r.metrics.mrr - mrr) < 1e-12);
    // The answer at the top plain word of "france" is its P@1 hit when that word is also the top token.
    const auto j = probe::probeJson(r, true);
    QCOMPARE(j["metrics"]["count"].get<size_t>(), size_t(5));
    QCOMPARE(j["examples"][1]["rank"].get<int64_t>(), expectedRanks[1]);
  }

  void multiPieceAnswersSkippedOrFirstPiece() {
    const auto& tok = session_->tokenizer();
    // "wonderful" and "paris" are one token; "berlin" is b ##er ##lin-like pieces; "zoo" has no z: [UNK].
    QCOMPARE(tok.wordInContext("berlin").size() > 1, true);
    const auto data =
        facts({{"france", "paris"}, {"china", "berlin"}, {"disney", "wonderful"}, {"news", "zoo"}});
    probe::ProbeRequest req;
    req.data = data;
    req.templateText = kTemplate;
    const auto skipped = probe::runProbe(*session_, req);
    QCOMPARE(skipped.total, size_t(4));
    QCOMPARE(skipped.metrics.count, size_t(2));
    QCOMPARE(skipped.multiPieceAnswers.size(), size_t(1));
    QCOMPARE(skipped.multiPieceAnswers[0].id, std::string("L2"));
    QCOMPARE(skipped.multiPieceAnswers[0].line, 2);
    QCOMPARE(skipped.unknownAnswers.size(), size_t(1));
    QCOMPARE(skipped.unknownAnswers[0].answer, std::string("zoo"));
    QCOMPARE(skipped.examples[0].rank, handRank(handLogProbs("france"), tok.tokenToId("paris")));
    QCOMPARE(skipped.examples[1].rank, handRank(handLogProbs("disney"), tok.tokenToId("wonderful")));
    bool noted = false;
    for (const auto& n : skipped.notes)
      noted = noted || n.find("skipped (LAMA's convention)") != std::string::npos;
    QVERIFY(noted);

    req.multiPiece = probe::MultiPieceAnswers::FirstPiece;
    const auto first = probe::runProbe(*session_, req);
    QCOMPARE(first.metrics.count, size_t(3));  // the unknown answer is still skipped
    QCOMPARE(first.multiPieceAnswers.size(), size_t(1));
    QCOMPARE(first.examples[1].answer, std::string("berlin"));
    QVERIFY(first.examples[1].firstPiece);
    const int64_t firstPiece = tok.wordInContext("berlin").front();
    QCOMPARE(first.examples[1].answerId, firstPiece);
    QCOMPARE(first.examples[1].rank, handRank(handLogProbs("china"), firstPiece));
    // The metrics over three examples, from the three hand ranks.
    double mrr = 0;
    for (const auto& e : first.examples) mrr += 1.0 / static_cast<double>(e.rank) / 3.0;
    QVERIFY(std::abs(first.metrics.mrr - mrr) < 1e-12);
  }

  void limitAndCancel() {
    probe::ProbeRequest req;
    req.data = facts({{"france", "paris"}, {"china", "shanghai"}, {"disney", "films"}});
    req.templateText = kTemplate;
    req.limit = 2;
    QCOMPARE(probe::runProbe(*session_, req).metrics.count, size_t(2));
    std::atomic<bool> cancel{true};
    QVERIFY_THROWS_EXCEPTION(eval::Cancelled, probe::runProbe(*session_, req, {}, &cancel));
  }

  void templateErrors() {
    probe::ProbeRequest req;
    req.data = facts({{"france", "paris"}});
    req.templateText = "the capital of {sub_label} is .";  // no mask
    QVERIFY_THROWS_EXCEPTION(Error, probe::runProbe(*session_, req));
    req.templateText = "[MASK] of {sub_label} is [MASK] .";  // two masks
    QVERIFY_THROWS_EXCEPTION(Error, probe::runProbe(*session_, req));
    req.templateText = "the capital of {country} is [MASK] .";  // unknown field
    QVERIFY_THROWS_EXCEPTION(Error, probe::runProbe(*session_, req));
    req.templateText = "[SOFT*2] {sub_label} is [MASK] .";
    QVERIFY_THROWS_EXCEPTION(Error, probe::runProbe(*session_, req));
  }
};

QTEST_GUILESS_MAIN(TestProbeEval)
#include "test_probe_eval.moc"
