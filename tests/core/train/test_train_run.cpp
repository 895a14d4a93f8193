// The request-level API on the tiny-bert fixture with small data files: a run on a worker thread with
// per-seed results and summary, recording into the run store, saving and resuming state (from the trainer's
// own folder and from core/export's bundle), examples far over the length / position limits, cancel in
// every phase (data encoding, a training step, the dev and test evaluations, the state save), errors and
// throwing callbacks reported without escaping the thread, presets, the schedule, the batch order and the
// safetensors writer.
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <future>
#include <map>
#include <thread>

#include "common/error.h"
#include "eval/eval_session.h"
#include "export/bundle.h"
#include "model/masked_lm.h"
#include "model/safetensors_reader.h"
#include "store/run_store.h"
#include "support/tiny_bert_data.h"
#include "tokenize/tokenizer.h"
#include "train/batch_order.h"
#include "train/lr_schedule.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/safetensors_writer.h"
#include "train/sweep.h"
#include "train/task_builder.h"
#include "train/training.h"

using namespace pwb::train;

namespace {

// Lines of about 300 tokens: far over tiny-bert's 64 positions.
void writeLongData(const std::string& path, int count) {
  std::ofstream out(path);
  for (int i = 0; i < count; ++i) {
    out << i % 2 << " the film is";
    for (int w = 0; w < 50; ++w) out << (i % 2 ? " very wonderful ." : " very boring .");
    out << "\n";
  }
}

struct Files {
  QTemporaryDir dir;
  std::string train, test;
  explicit Files(bool longLines = false) {
    train = dir.filePath("train.txt").toStdString();
    test = dir.filePath("test.txt").toStdString();
    if (longLines) {
      writeLongData(train, 16);
      writeLongData(test, 6);
    } else {
      pwb::test::writeTinyBertData(train, 40, 0);
      pwb::test::writeTinyBertData(test, 20, 1000);
    }
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TrainRequest tinyRequest(const Files& f) {
  TrainRequest r;
  r.modelDir = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
  r.trainPath = f.train;
  r.testPath = f.test;
  r.verbalizer = "0=bad;1=good";
  r.k = 4;
  r.seeds = {13, 21};
  r.steps = 6;
  r.batchSize = 4;
  r.evalEvery = 3;
  r.lr = 1e-3;
  r.device = "cpu";
  r.threads = 1;
  r.maxLength = 32;
  return r;
}

}  // namespace

class TestTrainRun : public QObject {
  Q_OBJECT

 private slots:
  void runsOnAWorkerThreadAndRecords() {
    Files f;
    auto r = tinyRequest(f);
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    r.outputDir = f.dir.filePath("states").toStdString();
    std::mutex m;
    std::set<std::thread::id> callbackThreads;
    int progress = 0, evals = 0;
    TrainCallbacks cb;
    cb.onProgress = [&](int, int total, double loss, double, double) {
      std::lock_guard<std::mutex> lock(m);
      callbackThreads.insert(std::this_thread::get_id());
      QCOMPARE(total, 6);
      QVERIFY(std::isfinite(loss));
      ++progress;
    };
    cb.onEval = [&](int, double acc) {
      std::lock_guard<std::mutex> lock(m);
      QVERIFY(acc >= 0.0 && acc <= 1.0);
      ++evals;
    };
    auto handle = startTraining(r, cb);
    const TrainResult& res = handle->join();
    QVERIFY(handle->finished());
    QCOMPARE(res.status, RunStatus::Finished);
    QCOMPARE(res.seeds.size(), size_t(2));
    QCOMPARE(progress, 12);
    QCOMPARE(evals, 4);
    QCOMPARE(callbackThreads.size(), size_t(1));
    QVERIFY(*callbackThreads.begin() != std::this_thread::get_id());
    std::vector<double> accs;
    for (const auto& s : res.seeds) {
      QVERIFY(s.hasTestAccuracy);
      QVERIFY(s.testAccuracy >= 0.0 && s.testAccuracy <= 1.0);
      QCOMPARE(s.losses.size(), size_t(6));
      QCOMPARE(s.devCurve.size(), size_t(2));
      QVERIFY(s.bestStep == 3 || s.bestStep == 6);
      QVERIFY(QFile::exists(QString::fromStdString(s.statePath + "/method.json")));
      accs.push_back(s.testAccuracy);
    }
    QCOMPARE(res.summary.runs, 2);
    QCOMPARE(res.summary.mean, (accs[0] + accs[1]) / 2);
    QCOMPARE(res.summary.populationStd, std::abs(accs[0] - accs[1]) / 2);

    pwb::store::RunStore store(r.dbPath);
    const auto runs = store.listRuns();
    QCOMPARE(runs.size(), size_t(2));
    for (const auto& run : runs) {
      QCOMPARE(run.status, pwb::store::RunStatus::Finished);
      QCOMPARE(run.method, std::string("prompt-ft"));
      QVERIFY(run.results.contains("test_accuracy"));
      QCOMPARE(store.runMetrics(run.id, "loss").size(), size_t(6));
      QCOMPARE(store.runMetrics(run.id, "dev_acc").size(), size_t(2));
      const auto evs = store.listEvaluations(run.id);
      QCOMPARE(evs.size(), size_t(1));
      QCOMPARE(evs[0].n, int64_t(20));
      QCOMPARE(evs[0].accuracy, run.results["test_accuracy"].get<double>());
      QCOMPARE(store.listArtifacts(run.id).size(), size_t(1));
    }

    // The saved state, evaluated without training, gives the same test accuracy.
    auto again = tinyRequest(f);
    again.seeds = {res.seeds[0].seed};
    again.steps = 0;
    again.resumeFrom = res.seeds[0].statePath;
    const auto resumed = runTraining(again);
    QCOMPARE(resumed.seeds.size(), size_t(1));
    QCOMPARE(resumed.seeds[0].testAccuracy, res.seeds[0].testAccuracy);
  }

  // PET's ensemble weight: the accuracy on the K-shot training examples before any step. For prompt-based
  // fine-tuning that is the pre-trained model with the PVP, i.e. what EvalSession gives for the same
  // template and verbalizer on the same sampled rows; it does not depend on how long the run trains; it is
  // in the run's results JSON; the [CLS]-head method has none. The test predictions are stored with their
  // class probabilities (one per label, summing to 1).
  void trainAccuracyBeforeIsTheUntrainedPvpOnTheKShotTrainSet() {
    Files f;
    auto r = tinyRequest(f);
    r.seeds = {13};
    r.k = 8;
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    const auto trained = runTraining(r);
    QCOMPARE(trained.status, RunStatus::Finished);
    QVERIFY(trained.seeds[0].hasTrainAccuracyBefore);

    const auto tok = pwb::tokenize::loadTokenizer(r.modelDir);
    const TaskBuilder task(r, *tok, "", 0);
    const auto split = task.sample(13);
    QCOMPARE(split.train.examples.size(), size_t(16));
    pwb::eval::EvalSession session(r.modelDir);
    pwb::eval::EvalRequest er;
    er.data = split.train;
    er.templateText = r.templateText;
    er.verbalizerText = r.verbalizer;
    const auto cell = session.evaluate(er);
    QCOMPARE(cell.metrics.count, 16);
    QCOMPARE(trained.seeds[0].trainAccuracyBefore, cell.metrics.accuracy);
    // An accuracy of k/16: a fraction, not a percentage.
    const double sixteenths = trained.seeds[0].trainAccuracyBefore * 16;
    QCOMPARE(sixteenths, std::round(sixteenths));

    auto longer = r;
    longer.steps = 12;
    longer.dbPath.clear();
    QCOMPARE(runTraining(longer).seeds[0].trainAccuracyBefore, trained.seeds[0].trainAccuracyBefore);

    pwb::store::RunStore store(r.dbPath);
    const auto run = store.getRun(std::stoll(trained.seeds[0].runId));
    QCOMPARE(run.results.at("train_accuracy_before").get<double>(), trained.seeds[0].trainAccuracyBefore);
    const auto ev = store.getEvaluation(store.listEvaluations(run.id).at(0).id);
    QCOMPARE(ev.predictions.size(), size_t(20));
    for (const auto& p : ev.predictions) {
      QCOMPARE(p.probabilities.size(), size_t(2));
      QVERIFY(std::abs(p.probabilities[0] + p.probabilities[1] - 1.0) < 1e-12);
      const size_t argmax = p.probabilities[1] > p.probabilities[0] ? 1 : 0;
      QCOMPARE(p.predicted, ev.labels[argmax]);
    }

    auto head = r;
    head.method = "fine-tune";
    head.dbPath = f.dir.filePath("head.sqlite").toStdString();
    const auto ft = runTraining(head);
    QCOMPARE(ft.status, RunStatus::Finished);
    QVERIFY(!ft.seeds[0].hasTrainAccuracyBefore);
    pwb::store::RunStore headStore(head.dbPath);
    QVERIFY(!headStore.getRun(std::stoll(ft.seeds[0].runId)).results.contains("train_accuracy_before"));
  }

  // --bf16 on the CPU trains with the model's bf16 matmuls (it used to fall back to fp32 with a log line):
  // the log says so, the losses follow the fp32 run's closely without being equal (the GEMM inputs are
  // rounded), the seed's run is recorded with bf16 on, and a frozen-model method trains too.
  void bf16OnTheCpuUsesBf16Matmuls_data() {
    QTest::addColumn<QString>("method");
    QTest::newRow("prompt-ft") << "prompt-ft";
    QTest::newRow("prompt-tuning") << "prompt-tuning";
  }
  void bf16OnTheCpuUsesBf16Matmuls() {
    QFETCH(QString, method);
    Files f;
    auto r = tinyRequest(f);
    r.method = method.toStdString();
    r.seeds = {13};
    const auto fp32 = runTraining(r);
    r.bf16 = true;
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    std::vector<std::string> log;
    TrainCallbacks cb;
    cb.onLog = [&](const std::string& line) { log.push_back(line); };
    const auto bf16 = runTraining(r, cb);
    QCOMPARE(bf16.status, RunStatus::Finished);
    QVERIFY(std::any_of(log.begin(), log.end(), [](const std::string& l) {
      return l.rfind("bf16 on the CPU: the encoder's matmuls in bf16", 0) == 0;
    }));
    const auto &a = fp32.seeds[0].losses, &b = bf16.seeds[0].losses;
    QCOMPARE(b.size(), a.size());
    double largest = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      QVERIFY(std::isfinite(b[i]));
      largest = std::max(largest, std::abs(double(a[i]) - b[i]));
    }
    QVERIFY2(largest > 0 && largest < 0.05, std::to_string(largest).c_str());
    pwb::store::RunStore store(r.dbPath);
    const auto run = store.getRun(std::stoll(bf16.seeds[0].runId));
    QVERIFY2(run.config.value("bf16", false), run.config.dump().c_str());
  }

  // The same on CUDA when there is one: the untrained PVP's accuracy and the stored test probabilities
  // (computed on the GPU, copied to the CPU in float64) agree with the CPU run.
  void trainAccuracyBeforeOnCuda() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device");
    Files f;
    auto r = tinyRequest(f);
    r.seeds = {13};
    r.k = 8;
    const auto cpu = runTraining(r);
    r.device = "cuda";
    const auto gpu = runTraining(r);
    QCOMPARE(gpu.status, RunStatus::Finished);
    QCOMPARE(gpu.device.substr(0, 4), std::string("cuda"));
    QVERIFY(gpu.seeds[0].hasTrainAccuracyBefore);
    QCOMPARE(gpu.seeds[0].trainAccuracyBefore, cpu.seeds[0].trainAccuracyBefore);
  }

  // Resuming from the state folder and from the bundle core/export made of it continue identically (same
  // losses bit for bit, same test accuracy), for a method that trains the model and for a frozen one; the
  // log says that only the weights are restored.
  void resumeFromBundleEqualsResumeFromState_data() {
    QTest::addColumn<QString>("method");
    QTest::newRow("prompt-ft") << "prompt-ft";
    QTest::newRow("p-tuning-v2") << "p-tuning-v2";
  }
  void resumeFromBundleEqualsResumeFromState() {
    QFETCH(QString, method);
    Files f;
    auto r = tinyRequest(f);
    r.method = method.toStdString();
    r.seeds = {13};
    r.outputDir = f.dir.filePath("states").toStdString();
    const auto first = runTraining(r);
    QCOMPARE(first.status, RunStatus::Finished);
    const std::string state = first.seeds[0].statePath;
    const std::string bundle = f.dir.filePath("bundle").toStdString();
    pwb::exporting::BundleRequest br;
    br.stateDir = state;
    pwb::exporting::writeBundle(br, bundle);

    std::vector<SeedResult> resumed;
    for (const auto& from : {state, bundle}) {
      auto again = tinyRequest(f);
      again.method = r.method;
      again.seeds = {21};
      again.steps = 4;
      again.resumeFrom = from;
      std::vector<std::string> log;
      TrainCallbacks cb;
      cb.onLog = [&](const std::string& line) { log.push_back(line); };
      const auto res = runTraining(again, cb);
      QCOMPARE(res.status, RunStatus::Finished);
      int notices = 0;
      for (const auto& line : log) notices += contains(line, "restores its trained weights only");
      QCOMPARE(notices, 1);
      resumed.push_back(res.seeds[0]);
    }
    QCOMPARE(resumed[0].losses.size(), size_t(4));
    QVERIFY(resumed[0].losses == resumed[1].losses);
    QCOMPARE(resumed[0].testAccuracy, resumed[1].testAccuracy);
    QCOMPARE(resumed[0].devCurve, resumed[1].devCurve);

    // Without steps both only evaluate, and give the trained run's test accuracy.
    for (const auto& from : {state, bundle}) {
      auto eval = tinyRequest(f);
      eval.method = r.method;
      eval.seeds = {13};
      eval.steps = 0;
      eval.resumeFrom = from;
      QCOMPARE(runTraining(eval).seeds[0].testAccuracy, first.seeds[0].testAccuracy);
    }
  }

  // The request API: --stop-after saves a resumable state in the output folder (the run ends cancelled,
  // saying where), --resume from it continues to the same losses, dev curve and test accuracy as the run
  // that never stopped; resuming it with another seed is refused.
  void stopAfterAndResumeEqualsUninterrupted() {
    Files f;
    auto r = tinyRequest(f);
    r.method = "fine-tune";
    r.seeds = {13};
    r.steps = 8;
    r.evalEvery = 3;
    const auto whole = runTraining(r);
    QCOMPARE(whole.status, RunStatus::Finished);

    auto stop = r;
    stop.stopAfterStep = 4;
    stop.outputDir = f.dir.filePath("states").toStdString();
    const auto part = runTraining(stop);
    QCOMPARE(part.status, RunStatus::Cancelled);
    QCOMPARE(part.seeds[0].stepsDone, 4);
    QVERIFY(!part.seeds[0].hasTestAccuracy);
    const std::string state = part.seeds[0].statePath;
    QVERIFY2(contains(part.seeds[0].message, state), part.seeds[0].message.c_str());
    QVERIFY(QFile::exists(QString::fromStdString(state + "/trainer.json")));

    auto resume = r;
    resume.resumeFrom = state;
    std::vector<std::string> log;
    TrainCallbacks cb;
    cb.onLog = [&](const std::string& line) { log.push_back(line); };
    const auto rest = runTraining(resume, cb);
    QCOMPARE(rest.status, RunStatus::Finished);
    QVERIFY(rest.seeds[0].losses == whole.seeds[0].losses);
    QCOMPARE(rest.seeds[0].devCurve, whole.seeds[0].devCurve);
    QCOMPARE(rest.seeds[0].testAccuracy, whole.seeds[0].testAccuracy);
    int notices = 0;
    for (const auto& line : log) notices += contains(line, "continues where it stopped");
    QCOMPARE(notices, 1);

    resume.seeds = {21};
    try {
      runTraining(resume);
      QFAIL("a stopped seed-13 run resumed as seed 21");
    } catch (const pwb::Error& e) {
      QVERIFY2(contains(e.what(), "seed 13"), e.what());
    }
  }

  // Examples of ~300 tokens with max length 128 on tiny-bert (64 positions): every method trains and tests
  // without a position error; the rendered inputs fit the model with the [MASK] kept (only the sentence is
  // cut), soft tokens inserted after [CLS] included, P-tuning v2's prefix positions included.
  void longExamplesFitThePositions_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("templateText");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QString>("modelName");
    for (const auto& n : methodNames()) {
      const QString m = QString::fromStdString(n);
      QTest::newRow((n + " 128").c_str()) << m << "{s} it was [MASK] ." << 128 << "tiny-bert";
      QTest::newRow((n + " 24").c_str()) << m << "{s} it was [MASK] ." << 24 << "tiny-bert";
    }
    QTest::newRow("prompt-tuning slots") << "prompt-tuning"
                                         << "[SOFT*3] {s} it was [MASK] ." << 128 << "tiny-bert";
    QTest::newRow("p-tuning slots") << "p-tuning"
                                    << "[P] {s} [P*2] it was [MASK] ." << 128 << "tiny-bert";
    // RoBERTa numbers positions from pad_token_id + 1 (66 rows, 64 usable).
    QTest::newRow("p-tuning-v2 roberta") << "p-tuning-v2"
                                         << "{s} it was [MASK] ." << 128 << "tiny-roberta";
    QTest::newRow("prompt-tuning roberta") << "prompt-tuning"
                                           << "{s} it was [MASK] ." << 128 << "tiny-roberta";
  }
  void longExamplesFitThePositions() {
    QFETCH(QString, method);
    QFETCH(QString, templateText);
    QFETCH(int, maxLength);
    QFETCH(QString, modelName);
    Files f(true);
    auto r = tinyRequest(f);
    r.modelDir = std::string(PWB_REFERENCE_DIR) + "/fixtures/" + modelName.toStdString();
    r.method = method.toStdString();
    r.templateText = templateText.toStdString();
    r.maxLength = maxLength;
    r.seeds = {13};
    r.steps = 2;
    r.batchSize = 2;
    r.options.numSoftTokens = 6;
    r.options.prefixLength = 10;
    r.options.encoderHiddenSize = 16;
    const auto res = runTraining(r);
    QVERIFY2(res.status == RunStatus::Finished, res.message.c_str());
    QVERIFY(res.seeds[0].hasTestAccuracy);

    auto tok = pwb::tokenize::loadTokenizer(r.modelDir);
    auto model = pwb::model::MaskedLM::load(r.modelDir);
    const auto& mc = model->config();
    const int positions = static_cast<int>(mc.usableTokens());
    QCOMPARE(positions, 64);
    const auto& d = findMethod(r.method);
    const TaskBuilder task(r, *tok, d.slotKind, positions);
    MethodContext ctx;
    ctx.model = model.get();
    ctx.tokenizer = tok.get();
    ctx.labelTokenIds = task.labelTokenIds();
    ctx.options = r.options;
    if (task.templateSlots() > 0) ctx.options.numSoftTokens = task.templateSlots();
    ctx.maskTokenId = tok->special().maskId;
    ctx.unkTokenId = tok->special().unkId;
    const auto built = d.create(ctx);
    const int prefix = r.method == "p-tuning-v2" ? r.options.prefixLength : 0;
    auto examples = task.encodeAll(task.trainSource());
    std::vector<const EncodedInput*> inputs;
    for (auto& ex : examples) {
      built->adaptInput(ex.prompt);
      const EncodedInput& in = built->usesPrompt() ? ex.prompt : ex.plain;
      const int n = static_cast<int>(in.ids.size());
      QVERIFY2(n <= maxLength, qPrintable(QString("%1 tokens").arg(n)));
      QVERIFY2(n + prefix <= positions, qPrintable(QString("%1 tokens + %2 prefix").arg(n).arg(prefix)));
      QVERIFY(n >= std::min(maxLength, positions - prefix) - 1);  // cut to the budget, not far below it
      QCOMPARE(in.ids.back(), tok->special().sepId);
      if (r.method != "fine-tune") {
        QVERIFY(in.maskPos > 0 && in.maskPos < n);
        QCOMPARE(in.ids[static_cast<size_t>(in.maskPos)], tok->special().maskId);
      }
      int slotCount = 0;
      for (int64_t slot : in.slotIds) slotCount += slot >= 0;
      QCOMPARE(slotCount, d.slotKind.empty() ? 0 : ctx.options.numSoftTokens);
      inputs.push_back(&in);
    }
    // The longest batch through the model: no position error, the attention mask covers every token.
    const auto batch = collate(inputs, std::vector<int>(inputs.size(), 0), 0, torch::kCPU);
    QCOMPARE(batch.attentionMask.sum().item<int64_t>(), [&] {
      int64_t total = 0;
      for (const auto* in : inputs) total += static_cast<int64_t>(in->ids.size());
      return total;
    }());
    torch::NoGradGuard noGrad;
    QCOMPARE(built->logits(batch).size(0), static_cast<int64_t>(inputs.size()));
  }

  // A prefix or soft-token count that leaves no room for the prompt is refused with the reason.
  void positionBudgetTooSmallIsAnError() {
    Files f;
    auto r = tinyRequest(f);
    r.method = "p-tuning-v2";
    r.maxLength = 128;
    r.options.prefixLength = 60;
    try {
      runTraining(r);
      QFAIL("a 60-token prefix on a 64-position model must be refused");
    } catch (const pwb::Error& e) {
      QVERIFY2(contains(e.what(), "64 positions") && contains(e.what(), "60 prefix"), e.what());
    }
  }

  void softPromptRunWithTemplateSlots() {
    Files f;
    auto r = tinyRequest(f);
    r.method = "prompt-tuning";
    r.templateText = "[SOFT*3] {s} it was [MASK] .";
    r.options.init = "vocab-sample";
    r.lr = 3e-2;
    r.seeds = {42};
    const auto res = runTraining(r);
    QCOMPARE(res.status, RunStatus::Finished);
    QVERIFY(res.seeds[0].hasTestAccuracy);
  }

  void cancelThroughTheHandle() {
    Files f;
    auto r = tinyRequest(f);
    r.steps = 100000;
    std::promise<void> started;
    std::atomic<bool> once{false};
    TrainCallbacks cb;
    cb.onProgress = [&](int, int, double, double, double) {
      if (!once.exchange(true)) started.set_value();
    };
    auto handle = startTraining(r, cb);
    started.get_future().wait();
    handle->cancel();
    const auto& res = handle->join();
    QCOMPARE(res.status, RunStatus::Cancelled);
    QCOMPARE(res.seeds.size(), size_t(1));  // the second seed never starts
    QCOMPARE(res.seeds[0].status, RunStatus::Cancelled);
    QVERIFY(!res.seeds[0].hasTestAccuracy);
    QVERIFY(res.seeds[0].stepsDone >= 1 && res.seeds[0].stepsDone < 100000);
  }

  // Cancel in each phase of a run: while the data is encoded, while a seed's split is encoded, between
  // training steps, inside the dev evaluation, inside the test evaluation, and while the state is saved.
  // The run ends "cancelled" (never throws) with what it had; the seed after it never starts; no state is
  // left half-written and the run store keeps no run "running".
  void cancelInEveryPhase_data() {
    QTest::addColumn<QString>("phase");
    for (const char* p : {"data", "seed data", "step", "dev", "test", "save"}) QTest::newRow(p) << p;
  }
  void cancelInEveryPhase() {
    QFETCH(QString, phase);
    const std::string ph = phase.toStdString();
    Files f;
    auto r = tinyRequest(f);  // seeds 13 and 21, 6 steps, dev every 3
    r.evalBatchSize = 2;      // several dev/test batches
    r.outputDir = f.dir.filePath("states").toStdString();
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    std::atomic<bool> cancel{ph == "data"};
    TrainCallbacks cb;
    cb.onSeedStart = [&](int, int64_t) {
      if (ph == "seed data") cancel = true;
    };
    cb.onProgress = [&](int step, int, double, double, double) {
      if ((ph == "step" && step == 2) || (ph == "dev" && step == 3)) cancel = true;
    };
    cb.onEval = [&](int step, double) {
      if (ph == "test" && step == 6) cancel = true;
    };
    cb.onLog = [&](const std::string& line) {
      if (ph == "save" && line.rfind("saving the trained state", 0) == 0) cancel = true;
    };
    const auto res = runTraining(r, cb, &cancel);
    QCOMPARE(res.status, RunStatus::Cancelled);
    if (ph == "data") {
      QVERIFY(res.seeds.empty());
      QVERIFY2(contains(res.message, "encoding the data"), res.message.c_str());
      return;
    }
    QCOMPARE(res.seeds.size(), size_t(1));  // seed 21 never starts
    const auto& seed = res.seeds[0];
    if (ph == "save") {
      // The state being written when the cancel came is complete, and the seed's results stand.
      QCOMPARE(seed.status, RunStatus::Finished);
      QVERIFY(seed.hasTestAccuracy);
      QCOMPARE(readStateInfo(seed.statePath)["method"].get<std::string>(), std::string("prompt-ft"));
      QVERIFY(QFile::exists(QString::fromStdString(seed.statePath + "/model.safetensors")));
      QVERIFY2(contains(res.message, "before seed 21"), res.message.c_str());
    } else {
      QCOMPARE(seed.status, RunStatus::Cancelled);
      QVERIFY(!seed.hasTestAccuracy);
      QVERIFY(seed.statePath.empty());
      QVERIFY(!QFile::exists(f.dir.filePath("states")));
      const std::map<std::string, std::pair<int, std::string>> expect = {
          {"seed data", {0, "encoding the seed's examples"}},
          {"step", {2, "cancelled after step 2"}},
          {"dev", {3, "dev evaluation at step 3"}},
          {"test", {6, "test evaluation"}}};
      QCOMPARE(seed.stepsDone, expect.at(ph).first);
      QVERIFY2(contains(seed.message, expect.at(ph).second), seed.message.c_str());
    }
    pwb::store::RunStore store(r.dbPath);
    for (const auto& run : store.listRuns()) {
      QCOMPARE(run.status, ph == "save" ? pwb::store::RunStatus::Finished : pwb::store::RunStatus::Cancelled);
    }
  }

  // A callback that throws on the worker (a std::exception, a pwb::Error, anything else) fails the run with
  // its message: nothing escapes the thread, join() returns, and the recorded run is marked failed.
  void throwingCallbackFailsTheRun_data() {
    QTest::addColumn<QString>("kind");
    for (const char* k : {"std", "pwb", "other"}) QTest::newRow(k) << k;
  }
  void throwingCallbackFailsTheRun() {
    QFETCH(QString, kind);
    const std::string k = kind.toStdString();
    Files f;
    auto r = tinyRequest(f);
    r.seeds = {13};
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    TrainCallbacks cb;
    cb.onProgress = [k](int step, int, double, double, double) {
      if (step != 2) return;
      if (k == "std") throw std::runtime_error("callback broke");
      if (k == "pwb") throw pwb::Error("callback broke");
      throw 42;
    };
    auto handle = startTraining(r, cb);
    const auto& res = handle->join();
    QVERIFY(handle->finished());
    QCOMPARE(res.status, RunStatus::Failed);
    QVERIFY2(contains(res.message, k == "other" ? "unknown error" : "callback broke"), res.message.c_str());
    pwb::store::RunStore store(r.dbPath);
    const auto runs = store.listRuns();
    QCOMPARE(runs.size(), size_t(1));
    QCOMPARE(runs[0].status, pwb::store::RunStatus::Failed);
  }

  // In a sweep on its worker, a request whose callback throws something that is not even a std::exception
  // fails alone: the next request runs and both results are kept.
  void sweepSurvivesAThrowingCallback() {
    Files f;
    auto r = tinyRequest(f);
    r.seeds = {13};
    SweepCallbacks cb;
    std::atomic<int> runIndex{-1};
    cb.onRunStart = [&](int index, const TrainRequest&) { runIndex = index; };
    cb.run.onProgress = [&](int step, int, double, double, double) {
      if (runIndex == 0 && step == 2) throw 42;
    };
    auto handle = startSweep(methodSweep(r, {"prompt-ft", "fine-tune"}), cb);
    const auto& results = handle->join();
    QCOMPARE(results.size(), size_t(2));
    QCOMPARE(results[0].status, RunStatus::Failed);
    QVERIFY2(contains(results[0].message, "unknown error"), results[0].message.c_str());
    QCOMPARE(results[1].status, RunStatus::Finished);
    QVERIFY(results[1].seeds[0].hasTestAccuracy);
  }

  void errorsStayInTheResult() {
    Files f;
    auto r = tinyRequest(f);
    r.trainPath = f.dir.filePath("missing.txt").toStdString();
    QVERIFY_THROWS_EXCEPTION(pwb::Error, runTraining(r));
    auto handle = startTraining(r, {});
    const auto& res = handle->join();
    QCOMPARE(res.status, RunStatus::Failed);
    QVERIFY2(res.message.find("missing.txt") != std::string::npos, res.message.c_str());

    auto bad = tinyRequest(f);
    bad.method = "prompt-magic";
    try {
      runTraining(bad);
      QFAIL("an unknown method must throw");
    } catch (const pwb::Error& e) {
      QVERIFY(std::string(e.what()).find("p-tuning-v2") != std::string::npos);  // lists the known ones
    }
    auto soft = tinyRequest(f);
    soft.templateText = "[SOFT*2] {s} it was [MASK] .";  // prompt-ft has no vectors to put there
    QVERIFY_THROWS_EXCEPTION(pwb::Error, runTraining(soft));

    const auto sweep = runSweep(methodSweep(bad, {"fine-tune", "nope"}));
    QCOMPARE(sweep.size(), size_t(2));
    QCOMPARE(sweep[0].status, RunStatus::Finished);
    QCOMPARE(sweep[1].status, RunStatus::Failed);
  }

  void presets() {
    TrainRequest r;
    r.method = "prompt-tuning";
    applyPreset("demo", r);
    QCOMPARE(r.steps, 250);
    QCOMPARE(r.batchSize, 8);
    QCOMPARE(r.evalEvery, 50);
    QCOMPARE(r.lr, 3e-2);
    r.method = "fine-tune";
    applyPreset("demo", r);
    QCOMPARE(r.lr, 1e-4);
    applyPreset("lmbff", r);
    QCOMPARE(r.steps, 1000);
    QCOMPARE(r.lrGrid.size() * r.batchGrid.size(), size_t(9));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, applyPreset("lester", r));  // prompt tuning only
    QVERIFY_THROWS_EXCEPTION(pwb::Error, applyPreset("fast", r));
  }

  void linearSchedule() {
    QCOMPARE(linearScheduleFactor(0, 10, 0), 1.0);
    QCOMPARE(linearScheduleFactor(5, 10, 0), 0.5);
    QCOMPARE(linearScheduleFactor(9, 10, 0), 0.1);
    QCOMPARE(linearScheduleFactor(0, 10, 2), 0.0);
    QCOMPARE(linearScheduleFactor(1, 10, 2), 0.5);
    QCOMPARE(linearScheduleFactor(2, 10, 2), 1.0);
    QCOMPARE(linearScheduleFactor(6, 10, 2), 0.5);
  }

  void batchOrderIsSeededEpochs() {
    BatchOrder a(10, 42), b(10, 42), c(10, 43);
    const auto first = a.next(10);
    QCOMPARE(std::set<size_t>(first.begin(), first.end()).size(), size_t(10));  // one epoch = a permutation
    QCOMPARE(b.next(10), first);
    QVERIFY(c.next(10) != first);
    const auto second = a.next(10);
    QVERIFY(second != first);
    QCOMPARE(std::set<size_t>(second.begin(), second.end()).size(), size_t(10));
  }

  void safetensorsRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.safetensors").toStdString();
    const auto a = torch::arange(6, torch::kFloat).view({2, 3});
    const auto b = torch::tensor({1.5f, -2.0f, 3.25f}).to(torch::kHalf);
    writeSafetensors(path, {{"prompt_embeddings", a}, {"head.bias", b}}, {{"method", "x"}});
    std::ifstream in(path, std::ios::binary);
    unsigned char len[8];
    in.read(reinterpret_cast<char*>(len), 8);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | len[i];
    QCOMPARE(n % 8, uint64_t(0));
    pwb::model::SafetensorsFile file(path);
    QCOMPARE(file.metadata().at("method"), std::string("x"));
    QCOMPARE(file.find("head.bias")->dtype, pwb::model::StoredDtype::F32);
    const auto back = readSafetensors(path);
    QVERIFY(torch::equal(back.at("prompt_embeddings"), a));
    QVERIFY(torch::equal(back.at("head.bias"), b.to(torch::kFloat)));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, writeSafetensors(path, {{"x", a}, {"x", a}}));
  }
};

QTEST_GUILESS_MAIN(TestTrainRun)
#include "test_train_run.moc"
