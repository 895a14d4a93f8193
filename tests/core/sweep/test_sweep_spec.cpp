// The sweep file (core/sweep/SWEEPS.md): errors located at file:line:column with the key; grid expansion
// counts against hand-counted numbers (axes that do not apply to a method are not multiplied for it,
// exclude/only rules); random draws are deterministic, distinct and inside the grid; task keys are the
// SHA-256 of the canonical settings; a task's TrainRequest is what `pwb train` builds from the same options.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <set>

#include "common/error.h"
#include "support/error_of.h"
#include "sweep/sweep_cost.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

using pwb::test::errorOf;
using namespace pwb::sweep;

namespace {

SweepSpec parse(const std::string& text) {
  return parseSweepText(text, "s.json", "/data");
}

std::set<std::string> keysOf(const std::vector<SweepTask>& tasks) {
  std::set<std::string> keys;
  for (const auto& t : tasks) keys.insert(t.key);
  return keys;
}

// 3 methods; prompt length only for prompt tuning, prefix length only for P-tuning v2.
const char* kMixed = R"({
  "fixed": {"train": "train.tsv", "test": "test.tsv", "steps": 4},
  "axes": {
    "method": ["prompt-ft", "prompt-tuning", "p-tuning-v2"],
    "lr": [1e-5, 2e-5],
    "seed": [1, 2, 3],
    "soft-tokens": [4, 8],
    "prefix-length": [8, 16, 32]
  }
})";

}  // namespace

class TestSweepSpec : public QObject {
  Q_OBJECT
 private slots:
  void errorsAreLocated();
  void syntaxErrorIsLocated();
  void gridCountsPerMethod();
  void excludeAndOnly();
  void defaultSeedsAndVerbalizerForClsHead();
  void randomIsDeterministic();
  void randomOverHugeGridDraws();
  void taskKeyIsHashOfCanonicalSettings();
  void taskRequestMatchesTrainOptions();
  void regressionTask();
  void relativePathsFromFileFolder();
  void costEstimate();
  void specJsonRoundTrip();
};

void TestSweepSpec::errorsAreLocated() {
  // Unknown top-level key on line 3, column 3.
  QString e =
      errorOf([] { parse("{\n  \"fixed\": {\"train\": \"a\", \"test\": \"b\"},\n  \"axis\": {}\n}"); });
  QVERIFY2(e.startsWith("s.json:3:3: 'axis': unknown key"), qPrintable(e));
  // Empty axis: line 4, column 5.
  e = errorOf([] {
    parse("{\n  \"fixed\": {\"train\": \"a\", \"test\": \"b\"},\n  \"axes\": {\n    \"lr\": []\n  }\n}");
  });
  QVERIFY2(e.startsWith("s.json:4:5: 'axes.lr': empty axis"), qPrintable(e));
  // Wrong type: the second value of batch (line 2, column 55).
  e = errorOf([] {
    parse(
        "{\"fixed\": {\"train\": \"a\", \"test\": \"b\"},\n \"axes\": {\"lr\": [0.1], \"batch\": [2, "
        "\"4\"]}}");
  });
  QVERIFY2(e.startsWith("s.json:2:37: 'axes.batch.1': expected an integer"), qPrintable(e));
  // Unknown setting inside fixed.
  e = errorOf([] { parse("{\"fixed\": {\"train\": \"a\", \"test\": \"b\", \"learning-rate\": 1}}"); });
  QVERIFY2(e.startsWith("s.json:1:39: 'fixed.learning-rate': unknown setting"), qPrintable(e));
  // Unknown method, with the known names.
  e = errorOf([] {
    parse(
        "{\"fixed\": {\"train\": \"a\", \"test\": \"b\"}, \"axes\": {\"method\": [\"prompt-ft\", "
        "\"lora\"]}}");
  });
  QVERIFY2(e.contains("'axes.method.1'") && e.contains("lora"), qPrintable(e));
  // Missing data file.
  e = errorOf([] { parse("{\"fixed\": {\"train\": \"a\"}}"); });
  QVERIFY2(e.contains("missing \"test\""), qPrintable(e));
  // A setting both fixed and an axis; a random sweep without count.
  e = errorOf([] {
    parse("{\"fixed\": {\"train\": \"a\", \"test\": \"b\", \"lr\": 0.1}, \"axes\": {\"lr\": [0.2]}}");
  });
  QVERIFY2(e.contains("'axes.lr': is both fixed and an axis"), qPrintable(e));
  e = errorOf([] { parse("{\"mode\": \"random\", \"fixed\": {\"train\": \"a\", \"test\": \"b\"}}"); });
  QVERIFY2(e.contains("needs \"count\""), qPrintable(e));
  // A run that the trainer would refuse (max length < 8) is refused at expansion, naming the run.
  e = errorOf([] {
    expandSweep(parse("{\"fixed\": {\"train\": \"a\", \"test\": \"b\", \"max-length\": 4, \"seed\": 1}}"));
  });
  QVERIFY2(e.contains("run 0") && e.contains("max length must be at least 8"), qPrintable(e));
}

void TestSweepSpec::syntaxErrorIsLocated() {
  const QString e = errorOf([] { parse("{\n  \"fixed\": {\"train\": \"a\",,}\n}"); });
  QVERIFY2(e.startsWith("s.json:2:26: invalid JSON"), qPrintable(e));
}

void TestSweepSpec::gridCountsPerMethod() {
  const SweepSpec spec = parse(kMixed);
  // prompt-ft: lr 2 x seed 3 = 6; prompt-tuning: 2 x 3 x soft-tokens 2 = 12; p-tuning-v2: 2 x 3 x prefix 3
  // = 18.
  QCOMPARE(gridSize(spec), 36.0);
  const auto tasks = expandSweep(spec);
  QCOMPARE(tasks.size(), size_t(36));
  QCOMPARE(keysOf(tasks).size(), size_t(36));
  int withSoft = 0, withPrefix = 0;
  for (size_t i = 0; i < tasks.size(); ++i) {
    QCOMPARE(tasks[i].index, int64_t(i));
    withSoft += tasks[i].settings.contains("soft-tokens");
    withPrefix += tasks[i].settings.contains("prefix-length");
    QVERIFY(tasks[i].settings.contains("steps"));
  }
  QCOMPARE(withSoft, 12);
  QCOMPARE(withPrefix, 18);
  // Order: methods in axis order, seed fastest.
  QCOMPARE(tasks[0].settings["method"], nlohmann::json("prompt-ft"));
  QCOMPARE(tasks[0].settings["seed"], nlohmann::json(1));
  QCOMPARE(tasks[1].settings["seed"], nlohmann::json(2));
  QCOMPARE(tasks[3].settings["lr"], nlohmann::json(2e-5));
  QCOMPARE(tasks[6].settings["method"], nlohmann::json("prompt-tuning"));
  // The same file expands to the same tasks.
  const auto again = expandSweep(parse(kMixed));
  for (size_t i = 0; i < tasks.size(); ++i) QCOMPARE(again[i].key, tasks[i].key);
}

void TestSweepSpec::excludeAndOnly() {
  std::string text = kMixed;
  text.insert(text.rfind('}'), R"(, "exclude": [{"method": "prompt-tuning", "soft-tokens": 4}])");
  QCOMPARE(expandSweep(parse(text)).size(), size_t(36 - 6));
  // An exclude entry naming a setting a run does not have never matches that run.
  std::string text2 = kMixed;
  text2.insert(text2.rfind('}'), R"(, "exclude": [{"prefix-length": [8, 16]}])");
  QCOMPARE(expandSweep(parse(text2)).size(), size_t(36 - 12));
  text.insert(text.rfind('}'), R"(, "only": [{"lr": 1e-5}])");
  QCOMPARE(expandSweep(parse(text)).size(), size_t(15));
}

void TestSweepSpec::defaultSeedsAndVerbalizerForClsHead() {
  // No seed anywhere: pwb train's 5 seeds. p-tuning-v2 with head cls takes no verbalizer, so the verbalizer
  // axis multiplies only the verbalizer head: 2 x 5 (head verbalizer) + 1 x 5 (head cls) = 15.
  const SweepSpec spec = parse(R"({"fixed": {"train": "a", "test": "b", "method": "p-tuning-v2"},
    "axes": {"head": ["verbalizer", "cls"], "verbalizer": ["0=bad;1=good", "0=terrible;1=great"]}})");
  const auto tasks = expandSweep(spec);
  QCOMPARE(tasks.size(), size_t(15));
  QCOMPARE(tasks[0].settings["seed"], nlohmann::json(13));
  QCOMPARE(tasks[4].settings["seed"], nlohmann::json(100));
  QVERIFY(!tasks[14].settings.contains("verbalizer"));
  QCOMPARE(tasks[14].settings["head"], nlohmann::json("cls"));
}

void TestSweepSpec::randomIsDeterministic() {
  std::string text = kMixed;
  text.insert(1, R"("mode": "random", "count": 10, "seed": 7, )");
  const auto a = expandSweep(parse(text)), b = expandSweep(parse(text));
  QCOMPARE(a.size(), size_t(10));
  for (size_t i = 0; i < a.size(); ++i) QCOMPARE(a[i].key, b[i].key);
  QCOMPARE(keysOf(a).size(), size_t(10));
  const auto grid = keysOf(expandSweep(parse(kMixed)));
  for (const auto& k : keysOf(a)) QVERIFY(grid.count(k));
  std::string other = text;
  other.replace(other.find("\"seed\": 7"), 9, "\"seed\": 8");
  const auto c = expandSweep(parse(other));
  QVERIFY(keysOf(c) != keysOf(a));
  // count above the grid size: every run once.
  std::string all = kMixed;
  all.insert(1, R"("mode": "random", "count": 1000, )");
  QCOMPARE(keysOf(expandSweep(parse(all))), grid);
}

void TestSweepSpec::randomOverHugeGridDraws() {
  // 200 x 200 x 100 = 4,000,000 runs: too many to enumerate; 50 are drawn, deterministically.
  std::string lr, batch, steps;
  for (int i = 1; i <= 200; ++i) lr += (i > 1 ? "," : "") + std::to_string(i * 1e-5);
  for (int i = 1; i <= 200; ++i) batch += (i > 1 ? "," : "") + std::to_string(i);
  for (int i = 1; i <= 100; ++i) steps += (i > 1 ? "," : "") + std::to_string(i);
  const std::string text =
      R"({"mode": "random", "count": 50, "seed": 3, "fixed": {"train": "a", "test": "b", "seed": 1},
    "axes": {"lr": [)" +
      lr + "], \"batch\": [" + batch + "], \"steps\": [" + steps + "]}}";
  QCOMPARE(gridSize(parse(text)), 4e6);
  const auto a = expandSweep(parse(text)), b = expandSweep(parse(text));
  QCOMPARE(a.size(), size_t(50));
  QCOMPARE(keysOf(a).size(), size_t(50));
  for (size_t i = 0; i < a.size(); ++i) QCOMPARE(a[i].key, b[i].key);
  // A grid sweep that large is refused with advice.
  std::string grid = text;
  grid.replace(grid.find(R"("mode": "random", "count": 50, "seed": 3, )"), 42, "");
  const SweepSpec gridSpec = parse(grid);
  QVERIFY(gridSpec.mode == SweepMode::Grid);
  const QString e = errorOf([&] { expandSweep(gridSpec); });
  QVERIFY2(e.contains("4000000 runs") && e.contains("\"mode\": \"random\""), qPrintable(e));
}

void TestSweepSpec::taskKeyIsHashOfCanonicalSettings() {
  // sha256('{"lr":0.01,"method":"prompt-ft","seed":13}')[:16], computed with Python's hashlib.
  QCOMPARE(taskKey({{"seed", 13}, {"method", "prompt-ft"}, {"lr", 0.01}}), std::string("27b5d884d14ce71f"));
}

void TestSweepSpec::taskRequestMatchesTrainOptions() {
  const auto r = taskRequest({{"method", "p-tuning-v2"},
                              {"model", "/m"},
                              {"train", "/a"},
                              {"test", "/b"},
                              {"preset", "lmbff"},
                              {"lr", 0.003},
                              {"seed", 21},
                              {"prefix-length", 4},
                              {"batch", 2},
                              {"k", 8}});
  QCOMPARE(r.method, std::string("p-tuning-v2"));
  QCOMPARE(r.lr, 0.003);
  QCOMPARE(r.batchSize, 2);
  QCOMPARE(r.steps, 1000);  // from the preset
  QVERIFY(r.lrGrid.empty() && r.batchGrid.empty());
  QCOMPARE(r.seeds, (std::vector<int64_t>{21}));
  QCOMPARE(r.options.prefixLength, 4);
  QCOMPARE(r.k, 8);
  QCOMPARE(r.verbalizer, std::string("0=terrible;1=great"));
}

// "task": "regression" (issue 17): poles and target apply to regression runs only, the verbalizer to
// classification runs only (an axis over it is not multiplied for regression); the task request carries them.
void TestSweepSpec::regressionTask() {
  const SweepSpec spec = parse(R"({
    "fixed": {"train": "train.tsv", "test": "test.tsv", "poles": "0=no;5=yes", "target": "score"},
    "axes": {"method": ["prompt-ft", "prompt-tuning"], "task": ["classification", "regression"],
             "verbalizer": ["0=a;1=b", "0=c;1=d"], "seed": [1, 2]}
  })");
  const auto tasks = expandSweep(spec);
  // Per method: classification 2 verbalizers x 2 seeds + regression 2 seeds.
  QCOMPARE(tasks.size(), size_t(12));
  int regression = 0;
  for (const auto& t : tasks) {
    const bool isRegression = t.settings["task"] == "regression";
    regression += isRegression ? 1 : 0;
    QCOMPARE(t.settings.contains("poles"), isRegression);
    QCOMPARE(t.settings.contains("target"), isRegression);
    QCOMPARE(t.settings.contains("verbalizer"), !isRegression);
  }
  QCOMPARE(regression, 4);
  const auto& first = *std::find_if(tasks.begin(), tasks.end(),
                                    [](const SweepTask& t) { return t.settings["task"] == "regression"; });
  const auto r = taskRequest(first.settings);
  QCOMPARE(r.task, std::string("regression"));
  QCOMPARE(r.poles, std::string("0=no;5=yes"));
  QCOMPARE(r.targetColumn, std::string("score"));
  QCOMPARE(first.settings["seed"], nlohmann::json(1));
  // A task that is not one, bad poles and a regression fine-tune are located errors.
  QString e = errorOf([] { parse(R"({"fixed": {"train": "a", "test": "b", "task": "ranking"}})"); });
  QVERIFY2(e.contains("s.json:1:") && e.contains("fixed.task") && e.contains("unknown task 'ranking'"),
           qPrintable(e));
  e = errorOf([] {
    parse(
        "{\"fixed\": {\"train\": \"a\", \"test\": \"b\", \"task\": \"regression\",\n"
        "  \"poles\": \"yes\"}}");
  });
  QVERIFY2(e.contains("s.json:2:") && e.contains("fixed.poles"), qPrintable(e));
  e = errorOf([] {
    expandSweep(parse(R"({"fixed": {"train": "a", "test": "b", "task": "regression", "poles": "no;yes",
                          "method": "fine-tune", "seed": 1}})"));
  });
  QVERIFY2(e.contains("regression scores two pole words"), qPrintable(e));
}

void TestSweepSpec::relativePathsFromFileFolder() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("s.json").toStdString();
  std::ofstream(path) << R"({"fixed": {"train": "data/train.tsv", "test": "/abs/test.tsv", "seed": 1}})";
  const SweepSpec spec = parseSweepFile(path);
  QCOMPARE(spec.fixed["train"].get<std::string>(), dir.filePath("data/train.tsv").toStdString());
  QCOMPARE(spec.fixed["test"].get<std::string>(), std::string("/abs/test.tsv"));
  QCOMPARE(spec.name, std::string("s"));
}

void TestSweepSpec::costEstimate() {
  QTemporaryDir dir;
  // A BERT-base-sized config: 12 layers x 768^2 = 8 x the demo model's 6 x 384^2.
  std::ofstream(dir.filePath("config.json").toStdString())
      << R"({"num_hidden_layers": 12, "hidden_size": 768})";
  const SweepSpec spec = parse(R"({"fixed": {"train": "a", "test": "b", "steps": 100, "batch": 16, "k": 16,
    "eval-every": 50, "seed": 1}, "axes": {"method": ["prompt-ft", "p-tuning-v2"]}})");
  const auto tasks = expandSweep(spec);
  const double ptf = builtinCostFigures().secondsPerStep.at("prompt-ft");
  const double rate = builtinCostFigures().evalExamplesPerSecond;
  // prompt-ft: s/step x 100 steps x 16/8; dev 2 classes x 16 at steps 50, 100 and the end: 3 x 32; test 200.
  TaskCost c = estimateTask(tasks[0], spec, 200);
  QCOMPARE(c.trainSeconds, ptf * 100 * 2);
  QCOMPARE(c.evalSeconds, (3 * 32 + 200) / rate);
  // The file's own figure wins; the model's size scales both parts.
  SweepSpec own = spec;
  own.secondsPerStep["p-tuning-v2"] = 0.5;
  SweepTask big = tasks[1];
  big.settings["model"] = dir.path().toStdString();
  c = estimateTask(big, own, 0);
  QCOMPARE(c.trainSeconds, 0.5 * 8 * 100 * 2);
  QCOMPARE(c.evalSeconds, 8 * 96 / rate);
}

void TestSweepSpec::specJsonRoundTrip() {
  std::string text = kMixed;
  text.insert(text.rfind('}'),
              R"(, "exclude": [{"method": "prompt-tuning", "soft-tokens": 4}], "max_runs": 7)");
  text.insert(1, R"("mode": "random", "count": 20, "seed": 5, "name": "mixed", )");
  const SweepSpec a = parse(text);
  const SweepSpec b = parseSweepText(sweepSpecJson(a).dump(2), "b.json", "/elsewhere");
  QCOMPARE(b.name, std::string("mixed"));
  QCOMPARE(b.maxRuns, int64_t(7));
  const auto ta = expandSweep(a), tb = expandSweep(b);
  QCOMPARE(ta.size(), size_t(20));
  QCOMPARE(tb.size(), ta.size());
  for (size_t i = 0; i < ta.size(); ++i) QCOMPARE(tb[i].key, ta[i].key);
}

QTEST_GUILESS_MAIN(TestSweepSpec)
#include "test_sweep_spec.moc"
