// The request-level API on the tiny-bert fixture with small data files: a run on a worker thread with
// per-seed results and summary, recording into the run store, saving and resuming state, cancel through
// the handle, errors reported without escaping the thread, presets, the schedule, the batch order and
// the safetensors writer.
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <future>
#include <thread>

#include "common/error.h"
#include "model/safetensors_reader.h"
#include "store/run_store.h"
#include "train/batch_order.h"
#include "train/lr_schedule.h"
#include "train/safetensors_writer.h"
#include "train/sweep.h"
#include "train/training.h"

using namespace pwb::train;

namespace {

// Label-space lines ("1 the film is wonderful .") in tiny-bert's vocabulary.
void writeData(const std::string& path, int count, int offset) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  const char* positive[] = {"wonderful", "great", "like"};
  const char* negative[] = {"terrible", "boring"};
  std::ofstream out(path);
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const int label = i % 2;
    out << label << " the " << subjects[i % 4] << " is " << ((i / 2) % 2 ? "very " : "")
        << (label ? positive[(i / 2) % 3] : negative[(i / 2) % 2]) << " .\n";
  }
}

struct Files {
  QTemporaryDir dir;
  std::string train, test;
  Files() {
    train = dir.filePath("train.txt").toStdString();
    test = dir.filePath("test.txt").toStdString();
    writeData(train, 40, 0);
    writeData(test, 20, 1000);
  }
};

TrainRequest tinyRequest(const Files& f) {
  TrainRequest r;
  r.modelDir = std::string(PWB_SHARED_DIR) + "/fixtures/tiny-bert";
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
