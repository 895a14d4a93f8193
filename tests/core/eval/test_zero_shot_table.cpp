// The "Done when" check of the evaluation: on demo-bert-mini and the SST-2 sentence test set (1,821),
// the 4 templates x 5 verbalizers grid reproduces every cell of the model README's zero-shot table
// (demo_eval.json, computed with HF transformers) within 0.3 accuracy points. One test function per
// template (one row: 1,821 forward passes, the 5 verbalizers reuse them), so each stays well inside
// QtTest's per-function watchdog; the model is loaded once.
#include <QtTest>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/text_file.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval/result_format.h"

using namespace pwb::eval;

namespace {

const std::vector<std::pair<std::string, std::string>> kWords{
    {"great", "terrible"}, {"good", "bad"}, {"cat", "dog"}, {"dog", "cat"}, {"terrible", "great"}};

}  // namespace

class TestZeroShotTable : public QObject {
  Q_OBJECT
  std::unique_ptr<EvalSession> session_;
  nlohmann::json reference_;
  pwb::data::Dataset test_;
  int checked_ = 0;

  void checkRow(const std::string& templateText) {
    GridRequest req;
    req.runs.push_back({"", test_});
    req.templates = {templateText};
    // README columns are positive/negative; label 1 = positive.
    for (const auto& [pos, neg] : kWords) req.verbalizers.push_back("1=" + pos + ";0=" + neg);
    req.options.batchSize = 64;
    req.keepExamples = false;
    const auto t0 = std::chrono::steady_clock::now();
    const auto grid = session_->runGrid(req);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo().noquote() << QString::fromStdString(gridMarkdown(grid)) << "seconds" << seconds << "encode"
                      << grid.timing.encodeSeconds << "score" << grid.timing.scoreSeconds;
    QCOMPARE(grid.timing.encodedExamples, int64_t(1821));  // once per template, not per cell
    for (size_t v = 0; v < kWords.size(); ++v) {
      const std::string key = templateText + " | " + kWords[v].first + "/" + kWords[v].second;
      QVERIFY2(reference_.contains(key), key.c_str());
      const double expected = reference_[key].get<double>() * 100;
      const double got = grid.cells[0][v].accuracy.mean * 100;
      QVERIFY2(std::abs(got - expected) <= 0.3,
               (key + ": got " + std::to_string(got) + ", reference " + std::to_string(expected)).c_str());
      QCOMPARE(grid.cells[0][v].runs[0].metrics.count, 1821);
      ++checked_;
    }
  }

 private slots:
  void initTestCase() {
    const std::string model = std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini";
    reference_ = pwb::readJsonFile(model + "/demo_eval.json")["zero_shot"];
    QCOMPARE(reference_.size(), size_t(20));
    test_ = pwb::data::importDataset(std::string(PWB_REFERENCE_DIR) + "/data/sst2_sentence/stsa.binary.test");
    QCOMPARE(test_.examples.size(), size_t(1821));
    session_ = std::make_unique<EvalSession>(model, SessionOptions{"cpu", 2, false});
  }
  void itWasMask() { checkRow("{s} it was [MASK] ."); }
  void aMaskMovie() { checkRow("{s} a [MASK] movie ."); }
  void maskBang() { checkRow("[MASK] ! {s}"); }
  void allInAll() { checkRow("{s} all in all , it was [MASK] ."); }
  void cleanupTestCase() { QCOMPARE(checked_, 20); }
};

// QTEST_GUILESS_MAIN with a longer per-function watchdog: a row is about 30 s on 2 free cores, but a
// loaded CI machine must fail on a wrong number, not on QtTest's default 5-minute limit.
int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT")) qputenv("QTEST_FUNCTION_TIMEOUT", "1200000");
  QCoreApplication app(argc, argv);
  TestZeroShotTable test;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&test, argc, argv);
}
#include "test_zero_shot_table.moc"
