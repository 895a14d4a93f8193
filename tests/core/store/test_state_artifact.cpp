// A run's trained state kept inside the project file (store/state_artifact.h): stored inline, read back
// byte for byte as a training state folder, refused when the bytes were damaged; where a run's state is;
// how run metrics are shown to people (store/metric_format.h).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <iterator>

#include "store/metric_format.h"
#include "store/run_store.h"
#include "store/sha256.h"
#include "store/state_artifact.h"
#include "support/error_of.h"

using namespace pwb::store;
using pwb::test::errorOf;

namespace {

std::string fileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int64_t newRun(RunStore& s) {
  RunRecord r;
  r.method = "prompt-tuning";
  r.config = {{"seed", 13}};
  r.seed = 13;
  return s.createRun(r);
}

}  // namespace

class TestStateArtifact : public QObject {
  Q_OBJECT

 private slots:
  void inlineStateRoundTrip() {
    QTemporaryDir dir;
    RunStore s(dir.filePath("p.sqlite").toStdString());
    const int64_t run = newRun(s);
    // Bytes that include NUL and high bytes, as a safetensors file does.
    const std::vector<uint8_t> bytes = {0x10, 0, 0, 0, 0, 0, 0, 0, '{', '}', 0xff, 0x80, 0x00, 0x7f};
    const nlohmann::json info = {{"format", "pwb-train-state"},
                                 {"version", 1},
                                 {"method", "prompt-tuning"},
                                 {"template", "{s} it was [MASK] ."}};
    const int64_t id = s.saveArtifact(inlineStateArtifact(run, "prompt-tuning seed 13", info, bytes));
    const auto listed = s.listArtifacts(run);
    QCOMPARE(listed.size(), size_t(1));
    QVERIFY(isInlineState(listed[0]));
    QCOMPARE(listed[0].kind, std::string(kTrainStateKind));
    QCOMPARE(listed[0].size, int64_t(bytes.size()));
    QCOMPARE(listed[0].sha256, sha256Hex(bytes.data(), bytes.size()));
    QCOMPARE(stateFolderOf(listed[0]), std::string());
    QCOMPARE(stateLocation(listed), std::string("the project file"));

    const std::string out = dir.filePath("state").toStdString();
    writeInlineState(s.getArtifact(id), out, "p.sqlite");
    QCOMPARE(fileText(out + "/method.safetensors"), std::string(bytes.begin(), bytes.end()));
    QCOMPARE(nlohmann::json::parse(fileText(out + "/method.json")), info);
    // An artifact read without its data (listArtifacts) holds no bytes: said so, nothing written.
    QVERIFY(errorOf([&] {
              writeInlineState(listed[0], dir.filePath("x").toStdString(), "p.sqlite");
            }).contains("holds no tensor bytes"));
  }

  void damagedBytesAreRefused() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("p.sqlite").toStdString();
    RunStore s(db);
    const int64_t run = newRun(s);
    const nlohmann::json info = {{"format", "pwb-train-state"}, {"method", "p-tuning"}};
    const int64_t id = s.saveArtifact(inlineStateArtifact(run, "x", info, {1, 2, 3, 4}));
    s.database().exec("UPDATE artifacts SET data = x'01020305' WHERE id = " + std::to_string(id));
    const QString msg =
        errorOf([&] { writeInlineState(s.getArtifact(id), dir.filePath("out").toStdString(), db); });
    QVERIFY2(msg.contains(QString::fromStdString(db)) && msg.contains("do not match their sha256"),
             qPrintable(msg));
    QVERIFY(!QFile::exists(dir.filePath("out/method.json")));
    // A record whose meta is not a training state is named too.
    auto bad = inlineStateArtifact(run, "y", {{"format", "something else"}}, {1});
    const int64_t badId = s.saveArtifact(bad);
    QVERIFY(errorOf([&] {
              writeInlineState(s.getArtifact(badId), dir.filePath("o2").toStdString(), db);
            }).contains("meta.state is not a training state record"));
  }

  void folderStateLocation() {
    ArtifactRecord a;
    a.kind = kTrainStateKind;
    a.path = "/runs/prompt-tuning-seed13/method.safetensors";
    a.meta = {{"format", "pwb-train-state"}, {"folder", "/runs/prompt-tuning-seed13"}};
    QVERIFY(!isInlineState(a));
    QCOMPARE(stateFolderOf(a), std::string("/runs/prompt-tuning-seed13"));
    a.meta = nlohmann::json::object();  // older records: the folder of the tensors file
    QCOMPARE(stateFolderOf(a), std::string("/runs/prompt-tuning-seed13"));
    ArtifactRecord other;
    other.kind = "checkpoint";
    other.path = "/x/y.bin";
    QCOMPARE(stateLocation({other}), std::string());
    QCOMPARE(stateLocation({other, a}), std::string("/runs/prompt-tuning-seed13"));
  }

  void metricsAsPeopleReadThem() {
    QCOMPARE(formatMetric("test_accuracy", 0.6009), std::string("60.1"));
    QCOMPARE(formatMetric("best_dev_accuracy", 1.0), std::string("100.0"));
    QCOMPARE(formatMetric("dev_acc", 0.5), std::string("50.0"));
    QCOMPARE(formatMetric("test_macro_f1", 0.35416), std::string("35.4"));
    QCOMPARE(formatMetric("loss", 0.69314718), std::string("0.6931"));
    QCOMPARE(formatMetric("lr", 3e-05), std::string("3e-05"));
    QCOMPARE(formatMetric("test_n", 872.0), std::string("872"));
    QCOMPARE(formatMetric("loss", std::nan("")), std::string());
    QCOMPARE(metricHeader("test_accuracy"), std::string("test_accuracy (%)"));
    QCOMPARE(metricHeader("loss"), std::string("loss"));
  }
};

QTEST_GUILESS_MAIN(TestStateArtifact)
#include "test_state_artifact.moc"
