// Knowledge-probing training (TrainRequest::task "probe", train/probe_task.h) on the tiny-bert fixture:
// the loss is the cross-entropy over the whole vocabulary at [MASK] (against the fixture's own unbatched
// log-softmax), answers out of the vocabulary are reported by line, and a short prompt-ft run raises test
// P@1 over the zero-shot probe of the same template, with P@1 / P@10 / MRR recorded in the run store and
// the stored top-1 predictions giving back the recorded P@1.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "eval/eval_session.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "probe/probe_eval.h"
#include "probe/probe_import.h"
#include "probe_test_data.h"
#include "store/run_store.h"
#include "tokenize/tokenizer.h"
#include "train/batch.h"
#include "train/method_registry.h"
#include "train/probe_task.h"
#include "train/probe_training.h"
#include "train/training.h"

using namespace pwb;
using namespace pwb::train;
using probe::testing::kTemplate;
using probe::testing::kTinyBert;

namespace {

using Facts = std::vector<std::pair<std::string, std::string>>;

// Every answer is one token of tiny-bert's vocabulary.
const Facts kFacts = {{"france", "paris"}, {"china", "shanghai"},  {"disney", "films"},
                      {"news", "world"},   {"sports", "business"}, {"science", "question"}};

void writeFacts(const std::string& path, const Facts& facts) {
  std::ofstream out(path);
  for (const auto& [s, o] : facts) out << R"({"sub_label": ")" << s << R"(", "obj_label": ")" << o << "\"}\n";
}

TrainRequest probeRequest(const QTemporaryDir& dir, const std::string& method) {
  TrainRequest r;
  r.task = "probe";
  r.method = method;
  r.modelDir = kTinyBert;
  r.templateText = kTemplate;
  r.trainPath = dir.filePath("train.jsonl").toStdString();
  r.devPath = r.trainPath;
  r.testPath = r.trainPath;
  writeFacts(r.trainPath, kFacts);
  r.seeds = {13};
  // 100 steps: 30 left most seeds at 1 fact of 6 (13 seeds: mean P@1 0.17-0.19, with the dropout draws of
  // before and after issue 20); after 100, every one of 13 seeds is at 4 of 6 or better.
  r.steps = 100;
  r.batchSize = 3;
  r.evalEvery = 10;
  r.lr = 3e-3;
  r.device = "cpu";
  r.threads = 1;
  r.maxLength = 32;
  return r;
}

}  // namespace

class TestProbeTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void lossIsCrossEntropyOverTheWholeVocabulary() {
    QTemporaryDir dir;
    TrainRequest r = probeRequest(dir, "prompt-ft");
    // Subjects of different lengths: the batch is padded.
    writeFacts(r.trainPath, {{"france", "paris"}, {"west world", "shanghai"}, {"disney", "films"}});
    auto tok = tokenize::loadTokenizer(kTinyBert);
    auto model = model::MaskedLM::load(kTinyBert);
    const ProbeTask task(r, *tok, "", static_cast<int>(model->config().usableTokens()));
    const auto& ex = task.train().examples;
    QCOMPARE(ex.size(), size_t(3));
    QCOMPARE(int64_t(ex[0].label), tok->tokenToId("paris"));
    MethodContext ctx;
    ctx.model = model.get();
    ctx.tokenizer = tok.get();
    ctx.maskTokenId = tok->special().maskId;
    auto method = findMethod("prompt-ft").create(ctx);  // no label words: the whole vocabulary
    method->train(false);                               // no dropout
    const Batch batch =
        collate({&ex[0].prompt, &ex[1].prompt, &ex[2].prompt}, {ex[0].label, ex[1].label, ex[2].label},
                model::paddingId(tok->special().padId, model->config()), torch::kCPU);
    torch::NoGradGuard ng;
    QCOMPARE(method->logits(batch).size(1), model->config().vocabSize);
    const double loss = method->loss(batch, nullptr).item<double>();
    // By hand: the mean over the facts of -log p(answer) from the fixture's own log-softmax over the
    // vocabulary, one prompt at a time without padding.
    double hand = 0;
    const Facts facts = {{"france", "paris"}, {"west world", "shanghai"}, {"disney", "films"}};
    for (const auto& [subject, answer] : facts)
      hand -= probe::testing::handLogProbs(subject)[tok->tokenToId(answer)].item<double>();
    hand /= 3.0;
    QVERIFY2(std::abs(loss - hand) < 1e-5, (std::to_string(loss) + " vs " + std::to_string(hand)).c_str());
    QVERIFY(hand > 1.0);  // a real loss, not a degenerate 0
  }

  // The whole-vocabulary scoring on CUDA gives the CPU's ranks (skipped without CUDA).
  void cudaScoringMatchesCpu() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device");
    QTemporaryDir dir;
    const TrainRequest r = probeRequest(dir, "prompt-ft");
    auto tok = tokenize::loadTokenizer(kTinyBert);
    std::vector<std::vector<int64_t>> ranks;
    for (const char* device : {"cpu", "cuda"}) {
      model::LoadOptions lo;
      lo.device = device;
      auto model = model::MaskedLM::load(kTinyBert, lo);
      const ProbeTask task(r, *tok, "", static_cast<int>(model->config().usableTokens()));
      MethodContext ctx;
      ctx.model = model.get();
      ctx.tokenizer = tok.get();
      ctx.device = torch::Device(device);
      ctx.maskTokenId = tok->special().maskId;
      auto method = findMethod("prompt-ft").create(ctx);
      ranks.push_back(scoreProbe(*method, task.test().examples, 4,
                                 model::paddingId(tok->special().padId, model->config()))
                          .ranks);
    }
    QCOMPARE(ranks[0].size(), kFacts.size());
    QCOMPARE(ranks[1], ranks[0]);
  }

  void answersOutOfTheVocabularyAreReportedByLine() {
    QTemporaryDir dir;
    TrainRequest r = probeRequest(dir, "prompt-ft");
    r.testPath = dir.filePath("test.jsonl").toStdString();
    // Line 2: "zoo" has no 'z' in tiny-bert's vocabulary ([UNK]); line 3: "wonderland" is several pieces;
    // line 4: no answer at all.
    std::ofstream(r.testPath) << R"({"sub_label": "france", "obj_label": "paris"})"
                              << "\n"
                              << R"({"sub_label": "news", "obj_label": "zoo"})"
                              << "\n"
                              << R"({"sub_label": "china", "obj_label": "wonderland"})"
                              << "\n"
                              << R"({"sub_label": "disney"})"
                              << "\n";
    auto tok = tokenize::loadTokenizer(kTinyBert);
    const ProbeTask task(r, *tok, "", 512);
    QCOMPARE(task.test().examples.size(), size_t(1));
    QCOMPARE(task.test().rows, size_t(3));
    std::string notes;
    for (const auto& n : task.notes()) notes += n + "\n";
    QVERIFY2(notes.find("1 answers are out of the vocabulary (the unknown token): skipped: line 2 'zoo'") !=
                 std::string::npos,
             notes.c_str());
    QVERIFY2(notes.find("1 answers are not one token of the vocabulary: skipped (LAMA's convention): line 3 "
                        "'wonderland'") != std::string::npos,
             notes.c_str());
    QVERIFY2(notes.find("1 rows of the test file skipped") != std::string::npos, notes.c_str());
    QVERIFY2(notes.find("test.jsonl:4:") != std::string::npos, notes.c_str());
    // First-piece mode keeps line 3, scored by its first piece.
    r.multiPieceAnswers = "first-piece";
    const ProbeTask firstPiece(r, *tok, "", 512);
    QCOMPARE(firstPiece.test().examples.size(), size_t(2));
    QVERIFY(firstPiece.test().firstPiece[1]);
    // A test file with no answer the vocabulary has is refused, naming the file.
    std::ofstream(r.testPath) << R"({"sub_label": "news", "obj_label": "zoo"})"
                              << "\n";
    try {
      ProbeTask bad(r, *tok, "", 512);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("test.jsonl") != std::string::npos, e.what());
    }
  }

  // A TSV with a header: the answer column named by TrainRequest::targetColumn, the other column the field.
  void answerColumnByName() {
    QTemporaryDir dir;
    TrainRequest r = probeRequest(dir, "prompt-ft");
    r.templateText = "the capital of {country} is [MASK] .";
    r.trainPath = dir.filePath("facts.tsv").toStdString();
    r.devPath = r.trainPath;
    r.testPath = r.trainPath;
    std::ofstream(r.trainPath) << "country\tcapital\nfrance\tparis\nchina\tshanghai\n";
    r.targetColumn = "capital";
    validateRequest(r);
    auto tok = tokenize::loadTokenizer(kTinyBert);
    const ProbeTask task(r, *tok, "", 512);
    QCOMPARE(task.test().examples.size(), size_t(2));
    QCOMPARE(int64_t(task.test().examples[1].label), tok->tokenToId("shanghai"));
    QCOMPARE(task.test().answers[0], std::string("paris"));
    // A target column stays refused for classification.
    r.task = "classification";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
  }

  void requestsTheTaskCannotTrainAreRefused() {
    QTemporaryDir dir;
    TrainRequest r = probeRequest(dir, "fine-tune");
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.method = "prompt-ft";
    r.devPath.clear();
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.devPath = r.trainPath;
    r.multiPieceAnswers = "all";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.multiPieceAnswers = "skip";
    r.method = "prompt-tuning";
    r.options.init = "label-words";
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    r.options.init = "vocab-sample";
    validateRequest(r);
  }

  void shortPromptFtRunRaisesP1AndIsRecorded() {
    QTemporaryDir dir;
    TrainRequest r = probeRequest(dir, "prompt-ft");
    r.dbPath = dir.filePath("runs.sqlite").toStdString();
    // Zero-shot P@1 of the same template (core/probe's evaluation).
    eval::EvalSession session(kTinyBert);
    probe::ProbeRequest pr;
    pr.data = probe::importProbeSet(r.testPath).data;
    pr.templateText = kTemplate;
    const auto before = probe::runProbe(session, pr);
    QCOMPARE(before.metrics.count, size_t(6));

    std::string log;
    TrainCallbacks cb;
    cb.onLog = [&](const std::string& s) { log += s + "\n"; };
    std::vector<double> evals;
    cb.onEval = [&](int, double p1) { evals.push_back(p1); };
    const auto res = runTraining(r, cb);
    QCOMPARE(res.status, RunStatus::Finished);
    QCOMPARE(res.seeds.size(), size_t(1));
    const auto& s = res.seeds[0];
    QVERIFY(s.hasTestAccuracy);
    QCOMPARE(s.losses.size(), size_t(100));
    QCOMPARE(evals.size(), size_t(10));
    QVERIFY2(
        s.testAccuracy > before.metrics.p1 + 0.3,
        (std::to_string(before.metrics.p1) + " -> " + std::to_string(s.testAccuracy) + "\n" + log).c_str());
    qInfo("zero-shot P@1 %.4f, after 100 prompt-ft steps %.4f", before.metrics.p1, s.testAccuracy);
    QVERIFY2(log.find("test P@1") != std::string::npos, log.c_str());
    QCOMPARE(res.summary.mean, s.testAccuracy);

    store::RunStore store(r.dbPath);
    const auto runs = store.listRuns();
    QCOMPARE(runs.size(), size_t(1));
    const auto& run = runs[0];
    QCOMPARE(run.method, std::string("prompt-ft"));
    QCOMPARE(run.config["task"].get<std::string>(), std::string("probe"));
    QCOMPARE(run.config["dev"].get<std::string>(), r.devPath);
    QVERIFY(!run.verbalizerId.has_value());
    QCOMPARE(run.results["test_p_at_1"].get<double>(), s.testAccuracy);
    QVERIFY(run.results.contains("test_p_at_10") && run.results.contains("test_mrr"));
    QVERIFY(run.results["test_p_at_10"].get<double>() >= s.testAccuracy);
    QVERIFY(run.results["test_mrr"].get<double>() >= s.testAccuracy);
    QCOMPARE(run.results["best_dev_p_at_1"].get<double>(), s.bestDevAccuracy);
    QVERIFY(!run.results.contains("test_accuracy"));
    QCOMPARE(store.runMetrics(run.id, "dev_p_at_1").size(), size_t(10));
    QCOMPARE(store.runMetrics(run.id, "dev_acc").size(), size_t(0));
    QCOMPARE(store.runMetrics(run.id, "loss").size(), size_t(100));
    const auto evs = store.listEvaluations(run.id);
    QCOMPARE(evs.size(), size_t(1));
    QCOMPARE(evs[0].metrics["task"].get<std::string>(), std::string("probe"));
    QVERIFY(!evs[0].metrics.contains("confusion"));
    QVERIFY(evs[0].labels.empty());
    const auto ev = store.getEvaluation(evs[0].id);
    QCOMPARE(ev.predictions.size(), size_t(6));
    // The stored top-1 tokens give back the recorded P@1.
    int hits = 0;
    for (const auto& p : ev.predictions) hits += p.predicted == *p.gold ? 1 : 0;
    QCOMPARE(hits / 6.0, s.testAccuracy);
    QCOMPARE(ev.predictions[0].exampleId, std::string("L1"));
    QCOMPARE(*ev.predictions[0].gold, std::string("paris"));
  }

  void promptTuningAndPTuningTrainTheWholeVocabularyTarget() {
    for (const std::string m : {"prompt-tuning", "p-tuning"}) {
      QTemporaryDir dir;
      TrainRequest r = probeRequest(dir, m);
      r.steps = 2;
      r.evalEvery = 1;
      r.lr = 1e-2;
      r.options.numSoftTokens = 2;
      r.options.encoder = "mlp";
      r.dbPath = dir.filePath("runs.sqlite").toStdString();
      const auto res = runTraining(r);
      QCOMPARE(res.status, RunStatus::Finished);
      QVERIFY(res.seeds[0].hasTestAccuracy);
      for (float l : res.seeds[0].losses) QVERIFY(std::isfinite(l) && l > 0);
      store::RunStore store(r.dbPath);
      const auto run = store.listRuns().at(0);
      QCOMPARE(run.method, m);
      QVERIFY(run.results.contains("test_mrr"));
      // A prompt-only method's state is kept in the project (no output folder given).
      QCOMPARE(store.listArtifacts(run.id).size(), size_t(1));
    }
  }
};

QTEST_GUILESS_MAIN(TestProbeTraining)
#include "test_probe_training.moc"
