// In-context evaluation with demonstrations (issue 14) on the tiny-bert fixture: the class scores of an
// example are the mean of its demonstration sets' scores and its probabilities their softmax (LM-BFF's mean
// of label-word logits), checked against evaluating each set on
// its own (a pool of exactly that set's demonstrations forces the draw); the draws are deterministic per
// (seed, example) whatever the batch size or --limit; bad input fails with a clear message before any
// forward pass; the same on CUDA (skipped without CUDA).
#include <torch/torch.h>

#include <QtTest>
#include <cmath>
#include <set>

#include "common/error.h"
#include "eval/eval_session.h"
#include "eval_test_data.h"

using namespace pwb::eval;

namespace {

const std::string kTiny = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTemplate = "{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]";
const std::string kVerbalizer = "pos=great;neg=terrible";

pwb::data::Dataset queries() {
  return testing::sentences({{"i like the disney films very much .", "pos"},
                             {"a film .", "neg"},
                             {"the movie was a waste of time .", "neg"},
                             {"wonderful acting and a fine story .", "pos"},
                             {"i did not like it .", "neg"}});
}

pwb::data::Dataset pool() {
  auto d = testing::sentences({{"a great film .", "pos"},
                               {"bad .", "neg"},
                               {"the best movie of the year .", "pos"},
                               {"boring and long .", "neg"},
                               {"fine fun .", "pos"},
                               {"terrible acting .", "neg"}});
  d.path = "pool.tsv";  // another file than the queries: no query is excluded from the pool
  return d;
}

EvalRequest demoRequest(int sets) {
  EvalRequest r;
  r.data = queries();
  r.templateText = kTemplate;
  r.verbalizerText = kVerbalizer;
  r.demos.sampling = pwb::data::DemoSampling::Random;
  r.demos.sets = sets;
  r.demoPool = pool();
  r.demoSeed = 21;
  return r;
}

bool near(double a, double b, double tol) {
  return std::abs(a - b) <= tol;
}

QString errorOf(EvalSession& s, const EvalRequest& r) {
  try {
    s.evaluate(r);
  } catch (const pwb::Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestDemoEval : public QObject {
  Q_OBJECT
  std::unique_ptr<EvalSession> session_;

 private Q_SLOTS:
  void initTestCase() { session_ = std::make_unique<EvalSession>(kTiny, SessionOptions{"cpu", 1, false}); }

  void probabilitiesAreTheMeanOverSetsEvaluatedOneByOne() {
    const int sets = 4;
    const auto cell = session_->evaluate(demoRequest(sets));
    QCOMPARE(cell.examples.size(), size_t(5));
    const auto p = pool();
    bool setsDiffer = false, probsDiffer = false;
    for (size_t i = 0; i < cell.examples.size(); ++i) {
      const auto& ex = cell.examples[i];
      QCOMPARE(ex.demos.size(), size_t(sets));
      std::vector<double> meanScores(2, 0.0);
      std::vector<double> first;
      for (int s = 0; s < sets; ++s) {
        const auto& ids = ex.demos[size_t(s)];
        // One per class, in class order (labels neg, pos): LM-BFF's placement.
        QCOMPARE(ids.size(), size_t(2));
        QCOMPARE(p.findById(ids[0])->label, std::string("neg"));
        QCOMPARE(p.findById(ids[1])->label, std::string("pos"));
        if (ids != ex.demos[0]) setsDiffer = true;
        // The set on its own: a pool of exactly its two examples leaves the sampler one choice.
        EvalRequest one = demoRequest(1);
        one.data = pwb::data::selectExamples(queries(), {ex.id});
        one.data.labels = {"neg", "pos"};  // the task's classes, not only this example's
        one.demoPool = pwb::data::selectExamples(p, ids);
        const auto single = session_->evaluate(one);
        QCOMPARE(single.examples[0].demos, (std::vector<std::vector<std::string>>{ids}));
        const auto& probs = single.examples[0].probs;
        if (first.empty()) first = probs;
        if (!near(first[0], probs[0], 1e-6)) probsDiffer = true;
        for (size_t c = 0; c < 2; ++c) meanScores[c] += single.examples[0].scores[c] / sets;
      }
      // softmax of the mean scores, by hand
      const double z = std::exp(meanScores[0]) + std::exp(meanScores[1]);
      const std::vector<double> mean = {std::exp(meanScores[0]) / z, std::exp(meanScores[1]) / z};
      QVERIFY2(near(ex.probs[0], mean[0], 1e-5) && near(ex.probs[1], mean[1], 1e-5),
               qPrintable(QString("example %1: %2 %3 vs by hand %4 %5")
                              .arg(QString::fromStdString(ex.id))
                              .arg(ex.probs[0])
                              .arg(ex.probs[1])
                              .arg(mean[0])
                              .arg(mean[1])));
      QVERIFY(near(ex.scores[0], meanScores[0], 1e-4) && near(ex.scores[1], meanScores[1], 1e-4));
      QCOMPARE(ex.pred, ex.probs[1] > ex.probs[0] ? 1 : 0);
    }
    // The test would not notice a missing average if every set were the same.
    QVERIFY(setsDiffer);
    QVERIFY(probsDiffer);
  }

  void drawsDependOnSeedAndExampleOnly() {
    auto base = demoRequest(6);
    base.options.batchSize = 32;
    const auto all = session_->evaluate(base);
    for (int batch : {1, 5, 7}) {
      auto r = demoRequest(6);
      r.options.batchSize = batch;
      const auto cell = session_->evaluate(r);
      for (size_t i = 0; i < cell.examples.size(); ++i) {
        QCOMPARE(cell.examples[i].demos, all.examples[i].demos);
        for (size_t c = 0; c < 2; ++c)
          QVERIFY(near(cell.examples[i].probs[c], all.examples[i].probs[c], 1e-5));
      }
    }
    // An example keeps its demonstrations when evaluated alone or among fewer examples.
    auto alone = demoRequest(6);
    alone.data = pwb::data::selectExamples(queries(), {"L4"});
    alone.data.labels = {"neg", "pos"};
    QCOMPARE(session_->evaluate(alone).examples[0].demos, all.examples[3].demos);
    auto limited = demoRequest(6);
    limited.limit = 2;
    const auto first2 = session_->evaluate(limited);
    QCOMPARE(first2.examples.size(), size_t(2));
    QCOMPARE(first2.examples[1].demos, all.examples[1].demos);
    // Another seed draws other sets.
    auto other = demoRequest(6);
    other.demoSeed = 22;
    const auto cell = session_->evaluate(other);
    bool differs = false;
    for (size_t i = 0; i < cell.examples.size(); ++i)
      differs |= cell.examples[i].demos != all.examples[i].demos;
    QVERIFY(differs);
  }

  void shuffledOrderAndSeveralPerClass() {
    auto r = demoRequest(3);
    r.demos.perClass = 2;
    r.demos.order = pwb::data::DemoOrder::Shuffled;
    const auto cell = session_->evaluate(r);
    const auto p = pool();
    for (const auto& ex : cell.examples) {
      for (const auto& ids : ex.demos) {
        QCOMPARE(ids.size(), size_t(4));
        QCOMPARE(std::set<std::string>(ids.begin(), ids.end()).size(), size_t(4));
        int pos = 0;
        for (const auto& id : ids) pos += p.findById(id)->label == "pos";
        QCOMPARE(pos, 2);
      }
    }
  }

  void sameFileNeverDemonstratesTheQuery() {
    // Evaluating the pool itself (e.g. a K-shot train split): an example is never its own demonstration.
    auto r = demoRequest(8);
    r.data = pool();
    const auto cell = session_->evaluate(r);
    for (const auto& ex : cell.examples) {
      for (const auto& ids : ex.demos) QVERIFY(std::find(ids.begin(), ids.end(), ex.id) == ids.end());
    }
  }

  void clearErrors() {
    // A demonstration template without demonstrations.
    EvalRequest none;
    none.data = queries();
    none.templateText = kTemplate;
    none.verbalizerText = kVerbalizer;
    QVERIFY(errorOf(*session_, none).contains("has demonstrations but no demonstration source"));
    // Demonstrations asked for a template without a block.
    auto plain = demoRequest(2);
    plain.templateText = "{s} it was [MASK] .";
    QVERIFY(errorOf(*session_, plain).contains("has no demonstration block"));
    // No pool.
    auto empty = demoRequest(2);
    empty.demoPool = pwb::data::Dataset();
    QVERIFY(errorOf(*session_, empty).contains("no demonstration source"));
    // A class without a training example: named.
    auto onlyPos = demoRequest(2);
    onlyPos.demoPool = pwb::data::selectExamples(pool(), {"L1", "L3"});
    const QString noNeg = errorOf(*session_, onlyPos);
    QVERIFY2(noNeg.contains("neg"), qPrintable(noNeg));
    // Inputs that cannot fit even with every demonstration cut: the example is named.
    auto tight = demoRequest(2);
    tight.options.maxLength = 12;
    const QString fit = errorOf(*session_, tight);
    QVERIFY2(fit.contains("example L1"), qPrintable(fit));
    // Calibration and PET multi-mask scoring are refused with demonstrations.
    auto calibrated = demoRequest(2);
    calibrated.options.calibration = Calibration::ContentFree;
    QVERIFY(errorOf(*session_, calibrated).contains("calibration"));
    auto multi = demoRequest(2);
    multi.verbalizerText = "pos=great;neg=movies";
    multi.options.multiToken = MultiTokenMode::MultiMask;
    QVERIFY(errorOf(*session_, multi).contains("multi-mask"));
  }

  void gridSharesEncodingsOfVerbalizersWithTheSameDemoWords() {
    GridRequest g;
    g.templates = {kTemplate};
    g.verbalizers = {kVerbalizer, "pos=great,good;neg=terrible,bad", "pos=good;neg=bad"};
    g.demos.sampling = pwb::data::DemoSampling::Random;
    g.demos.sets = 3;
    EvalRun run{"seed 21", queries()};
    run.demoPool = pool();
    run.demoSeed = 21;
    g.runs.push_back(run);
    const auto grid = session_->runGrid(g);
    // Two distinct first-word pairs (great/terrible, good/bad): two encodings of 5 x 3 inputs.
    QCOMPARE(grid.timing.encodedExamples, int64_t(2 * 5 * 3));
    // The first cell equals evaluate() with the same request.
    const auto cell = session_->evaluate(demoRequest(3));
    for (size_t i = 0; i < cell.examples.size(); ++i) {
      QCOMPARE(grid.cells[0][0].runs[0].examples[i].demos, cell.examples[i].demos);
      QVERIFY(near(grid.cells[0][0].runs[0].examples[i].probs[1], cell.examples[i].probs[1], 1e-6));
    }
  }

  void cudaMatchesCpu() {
    if (!torch::cuda::is_available()) QSKIP("CUDA is not available");
    EvalSession gpu(kTiny, SessionOptions{"cuda", 1, false});
    const auto a = session_->evaluate(demoRequest(4));
    const auto b = gpu.evaluate(demoRequest(4));
    for (size_t i = 0; i < a.examples.size(); ++i) {
      QCOMPARE(b.examples[i].demos, a.examples[i].demos);
      for (size_t c = 0; c < 2; ++c) QVERIFY(near(a.examples[i].probs[c], b.examples[i].probs[c], 1e-4));
    }
  }
};

QTEST_GUILESS_MAIN(TestDemoEval)
#include "test_demo_eval.moc"
