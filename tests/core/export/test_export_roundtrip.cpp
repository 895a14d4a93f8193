// Runs trained into a project file without an output folder, exported from it and read back (tiny-bert):
//   - prompt-only methods keep their trained state inside the project file, so a run can be exported as a
//     bundle or a PEFT adapter straight from the project; a method that trains the model's weights says it
//     needs an output folder;
//   - export -> import -> evaluate (the core of `pwb eval --prompt`) gives the run's own test predictions,
//     for bundles and PEFT adapters, whatever the placement of the vectors, with no hand edits;
//   - placement peft: the run's logits equal what our PEFT import computes for the exported adapter (which
//     matches the real PEFT fixtures to 1e-4, test_peft_import); placement template: they differ;
//   - a P-tuning adapter carries its prompt encoder under PeftModel's names.
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
#include "export/peft_writer.h"
#include "export/prompt_eval.h"
#include "export/run_export.h"
#include "model/masked_lm.h"
#include "model/safetensors_reader.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "support/error_of.h"
#include "support/tiny_prompt_runs.h"
#include "tokenize/tokenizer.h"
#include "train/batch.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/safetensors_writer.h"
#include "train/task_builder.h"
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

// The run's test predictions as the project recorded them (label names, in data order).
std::vector<std::string> recordedPredictions(const std::string& db, int64_t run) {
  auto st = openStore(db);
  const auto ev = st.getEvaluation(st.listEvaluations(run).at(0).id);
  std::vector<std::string> out;
  for (const auto& p : ev.predictions) out.push_back(p.predicted);
  return out;
}

// A copy of an adapter without our prompt_workbench.json: what PEFT (or anyone else) sees.
std::string bareCopy(const std::string& adapter, const std::string& name) {
  const std::string dir = tempDir(name);
  for (const char* f : {kPeftConfigFile, kPeftWeightsFile})
    fs::copy_file(pwb::joinPath(adapter, f), pwb::joinPath(dir, f), fs::copy_options::overwrite_existing);
  return dir;
}

}  // namespace

class TestExportRoundtrip : public QObject {
  Q_OBJECT

  std::string db_, trainFile_, testFile_;
  std::map<std::string, int64_t> runs_;  // run id by name ("prompt-tuning", ...)

  pwb::train::TrainRequest request(const std::string& method) const {
    // No output folder: prompt-only states are kept in the project file.
    return pwb::test::tinyPromptRunRequest(kTinyBert, method, kTemplate, kVerbalizer, trainFile_, testFile_,
                                           db_);
  }

  // The training method's own label-word logits [N, 2] for the test set, rebuilt from a bundle as
  // training built it (TaskBuilder, adaptInput, one padded batch, eval mode).
  torch::Tensor methodLogits(const std::string& bundleDir) {
    const auto info = readBundleInfo(bundleDir);
    pwb::train::TrainRequest req = request(info.method);
    req.templateText = info.templateText;
    req.options = methodOptionsFromConfig(info.method, info.methodConfig, "prompt.json");
    const auto tok = pwb::tokenize::loadTokenizer(kTinyBert);
    auto m = pwb::model::MaskedLM::load(kTinyBert);
    const auto& mc = m->config();
    const pwb::train::TaskBuilder task(req, *tok, pwb::train::findMethod(info.method).slotKind,
                                       static_cast<int>(mc.usableTokens()));
    pwb::train::MethodContext ctx;
    ctx.model = m.get();
    ctx.tokenizer = tok.get();
    ctx.labelTokenIds = task.labelTokenIds();
    ctx.numLabels = 2;
    ctx.options = req.options;
    if (task.templateSlots() > 0) ctx.options.numSoftTokens = task.templateSlots();
    ctx.unkTokenId = tok->special().unkId;
    ctx.slotInitIds = task.slotInitIds();
    auto method = pwb::train::findMethod(info.method).create(ctx);
    method->loadState(pwb::train::readSafetensors(pwb::joinPath(bundleDir, kBundleTensorsFile)));
    auto examples = task.encodeAll(task.testSet());
    std::vector<const pwb::train::EncodedInput*> inputs;
    std::vector<int> labels;
    for (auto& ex : examples) {
      method->adaptInput(ex.prompt);
      inputs.push_back(&ex.prompt);
      labels.push_back(ex.label);
    }
    torch::NoGradGuard noGrad;
    method->train(false);
    return method->logits(pwb::train::collate(inputs, labels, tok->special().padId, torch::kCPU)).cpu();
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
    trainFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.train", 20, pwb::joinPath(dir, "train.txt"));
    testFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.test", 15, pwb::joinPath(dir, "test.txt"));
    for (const std::string method : {"prompt-tuning", "p-tuning", "p-tuning-v2", "prompt-ft"})
      train(method, request(method));
    auto r = request("p-tuning");
    r.options.encoder = "lstm";
    train("p-tuning-lstm", r);
    r = request("prompt-tuning");
    r.templateText = "[SOFT*4] " + kTemplate;  // the vectors at the template's slots
    train("prompt-tuning-slots", r);
    // Placement peft: the vectors before [CLS] as PEFT puts them; P-tuning with the template's own block of
    // pseudo tokens (moved before [CLS]).
    r = request("prompt-tuning");
    r.options.placement = "peft";
    train("prompt-tuning-peft", r);
    r = request("p-tuning");
    r.options.placement = "peft";
    r.templateText = "[P*4] " + kTemplate;
    train("p-tuning-peft", r);
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

  // Export -> import -> evaluate with evaluateWithPrompt (`pwb eval --prompt`): the run's predictions, for
  // a bundle and for a PEFT adapter, with no template or verbalizer given.
  void roundTripReproducesTheRun_data() {
    QTest::addColumn<QString>("run");
    QTest::addColumn<QString>("format");
    for (const char* run : {"prompt-tuning", "p-tuning", "p-tuning-lstm", "p-tuning-v2",
                            "prompt-tuning-slots", "prompt-tuning-peft", "p-tuning-peft"}) {
      for (const char* format : {"bundle", "peft"})
        QTest::newRow((std::string(run) + " " + format).c_str()) << QString(run) << QString(format);
    }
  }
  void roundTripReproducesTheRun() {
    QFETCH(QString, run);
    QFETCH(QString, format);
    const int64_t id = runs_.at(run.toStdString());
    const std::string out = tempDir("roundtrip-" + run.toStdString() + "-" + format.toStdString());
    exportRun({db_, id, format.toStdString(), out, ""});
    PromptEvalRequest er;
    er.promptDir = out;
    er.modelDir = kTinyBert;
    er.dataPath = testFile_;
    er.device = "cpu";
    const auto cell = evaluateWithPrompt(er);
    const auto recorded = recordedPredictions(db_, id);
    QCOMPARE(cell.examples.size(), size_t(30));
    QCOMPARE(recorded.size(), size_t(30));
    for (size_t i = 0; i < recorded.size(); ++i)
      QCOMPARE(cell.labels.at(size_t(cell.examples[i].pred)), recorded[i]);
    auto st = openStore(db_);
    QCOMPARE(cell.metrics.accuracy, st.getRun(id).results["test_accuracy"].get<double>());
    const std::string template_ = st.getRun(id).config["template"].get<std::string>();
    QCOMPARE(cell.templateText, template_);
    QCOMPARE(cell.verbalizerText, kVerbalizer);
  }

  // Placement peft: the adapter in PEFT's hands (bare, template without slots) scores every test example as
  // the run did, to float precision. Placement template: PEFT's placement differs, and the sidecar says so.
  void peftPlacementGivesTheRunsLogits_data() {
    QTest::addColumn<QString>("run");
    QTest::addColumn<bool>("same");
    QTest::newRow("prompt-tuning placement peft") << "prompt-tuning-peft" << true;
    QTest::newRow("p-tuning placement peft") << "p-tuning-peft" << true;
    QTest::newRow("prompt-tuning placement template") << "prompt-tuning" << false;
    QTest::newRow("p-tuning placement template") << "p-tuning" << false;
  }
  void peftPlacementGivesTheRunsLogits() {
    QFETCH(QString, run);
    QFETCH(bool, same);
    const int64_t id = runs_.at(run.toStdString());
    const std::string bundle = tempDir("logits-bundle-" + run.toStdString());
    const std::string adapter = tempDir("logits-peft-" + run.toStdString());
    exportRun({db_, id, "bundle", bundle, ""});
    const auto res = exportRun({db_, id, "peft", adapter, ""});
    const auto side = pwb::readJsonFile(pwb::joinPath(adapter, kPeftSidecarFile));
    QCOMPARE(side["placement"].get<std::string>(), std::string(same ? "peft" : "template"));
    QCOMPARE(res.notes.size(), size_t(1));
    QCOMPARE(QString::fromStdString(res.notes[0]).contains("PEFT computes the run's logits"), same);

    const auto logits = methodLogits(bundle);  // [30, 2], the run's own scoring
    PromptEvalRequest er;
    er.promptDir = bareCopy(adapter, "bare-" + run.toStdString());
    er.modelDir = kTinyBert;
    er.dataPath = testFile_;
    er.templateText = kTemplate;  // PEFT's input: the template without slots
    er.verbalizer = kVerbalizer;
    er.options.maxLength = 48 - 4;  // training's budget: max length 48 less the 4 vectors
    er.device = "cpu";
    const auto cell = evaluateWithPrompt(er);
    QCOMPARE(cell.examples.size(), size_t(30));
    double worst = 0;
    for (size_t i = 0; i < 30; ++i) {
      // Log-probs and logits of the two label words differ by the same normaliser: compare differences.
      const double peft = cell.examples[i].scores[1] - cell.examples[i].scores[0];
      const double own = (logits[int64_t(i)][1] - logits[int64_t(i)][0]).item<double>();
      worst = std::max(worst, std::abs(peft - own));
    }
    qInfo("%s: max |PEFT - run| over the 30 label-word logit differences %.3g", qPrintable(run), worst);
    if (same) {
      QVERIFY2(worst < 1e-4, qPrintable(QString("max difference %1").arg(worst)));
    } else {
      QVERIFY2(worst > 1e-3, qPrintable(QString("max difference %1").arg(worst)));
    }
  }

  // The P-tuning adapter holds the encoder's output as prompt_embeddings (PEFT's inference) and the encoder
  // itself under PeftModel's parameter names; both read back as written.
  void pTuningAdapterKeepsTheEncoder_data() {
    QTest::addColumn<QString>("run");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("mlp") << "p-tuning"
                         << QStringList{"embedding.weight", "mlp_head.0.bias",   "mlp_head.0.weight",
                                        "mlp_head.2.bias",  "mlp_head.2.weight", "mlp_head.4.bias",
                                        "mlp_head.4.weight"};
    QStringList lstm = {"embedding.weight", "mlp_head.0.bias", "mlp_head.0.weight", "mlp_head.2.bias",
                        "mlp_head.2.weight"};
    for (const char* l : {"l0", "l0_reverse", "l1", "l1_reverse"}) {
      for (const char* w : {"weight_ih", "weight_hh", "bias_ih", "bias_hh"})
        lstm << QString("lstm_head.%1_%2").arg(w, l);
    }
    QTest::newRow("lstm") << "p-tuning-lstm" << lstm;
  }
  void pTuningAdapterKeepsTheEncoder() {
    QFETCH(QString, run);
    QFETCH(QStringList, names);
    const std::string bundle = tempDir("encoder-bundle-" + run.toStdString());
    const std::string adapter = tempDir("encoder-peft-" + run.toStdString());
    exportRun({db_, runs_.at(run.toStdString()), "bundle", bundle, ""});
    exportRun({db_, runs_.at(run.toStdString()), "peft", adapter, ""});
    const auto state = pwb::train::readSafetensors(pwb::joinPath(bundle, kBundleTensorsFile));
    const pwb::model::SafetensorsFile file(pwb::joinPath(adapter, kPeftWeightsFile));
    QStringList stored;
    for (const auto& e : file.tensors()) stored << QString::fromStdString(e.name);
    stored.sort();
    QStringList want = {"prompt_embeddings"};
    for (const auto& n : names) want << QString(kPeftEncoderPrefix) + n;
    want.sort();
    QCOMPARE(stored, want);
    const auto a = readPeftAdapter(adapter);
    QVERIFY(torch::equal(a.promptEmbeddings, state.at("prompt_embeddings")));
    QCOMPARE(a.encoderTensors.size(), size_t(names.size()));
    for (const auto& [name, t] : a.encoderTensors) {
      const std::string ours = "encoder." + name.substr(std::string(kPeftEncoderPrefix).size());
      QVERIFY2(torch::equal(t, state.at(ours)), ours.c_str());
    }
    // Written again from what was read: the same bytes (the encoder survives a PEFT-layout round trip).
    const std::string again = tempDir("encoder-again-" + run.toStdString());
    writePeftAdapter(again, a);
    QCOMPARE(pwb::readFileBytes(pwb::joinPath(again, kPeftWeightsFile)),
             pwb::readFileBytes(pwb::joinPath(adapter, kPeftWeightsFile)));
    // Another adapter type may not carry an encoder.
    auto wrong = readPeftAdapter(std::string(PWB_REFERENCE_DIR) + "/fixtures/peft/prompt-tuning");
    wrong.encoderTensors = a.encoderTensors;
    QVERIFY(errorOf([&] {
              writePeftAdapter(tempDir("encoder-wrong"), wrong);
            }).contains("only a P_TUNING adapter carries a prompt encoder"));
  }

  // Placement peft refuses a template whose slots are not one block at its start.
  void peftPlacementNeedsSlotsAtTheStart() {
    auto r = request("prompt-tuning");
    r.options.placement = "peft";
    r.templateText = "{s} [SOFT*4] it was [MASK] .";
    const QString msg = errorOf([&] { pwb::train::runTraining(r); });
    QVERIFY2(msg.contains("placement peft") && msg.contains("one block at its start"), qPrintable(msg));
    r.options.placement = "left";
    QVERIFY(errorOf([&] { pwb::train::runTraining(r); }).contains("placement must be template or peft"));
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
