// Runs trained into a project file without an output folder, exported from it and read back (tiny-bert):
// prompt-only methods keep their trained state inside the project file, so a run can be exported as a
// bundle or a PEFT adapter straight from the project; a method that trains the model's weights says it
// needs an output folder.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/peft_adapter.h"
#include "export/peft_export.h"
#include "export/run_export.h"
#include "model/masked_lm.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "support/error_of.h"
#include "train/safetensors_writer.h"
#include "train/training.h"

using namespace pwb::exporting;
namespace fs = std::filesystem;
using pwb::test::errorOf;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kVerbalizer = "0=terrible;1=great";
const std::string kTemplate = "{s} it was [MASK] .";

std::string tempDir(const std::string& name) {
  const auto d = fs::path(PWB_BINARY_DIR) / "test-tmp" / "export-roundtrip" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

// The first and last n lines of a label-space file (the SST-2 files are sorted by label).
std::string slice(const std::string& from, size_t n, const std::string& to) {
  std::ifstream in(from);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::ofstream out(to);
  for (size_t i = 0; i < n; ++i) out << lines[i] << "\n";
  for (size_t i = lines.size() - n; i < lines.size(); ++i) out << lines[i] << "\n";
  return to;
}

pwb::store::RunStore openStore(const std::string& db) {
  pwb::store::StoreOptions so;
  so.mode = pwb::store::OpenMode::ReadOnly;
  so.recoverInterrupted = false;
  return pwb::store::RunStore(db, so);
}

// Temporary folders this process made for a project-kept state (run_export.cpp names them so).
size_t temporaryStateFolders() {
  size_t n = 0;
  const std::string prefix = "pwb-run-state-" + std::to_string(::getpid()) + "-";
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path()))
    n += e.path().filename().string().rfind(prefix, 0) == 0;
  return n;
}

}  // namespace

class TestExportRoundtrip : public QObject {
  Q_OBJECT

  std::string db_, trainFile_, testFile_;
  std::map<std::string, int64_t> runs_;  // run id by name ("prompt-tuning", ...)

  pwb::train::TrainRequest request(const std::string& method) const {
    pwb::train::TrainRequest r;
    r.modelDir = kTinyBert;
    r.method = method;
    r.templateText = kTemplate;
    r.verbalizer = kVerbalizer;
    r.trainPath = trainFile_;
    r.testPath = testFile_;
    r.k = 4;
    r.seeds = {13};
    r.steps = 3;
    r.batchSize = 4;
    r.evalEvery = 3;
    r.lr = method == "prompt-ft" ? 1e-3 : 3e-2;  // big steps: the trained state must differ from the init
    r.maxLength = 48;
    r.options.numSoftTokens = 4;
    r.options.init = "random-uniform";
    r.options.encoder = "mlp";
    r.options.encoderHiddenSize = 16;
    r.options.prefixLength = 4;
    r.device = "cpu";
    r.threads = 2;
    r.dbPath = db_;  // no output folder
    return r;
  }

  int64_t train(const std::string& name, const pwb::train::TrainRequest& r) {
    const auto res = pwb::train::runTraining(r);
    if (res.status != pwb::train::RunStatus::Finished || res.seeds.size() != 1) {
      QTest::qFail(("training " + name + " failed: " + res.message).c_str(), __FILE__, __LINE__);
      return 0;
    }
    runs_[name] = std::stoll(res.seeds[0].runId);
    return runs_[name];
  }

 private Q_SLOTS:
  void initTestCase() {
    pwb::model::setComputeThreads(2);
    const std::string dir = tempDir("runs");
    db_ = pwb::joinPath(dir, "project.pwb");
    const std::string sst = std::string(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    trainFile_ = slice(sst + "stsa.binary.train", 20, pwb::joinPath(dir, "train.txt"));
    testFile_ = slice(sst + "stsa.binary.test", 15, pwb::joinPath(dir, "test.txt"));
    for (const std::string method : {"prompt-tuning", "p-tuning", "p-tuning-v2", "prompt-ft"})
      train(method, request(method));
  }

  // Prompt-only methods keep their state in the project; prompt-ft (trains the model) does not.
  void stateKeptInTheProject() {
    auto st = openStore(db_);
    for (const std::string method : {"prompt-tuning", "p-tuning", "p-tuning-v2"}) {
      const auto artifacts = st.listArtifacts(runs_.at(method));
      QCOMPARE(artifacts.size(), size_t(1));
      QVERIFY2(pwb::store::isInlineState(artifacts[0]), method.c_str());
      QCOMPARE(pwb::store::stateLocation(artifacts), std::string("the project file"));
      const auto state = artifacts[0].meta["state"];
      QCOMPARE(state["method"].get<std::string>(), method);
      QCOMPARE(state["template"].get<std::string>(), kTemplate);
      QCOMPARE(state["seed"].get<int>(), 13);
      QCOMPARE(state["max_length"].get<int>(), 48);
    }
    QCOMPARE(st.listArtifacts(runs_.at("prompt-ft")).size(), size_t(0));
  }

  // `pwb export --run` from the project alone: the bundle holds the kept bytes and reproduces the run's
  // test predictions; the temporary state folder is gone afterwards.
  void bundleFromTheProject_data() {
    QTest::addColumn<QString>("method");
    for (const char* m : {"prompt-tuning", "p-tuning", "p-tuning-v2"}) QTest::newRow(m) << QString(m);
  }
  void bundleFromTheProject() {
    QFETCH(QString, method);
    const int64_t run = runs_.at(method.toStdString());
    const size_t before = temporaryStateFolders();
    const std::string out = tempDir("bundle-" + method.toStdString());
    const auto res = exportRun({db_, run, "bundle", out, ""});
    QCOMPARE(res.files, std::vector<std::string>({kBundleInfoFile, kBundleTensorsFile}));
    QCOMPARE(temporaryStateFolders(), before);

    auto st = openStore(db_);
    const auto kept = st.getArtifact(st.listArtifacts(run)[0].id);
    QCOMPARE(pwb::readFileBytes(pwb::joinPath(out, kBundleTensorsFile)),
             std::string(kept.data.begin(), kept.data.end()));
    const auto info = readBundleInfo(out);
    QCOMPARE(info.method, method.toStdString());
    QCOMPARE(info.source["state"].get<std::string>(), std::string("kept in the project file"));
    QCOMPARE(info.source["run_id"].get<int64_t>(), run);

    const auto ev = st.getEvaluation(st.listEvaluations(run).at(0).id);
    BundlePredictRequest q;
    q.bundleDir = out;
    q.modelDir = kTinyBert;
    q.dataPath = testFile_;
    const auto pred = predictWithBundle(q);
    QCOMPARE(pred.predicted.size(), size_t(30));
    QCOMPARE(ev.predictions.size(), size_t(30));
    for (size_t i = 0; i < pred.predicted.size(); ++i)
      QCOMPARE(pred.labels[size_t(pred.predicted[i])], ev.predictions[i].predicted);
    QCOMPARE(pred.accuracy, st.getRun(run).results["test_accuracy"].get<double>());
  }

  void peftFromTheProject() {
    const int64_t run = runs_.at("prompt-tuning");
    const std::string out = tempDir("peft-prompt-tuning");
    const auto res = exportRun({db_, run, "peft", out, ""});
    QCOMPARE(res.files.size(), size_t(3));
    auto st = openStore(db_);
    const auto kept = st.getArtifact(st.listArtifacts(run)[0].id);
    const std::string tmp = tempDir("kept-prompt-tuning");
    pwb::store::writeInlineState(kept, tmp, db_);
    const auto tensors = pwb::train::readSafetensors(pwb::joinPath(tmp, "method.safetensors"));
    QVERIFY(torch::equal(readPeftAdapter(out).promptEmbeddings, tensors.at("prompt_embeddings")));
  }

  void methodThatTrainsTheModelNeedsAFolder() {
    const QString msg = errorOf([&] {
      exportRun({db_, runs_.at("prompt-ft"), "bundle", tempDir("ft"), ""});
    });
    QVERIFY2(msg.contains(QString::fromStdString(db_)) && msg.contains("has no saved training state") &&
                 msg.contains("--output DIR"),
             qPrintable(msg));
  }
};

QTEST_GUILESS_MAIN(TestExportRoundtrip)
#include "test_export_roundtrip.moc"
