// The text forms of a grid and of a cell: Markdown (README style), CSV quoting, JSON with both stds.
#include <QtTest>
#include <nlohmann/json.hpp>

#include "eval/result_format.h"

using namespace pwb::eval;

namespace {

CellResult cell(double accuracy) {
  CellResult c;
  c.labels = {"0", "1"};
  const int correct = static_cast<int>(accuracy * 10 + 0.5);
  std::vector<int> gold, pred;
  for (int i = 0; i < 10; ++i) {
    gold.push_back(i % 2);
    pred.push_back(i < correct ? i % 2 : 1 - i % 2);
  }
  c.metrics = computeMetrics(gold, pred, c.labels);
  return c;
}

GridResult grid(int runs) {
  GridResult g;
  g.templates = {"{s} it was [MASK] .", "a | b [MASK]"};
  g.verbalizers = {"1=great;0=terrible", "1=good,fine;0=bad"};
  g.cells.assign(2, std::vector<GridCell>(2));
  for (auto& row : g.cells) {
    for (auto& c : row) {
      std::vector<double> acc;
      for (int r = 0; r < runs; ++r) {
        c.runs.push_back(cell(0.5 + 0.1 * r));
        acc.push_back(c.runs.back().metrics.accuracy);
      }
      c.accuracy = summarizeRuns(acc);
    }
  }
  return g;
}

}  // namespace

class TestResultFormat : public QObject {
  Q_OBJECT
 private slots:
  void markdownSingleRun() {
    const std::string md = gridMarkdown(grid(1));
    QVERIFY(md.rfind("| template | 1=great;0=terrible | 1=good,fine;0=bad |\n|---|---|---|\n", 0) == 0);
    QVERIFY(md.find("| `{s} it was [MASK] .` | 50.0 | 50.0 |\n") != std::string::npos);
    QVERIFY(md.find("| `a \\| b [MASK]` |") != std::string::npos);  // a pipe in a template is escaped
  }

  void markdownSeveralRunsShowsWhichStd() {
    // Runs 0.5, 0.6, 0.7: mean 60.0, population std 8.16..., sample std 10.0.
    const std::string md = gridMarkdown(grid(3));
    QVERIFY2(md.find("| 60.0 (8.2) |") != std::string::npos, md.c_str());
    QVERIFY(md.find("population std") != std::string::npos);
    const auto j = gridJson(grid(3));
    QVERIFY(std::abs(j["cells"][0]["accuracy"]["sample_std"].get<double>() - 0.1) < 1e-12);
    QVERIFY(std::abs(j["cells"][0]["accuracy"]["median"].get<double>() - 0.6) < 1e-12);
    QCOMPARE(j["cells"][0]["runs"].size(), size_t(3));
  }

  void csvQuotesFields() {
    const std::string csv = gridCsv(grid(1));
    QCOMPARE(csv, std::string("template,1=great;0=terrible,\"1=good,fine;0=bad\"\n"
                              "{s} it was [MASK] .,50.0,50.0\n"
                              "a | b [MASK],50.0,50.0\n"));
  }

  void cellReportHasTables() {
    auto c = cell(0.7);
    c.templateText = "{s} it was [MASK] .";
    c.verbalizerText = "1=great;0=terrible";
    const std::string r = cellReport(c);
    QVERIFY2(r.find("accuracy:   70.0 % (7/10)") != std::string::npos, r.c_str());
    QVERIFY(r.find("confusion matrix") != std::string::npos);
    const auto j = cellJson(c);
    QCOMPARE(j["metrics"]["confusion"][1][0].get<int>(), 2);  // gold 1 predicted 0: rows 7 and 9
  }
};

QTEST_GUILESS_MAIN(TestResultFormat)
#include "test_result_format.moc"
