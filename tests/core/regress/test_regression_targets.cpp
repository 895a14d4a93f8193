// Regression data: targets that are not numbers or not finite are counted with their file and line and the
// rows left out (never dropped silently, never a crash); pole specs; LM-BFF's target distribution.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "regress/regression_format.h"
#include "regress/regression_targets.h"

using namespace pwb;

namespace {

std::string write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::map<int, std::string> problemsByLine(const data::Dataset& ds) {
  std::map<int, std::string> out;
  for (const auto& p : ds.problems) out[p.line] = p.message;
  return out;
}

}  // namespace

class TestRegressionTargets : public QObject {
  Q_OBJECT
 private slots:
  void tsvBadTargetsByLine() {
    QTemporaryDir dir;
    const auto path = write(dir, "sts.tsv",
                            "sentence\tscore\n"  // line 1
                            "a fine film\t3.2\n"
                            "dull\tabc\n"
                            "odd\tnan\n"
                            "huge\t1e999\n"
                            "great\t4\n"
                            "meh\t2.5x\n"
                            "bad\t0\n");
    regress::RegressionImportOptions o;
    o.targetColumn = "score";
    const auto set = regress::importRegressionSet(path, o);
    QCOMPARE(set.data.examples.size(), size_t(3));
    QCOMPARE(set.targets, (std::vector<double>{3.2, 4, 0}));
    QCOMPARE(set.data.examples[0].line, 2);
    QCOMPARE(set.data.examples[2].line, 8);
    QCOMPARE(set.min, 0.0);
    QCOMPARE(set.max, 4.0);
    const auto p = problemsByLine(set.data);
    QCOMPARE(p.size(), size_t(4));
    QCOMPARE(p.at(3), std::string("target 'abc' is not a number"));
    QCOMPARE(p.at(4), std::string("target 'nan' is not finite"));
    QCOMPARE(p.at(5), std::string("target '1e999' is not finite"));
    QCOMPARE(p.at(7), std::string("target '2.5x' is not a number"));
    QCOMPARE(set.data.problems.front().file, path);
    QCOMPARE(set.summary(), std::string("3 rows, targets 0 to 4 (mean 2.4), 4 rows skipped"));
    QCOMPARE(regress::regressionSetJson(set)["problems"].size(), size_t(4));

    o.onBadRow = data::OnBadRow::Stop;
    try {
      regress::importRegressionSet(path, o);
      QFAIL("stop mode must throw at the first bad row");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find(":3:") != std::string::npos, e.what());
      QVERIFY2(std::string(e.what()).find("not a number") != std::string::npos, e.what());
    }
  }

  void jsonlScoreKey() {
    QTemporaryDir dir;
    const auto path = write(dir, "sts.jsonl",
                            "{\"text\": \"x\", \"score\": 3.5}\n"
                            "{\"text\": \"y\", \"score\": \"high\"}\n"
                            "{\"text\": \"z\", \"score\": null}\n"
                            "{\"text\": \"w\", \"score\": true}\n"
                            "{\"text\": \"v\", \"score\": \"1.25\"}\n");
    regress::RegressionImportOptions o;
    o.targetColumn = "score";
    const auto set = regress::importRegressionSet(path, o);
    QCOMPARE(set.targets, (std::vector<double>{3.5, 1.25}));
    QCOMPARE(set.data.columns, std::vector<std::string>{"text"});
    const auto p = problemsByLine(set.data);
    QCOMPARE(p.size(), size_t(3));
    QCOMPARE(p.at(2), std::string("target 'high' is not a number"));
    QVERIFY2(p.at(3).rfind("missing target", 0) == 0, p.at(3).c_str());
    QCOMPARE(p.at(4), std::string("target 'true' is not a number"));
  }

  void noTargetColumnIsAFileError() {
    QTemporaryDir dir;
    const auto path = write(dir, "t.jsonl", "{\"text\": \"x\"}\n");
    QVERIFY_THROWS_EXCEPTION(Error, regress::importRegressionSet(path));
  }

  void poles() {
    auto p = regress::parsePoles("0=No;5=Yes");
    QVERIFY(p.hasRange);
    QCOMPARE(p.lowerWord, std::string("No"));
    QCOMPARE(p.upperWord, std::string("Yes"));
    QCOMPARE(p.lower, 0.0);
    QCOMPARE(p.upper, 5.0);
    QCOMPARE(p.toString(), std::string("0=No;5=Yes"));
    // toString() is what a run's config stores: it reads back as the same numbers (bug 14 of
    // tests/fuzz/RESULTS.md: "%g" wrote 8666666 as 8.66667e+06 and 0.123456789 as 0.123457).
    p = regress::parsePoles("0.123456789=No;8666666=Yes");
    QCOMPARE(p.toString(), std::string("0.123456789=No;8666666=Yes"));
    const auto again = regress::parsePoles(p.toString());
    QCOMPARE(again.lower, 0.123456789);
    QCOMPARE(again.upper, 8666666.0);
    QCOMPARE(regress::parsePoles("0.1=No;1e-300=Yes").toString(), std::string("1e-300=Yes;0.1=No"));
    // Written the other way round: the smaller value is the lower pole.
    p = regress::parsePoles("5=Yes; 0=No");
    QCOMPARE(p.lowerWord, std::string("No"));
    QCOMPARE(p.upper, 5.0);
    p = regress::parsePoles("bad;good");
    QVERIFY(!p.hasRange);
    p = regress::resolveRange(p, {2, 0.5, 3});
    QCOMPARE(p.lower, 0.5);
    QCOMPARE(p.upper, 3.0);
    for (const char* bad : {"No", "a;b;c", "0=No;Yes", "x=No;1=Yes", "1=No;1=Yes", ";Yes", "0=;1=Yes"})
      QVERIFY_THROWS_EXCEPTION(Error, regress::parsePoles(bad));
    QVERIFY_THROWS_EXCEPTION(Error, regress::resolveRange(regress::parsePoles("a;b"), {2, 2}));
    QVERIFY_THROWS_EXCEPTION(Error, regress::resolveRange(regress::parsePoles("a;b"), {}));
  }

  void targetDistribution() {
    // LM-BFF: [(vu - y) / (vu - vl), (y - vl) / (vu - vl)] with [vl, vu] = [0, 5].
    auto t = regress::poleTarget(4.0, 0, 5);
    QVERIFY(std::abs(t[0] - 0.2f) < 1e-7f && std::abs(t[1] - 0.8f) < 1e-7f);
    t = regress::poleTarget(0.0, 0, 5);
    QCOMPARE(t[1], 0.0f);
    // Outside the range: clamped (a documented difference from LM-BFF).
    t = regress::poleTarget(7.0, 0, 5);
    QCOMPARE(t[0], 0.0f);
    QCOMPARE(t[1], 1.0f);
    QCOMPARE(regress::poleExpectation(0.25, 1, 5), 2.0);
  }

  void poleDatasetSplitsAtTheThreshold() {
    data::Dataset ds;
    for (int i = 0; i < 4; ++i) ds.examples.push_back({"L" + std::to_string(i + 1), {"t"}, "x", i + 1});
    const std::vector<double> y{0.5, 2.5, 3, 4};
    QCOMPARE(regress::median(y), 2.75);
    const auto d = regress::poleDataset(ds, y, regress::median(y));
    QCOMPARE(d.labels, (std::vector<std::string>{"lower", "upper"}));
    QCOMPARE(d.examples[1].label, std::string("lower"));
    QCOMPARE(d.examples[2].label, std::string("upper"));
    QVERIFY_THROWS_EXCEPTION(Error, regress::poleDataset(ds, {1, 2}, 0));
  }
};

QTEST_GUILESS_MAIN(TestRegressionTargets)
#include "test_regression_targets.moc"
