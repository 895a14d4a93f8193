// The "Done when" check of the evaluation: on demo-bert-mini and the SST-2 sentence test set (1,821),
// the 4 templates x 5 verbalizers grid reproduces every cell of the model README's zero-shot table
// (demo_eval.json, computed with HF transformers) within 0.3 accuracy points.
#include <QtTest>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/text_file.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval/result_format.h"

using namespace pwb::eval;

class TestZeroShotTable : public QObject {
  Q_OBJECT
 private slots:
  void reproducesReadmeTable() {
    const std::string model = std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini";
    const auto reference = pwb::readJsonFile(model + "/demo_eval.json")["zero_shot"];
    const auto test =
        pwb::data::importDataset(std::string(PWB_SHARED_DIR) + "/data/sst2_sentence/stsa.binary.test");
    QCOMPARE(test.examples.size(), size_t(1821));

    GridRequest req;
    req.runs.push_back({"", test});
    req.templates = {"{s} it was [MASK] .", "{s} a [MASK] movie .", "[MASK] ! {s}",
                     "{s} all in all , it was [MASK] ."};
    // README columns are positive/negative; label 1 = positive.
    const std::vector<std::pair<std::string, std::string>> words{
        {"great", "terrible"}, {"good", "bad"}, {"cat", "dog"}, {"dog", "cat"}, {"terrible", "great"}};
    for (const auto& [pos, neg] : words) req.verbalizers.push_back("1=" + pos + ";0=" + neg);
    req.options.batchSize = 64;
    req.keepExamples = false;

    EvalSession session(model, {"cpu", 2, false});
    const auto t0 = std::chrono::steady_clock::now();
    const auto grid = session.runGrid(req);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo().noquote() << QString::fromStdString(gridMarkdown(grid));
    qInfo() << "grid seconds" << seconds << "encode" << grid.timing.encodeSeconds << "score"
            << grid.timing.scoreSeconds;
    QCOMPARE(grid.timing.encodedExamples, int64_t(4 * 1821));

    int checked = 0;
    for (size_t t = 0; t < req.templates.size(); ++t) {
      for (size_t v = 0; v < words.size(); ++v) {
        const std::string key = req.templates[t] + " | " + words[v].first + "/" + words[v].second;
        QVERIFY2(reference.contains(key), key.c_str());
        const double expected = reference[key].get<double>() * 100;
        const double got = grid.cells[t][v].accuracy.mean * 100;
        QVERIFY2(std::abs(got - expected) <= 0.3,
                 (key + ": got " + std::to_string(got) + ", reference " + std::to_string(expected)).c_str());
        QCOMPARE(grid.cells[t][v].runs[0].metrics.count, 1821);
        ++checked;
      }
    }
    QCOMPARE(checked, 20);
  }
};

QTEST_GUILESS_MAIN(TestZeroShotTable)
#include "test_zero_shot_table.moc"
