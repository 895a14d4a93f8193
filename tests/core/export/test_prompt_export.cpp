// Export and re-import of trained prompts on tiny-bert: PEFT adapters written byte for byte in PEFT's
// layout (fixture round trip), runs exported to PEFT (same keys/shapes/dtype as the fixtures, identical
// tensors and logits after re-import) or refused with the reason, bundles that reproduce the run's test
// predictions exactly and are refused on another model, evaluation with a prompt folder, nearest tokens.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/model_identity.h"
#include "export/peft_adapter.h"
#include "export/peft_export.h"
#include "export/peft_writer.h"
#include "export/prompt_eval.h"
#include "export/prompt_inspect.h"
#include "export/prompt_loader.h"
#include "export/run_export.h"
#include "model/masked_lm.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_tensor.h"
#include "prompt/prompt_renderer.h"
#include "store/run_store.h"
#include "support/error_of.h"
#include "support/tiny_prompt_runs.h"
#include "tokenize/tokenizer.h"
#include "train/safetensors_writer.h"
#include "train/training.h"

using namespace pwb::exporting;
namespace fs = std::filesystem;

using pwb::test::errorOf;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
const std::string kTinyBert = kFixtures + "tiny-bert";
const std::string kVerbalizer = "0=terrible;1=great";
const std::string kTemplate = "{s} it was [MASK] .";

std::string tempDir(const std::string& name) {
  const auto d = fs::path(PWB_BINARY_DIR) / "test-tmp" / "export-prompt" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

std::shared_ptr<pwb::model::MaskedLM> tinyBert() {
  static auto m = pwb::model::MaskedLM::load(kTinyBert);
  return m;
}

torch::Tensor caseIds() {
  const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at("prompt-tuning");
  return torch::tensor(ref.at("input_ids").get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0);
}

// Logits at the [MASK] of tiny-bert case 0 with the prompt applied.
torch::Tensor maskLogits(const SoftPrompt& p) {
  torch::NoGradGuard ng;
  auto m = tinyBert();
  const auto ids = caseIds();
  const auto applied = applySoftPrompt(p, *m, ids, {}, {});
  const auto h = m->encode(applied.input);
  const int64_t pos = (ids[0] == 4).nonzero().item<int64_t>() + applied.shift;
  return m->mlmLogits(h[0][pos].unsqueeze(0));
}

std::set<std::string> keysOf(const nlohmann::json& j) {
  std::set<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.insert(it.key());
  return out;
}

struct TrainedRun {
  int64_t runId = 0;
  std::string stateDir;
};

}  // namespace

class TestPromptExport : public QObject {
  Q_OBJECT

  std::string db_, trainFile_, testFile_;
  std::map<std::string, TrainedRun> runs_;  // by method

 private Q_SLOTS:
  void initTestCase() {
    pwb::model::setComputeThreads(2);
    const std::string dir = tempDir("runs");
    db_ = pwb::joinPath(dir, "project.pwb");
    const std::string sst = std::string(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    trainFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.train", 20, pwb::joinPath(dir, "train.txt"));
    testFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.test", 15, pwb::joinPath(dir, "test.txt"));
    for (const std::string method : {"prompt-tuning", "p-tuning", "p-tuning-v2", "prompt-ft"}) {
      auto r = pwb::test::tinyPromptRunRequest(kTinyBert, method, kTemplate, kVerbalizer, trainFile_,
                                               testFile_, db_);
      r.outputDir = pwb::joinPath(dir, "state");
      const auto res = pwb::train::runTraining(r);
      QVERIFY2(res.status == pwb::train::RunStatus::Finished, res.message.c_str());
      QCOMPARE(res.seeds.size(), size_t(1));
      runs_[method] = {std::stoll(res.seeds[0].runId), res.seeds[0].statePath};
    }
  }

  // Reading a PEFT fixture and writing it again gives the same bytes: our files are PEFT's layout.
  void peftFixtureRewrite_data() {
    QTest::addColumn<QString>("adapter");
    for (const char* a : {"prompt-tuning", "p-tuning-mlp", "p-tuning-lstm", "prefix-tuning"})
      QTest::newRow(a) << QString(a);
  }
  void peftFixtureRewrite() {
    QFETCH(QString, adapter);
    const std::string from = kFixtures + "peft/" + adapter.toStdString();
    const std::string to = tempDir("rewrite-" + adapter.toStdString());
    writePeftAdapter(to, readPeftAdapter(from));
    for (const char* f : {kPeftConfigFile, kPeftWeightsFile}) {
      QVERIFY2(pwb::readFileBytes(pwb::joinPath(to, f)) == pwb::readFileBytes(pwb::joinPath(from, f)), f);
    }
  }

  // A run exported as PEFT has the fixture's layout and loads back to the same tensor and logits.
  void peftExportOfRun_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("fixture");
    QTest::newRow("prompt-tuning") << "prompt-tuning"
                                   << "prompt-tuning";
    QTest::newRow("p-tuning") << "p-tuning"
                              << "p-tuning-mlp";
    QTest::newRow("p-tuning-v2") << "p-tuning-v2"
                                 << "prefix-tuning";
  }
  void peftExportOfRun() {
    QFETCH(QString, method);
    QFETCH(QString, fixture);
    const auto& run = runs_.at(method.toStdString());
    const std::string out = tempDir("peft-" + method.toStdString());
    RunExportRequest r{db_, run.runId, "peft", out, ""};
    const auto res = exportRun(r);
    QCOMPARE(res.files.size(), size_t(3));
    const std::string fx = kFixtures + "peft/" + fixture.toStdString() + "/";
    const auto cfg = pwb::readJsonFile(pwb::joinPath(out, kPeftConfigFile));
    const auto want = pwb::readJsonFile(fx + kPeftConfigFile);
    QCOMPARE(keysOf(cfg), keysOf(want));
    QCOMPARE(cfg["peft_type"], want["peft_type"]);
    QCOMPARE(cfg["task_type"], want["task_type"]);
    QCOMPARE(cfg["num_virtual_tokens"], want["num_virtual_tokens"]);
    QCOMPARE(cfg["token_dim"], want["token_dim"]);
    QCOMPARE(cfg["num_layers"], want["num_layers"]);
    QCOMPARE(cfg["num_attention_heads"], want["num_attention_heads"]);
    QCOMPARE(cfg["base_model_name_or_path"], want["base_model_name_or_path"]);
    if (method == "p-tuning") {
      QCOMPARE(cfg["encoder_reparameterization_type"], want["encoder_reparameterization_type"]);
      QCOMPARE(cfg["encoder_hidden_size"], want["encoder_hidden_size"]);
    }
    const pwb::model::SafetensorsFile got(pwb::joinPath(out, kPeftWeightsFile)), ref(fx + kPeftWeightsFile);
    // P-tuning adds its prompt encoder (prompt_encoder.default.*: embedding + three MLP layers) after
    // PEFT's one tensor; test_export_roundtrip checks those.
    QCOMPARE(got.tensors().size(), size_t(method == "p-tuning" ? 1 + 7 : 1));
    QCOMPARE(got.tensors()[0].name, ref.tensors()[0].name);
    QCOMPARE(got.tensors()[0].shape, ref.tensors()[0].shape);
    QVERIFY(got.tensors()[0].dtype == pwb::model::StoredDtype::F32);
    QCOMPARE(got.metadata(), ref.metadata());
    // Identical tensor after re-import, identical logits.
    const auto state = pwb::train::readSafetensors(pwb::joinPath(run.stateDir, "method.safetensors"));
    const auto imported = readPeftAdapter(out);
    QVERIFY(torch::equal(imported.promptEmbeddings, state.at("prompt_embeddings")));
    SoftPrompt original{method == "p-tuning-v2" ? PromptPlacement::Prefix : PromptPlacement::BeforeCls,
                        state.at("prompt_embeddings")};
    QCOMPARE((maskLogits(toSoftPrompt(imported)) - maskLogits(original)).abs().max().item<double>(), 0.0);
    // The sidecar keeps what PEFT has no place for.
    const auto side = pwb::readJsonFile(pwb::joinPath(out, kPeftSidecarFile));
    QCOMPARE(side["template"].get<std::string>(), kTemplate);
    QCOMPARE(side["verbalizer"].get<std::string>(), kVerbalizer);
    QCOMPARE(side["labels"], nlohmann::json({"0", "1"}));
    QCOMPARE(side["method"].get<std::string>(), method.toStdString());
    QCOMPARE(res.notes.empty(), method == "p-tuning-v2");  // the [CLS] placement note for prepended prompts
  }

  void peftRefusals() {
    QCOMPARE(peftRefusal("prompt-tuning", {}, "[SOFT*4] {s} it was [MASK] ."), std::string());
    QCOMPARE(peftRefusal("prompt-tuning", {}, "[CLS] [SOFT*4] {s} it was [MASK] ."), std::string());
    QCOMPARE(peftRefusal("p-tuning", {}, "[P*3] {s} it was [MASK] ."), std::string());
    QCOMPARE(peftRefusal("p-tuning", {}, "[P*2] [P] {s} it was [MASK] ."), std::string());
    QCOMPARE(peftRefusal("p-tuning-v2", {{"head", "verbalizer"}}, kTemplate), std::string());
    auto has = [](const std::string& why, const char* part) {
      return QString::fromStdString(why).contains(part);
    };
    QVERIFY(has(peftRefusal("prompt-tuning", {}, "[SOFT*2] {s} [SOFT*2] it was [MASK] ."), "interleaves"));
    QVERIFY(has(peftRefusal("prompt-tuning", {}, "{s} [SOFT*4] it was [MASK] ."), "not at its start"));
    QVERIFY(has(peftRefusal("p-tuning", {}, "[P*2] {s} [P] it was [P] [MASK] ."), "anchor text"));
    QVERIFY(has(peftRefusal("p-tuning", {{"joint_tuning", true}}, kTemplate), "joint tuning"));
    QVERIFY(has(peftRefusal("p-tuning-v2", {{"head", "cls"}}, kTemplate), "classification head on [CLS]"));
    QVERIFY(has(peftRefusal("fine-tune", {}, kTemplate), "model's own weights"));
    const QString msg = errorOf([&] {
      exportRun({db_, runs_.at("prompt-ft").runId, "peft", tempDir("peft-refused"), ""});
    });
    QVERIFY2(msg.contains("cannot export as a PEFT adapter") && msg.contains("export a bundle instead"),
             qPrintable(msg));
  }

  // The bundle holds the run's tensors and record and reproduces its test predictions exactly.
  void bundleReproducesRun_data() {
    QTest::addColumn<QString>("method");
    for (const char* m : {"prompt-tuning", "p-tuning", "p-tuning-v2", "prompt-ft"})
      QTest::newRow(m) << QString(m);
  }
  void bundleReproducesRun() {
    QFETCH(QString, method);
    const auto& run = runs_.at(method.toStdString());
    const std::string out = tempDir("bundle-" + method.toStdString());
    exportRun({db_, run.runId, "bundle", out, ""});
    const auto info = readBundleInfo(out);
    QCOMPARE(info.method, method.toStdString());
    QCOMPARE(info.templateText, kTemplate);
    QCOMPARE(info.verbalizer, kVerbalizer);
    QCOMPARE(info.model.name, std::string("tiny-bert"));
    QCOMPARE(info.model.configHash, tinyBert()->config().configHash);
    QCOMPARE(info.model.tokenizerHash, tokenizerHash(kTinyBert));
    QCOMPARE(info.programVersion, std::string(PWB_VERSION));
    QCOMPARE(info.hyperparameters["steps"].get<int>(), 3);
    QCOMPARE(info.hyperparameters["seed"].get<int>(), 13);
    QCOMPARE(info.trainsModel, method == "prompt-ft");
    QCOMPARE(fs::exists(pwb::joinPath(out, kBundleModelFile)), method == "prompt-ft");
    QCOMPARE(pwb::readFileBytes(pwb::joinPath(out, kBundleTensorsFile)),
             pwb::readFileBytes(pwb::joinPath(run.stateDir, "method.safetensors")));

    pwb::store::StoreOptions so;
    so.mode = pwb::store::OpenMode::ReadOnly;
    pwb::store::RunStore st(db_, so);
    const auto rec = st.getRun(run.runId);
    QCOMPARE(info.metrics["test_accuracy"].get<double>(), rec.results["test_accuracy"].get<double>());
    const auto evals = st.listEvaluations(run.runId);
    QCOMPARE(evals.size(), size_t(1));
    const auto ev = st.getEvaluation(evals[0].id);

    BundlePredictRequest q;
    q.bundleDir = out;
    q.modelDir = kTinyBert;
    q.dataPath = testFile_;
    const auto pred = predictWithBundle(q);
    QCOMPARE(pred.predicted.size(), ev.predictions.size());
    QCOMPARE(pred.predicted.size(), size_t(30));
    for (size_t i = 0; i < pred.predicted.size(); ++i) {
      QCOMPARE(pred.labels[static_cast<size_t>(pred.predicted[i])], ev.predictions[i].predicted);
    }
    QCOMPARE(pred.accuracy, rec.results["test_accuracy"].get<double>());

    // `pwb eval --prompt` on a bundle goes through the same path.
    PromptEvalRequest er;
    er.promptDir = out;
    er.modelDir = kTinyBert;
    er.dataPath = testFile_;
    const auto cell = evaluateWithPrompt(er);
    QCOMPARE(cell.metrics.accuracy, pred.accuracy);
    QCOMPARE(cell.examples.size(), size_t(30));
  }

  void bundleOnWrongModel() {
    const std::string out = tempDir("bundle-wrong");
    exportRun({db_, runs_.at("prompt-tuning").runId, "bundle", out, ""});
    BundlePredictRequest q;
    q.bundleDir = out;
    q.modelDir = kFixtures + "tiny-roberta";
    q.dataPath = testFile_;
    const QString msg = errorOf([&] { predictWithBundle(q); });
    QVERIFY2(
        msg.contains("prompt.json") && msg.contains("trained on tiny-bert") && msg.contains("tiny-roberta"),
        qPrintable(msg));
    // Same architecture, different tokenizer file: refused too.
    const std::string other = tempDir("tiny-bert-other-vocab");
    for (const auto& e : fs::directory_iterator(kTinyBert))
      fs::copy_file(e.path(), fs::path(other) / e.path().filename());
    { std::ofstream(pwb::joinPath(other, "tokenizer_config.json"), std::ios::app) << " "; }
    q.modelDir = other;
    const QString msg2 = errorOf([&] { predictWithBundle(q); });
    QVERIFY2(msg2.contains("the tokenizer differs"), qPrintable(msg2));
    // Our PEFT export records the model in its sidecar: applying it to another model is refused too.
    const std::string peft = tempDir("peft-wrong");
    exportRun({db_, runs_.at("prompt-tuning").runId, "peft", peft, ""});
    const std::string roberta = kFixtures + "tiny-roberta";
    const auto rc = pwb::model::ModelConfig::fromFile(roberta + "/config.json");
    const QString msg3 = errorOf([&] { loadPrompt(peft, rc, roberta); });
    QVERIFY2(msg3.contains("prompt_workbench.json") && msg3.contains("tiny-roberta"), qPrintable(msg3));
    QCOMPARE(loadPrompt(peft, tinyBert()->config(), kTinyBert).templateText, kTemplate);
    // A damaged prompt.json names the key.
    auto j = pwb::readJsonFile(pwb::joinPath(out, kBundleInfoFile));
    j["model"].erase("config_hash");
    std::ofstream(pwb::joinPath(out, kBundleInfoFile), std::ios::trunc) << j.dump();
    QVERIFY(errorOf([&] { readBundleInfo(out); }).contains("model.config_hash"));
  }

  // PEFT adapter evaluated through the template: class scores are the label words' log-probs at [MASK]
  // with the virtual tokens before [CLS].
  void evaluatePeftAdapter() {
    PromptEvalRequest er;
    er.promptDir = kFixtures + "peft/prompt-tuning";
    er.modelDir = kTinyBert;
    er.dataPath = testFile_;
    QVERIFY(errorOf([&] { evaluateWithPrompt(er); }).contains("pass --template and --verbalizer"));
    er.templateText = kTemplate;
    er.verbalizer = kVerbalizer;
    const auto cell = evaluateWithPrompt(er);
    QCOMPARE(cell.examples.size(), size_t(30));
    QCOMPARE(cell.metrics.count, 30);
    // A prefix adapter: the prefix takes positions too, so long inputs are cut to leave room for it.
    er.promptDir = kFixtures + "peft/prefix-tuning";
    QCOMPARE(evaluateWithPrompt(er).metrics.count, 30);
    er.promptDir = kFixtures + "peft/prompt-tuning";
    // Example 0 by hand.
    const auto tok = pwb::tokenize::loadTokenizer(kTinyBert);
    const auto data = pwb::readFileBytes(testFile_);
    const std::string text = data.substr(2, data.find('\n') - 2);
    const pwb::prompt::PromptRenderer renderer(pwb::prompt::parseTemplate(kTemplate), {"sentence"}, *tok, 60);
    const auto rp = renderer.render({text});
    const auto ids = torch::tensor(rp.ids, torch::kLong).unsqueeze(0);
    torch::NoGradGuard ng;
    auto m = tinyBert();
    const auto prompt =
        pwb::model::readFloatTensor(er.promptDir + "/adapter_model.safetensors", "prompt_embeddings");
    pwb::model::EncoderInput in;
    in.inputsEmbeds = torch::cat({prompt.unsqueeze(0), m->wordEmbeddings(ids)}, 1);
    const auto h = m->encode(in);
    const auto logp = torch::log_softmax(m->mlmLogits(h[0][rp.maskPositions[0] + 4].unsqueeze(0)), 1)[0];
    QVERIFY(std::abs(cell.examples[0].scores[0] - logp[tok->tokenToId("terrible")].item<double>()) < 1e-5);
    QVERIFY(std::abs(cell.examples[0].scores[1] - logp[tok->tokenToId("great")].item<double>()) < 1e-5);
  }

  // Vectors equal to word embeddings have those words as nearest tokens, cosine 1.
  void nearestTokens() {
    auto m = tinyBert();
    const auto tok = pwb::tokenize::loadTokenizer(kTinyBert);
    const std::vector<std::string> words = {"great", "bad", "yes", "no"};
    std::vector<int64_t> ids;
    for (const auto& w : words) ids.push_back(tok->tokenToId(w));
    PeftAdapter a = readPeftAdapter(kFixtures + "peft/prompt-tuning");
    {
      torch::NoGradGuard ng;
      a.promptEmbeddings = m->wordEmbeddings(torch::tensor(ids, torch::kLong)).clone();
    }
    const std::string dir = tempDir("nearest");
    writePeftAdapter(dir, a);
    const auto in = inspectPrompt(dir, kTinyBert, 3);
    QCOMPARE(in.vectors.size(), size_t(4));
    for (size_t i = 0; i < 4; ++i) {
      QCOMPARE(in.vectors[i].nearest.size(), size_t(3));
      QCOMPARE(in.vectors[i].nearest[0].token, words[i]);
      QVERIFY(std::abs(in.vectors[i].nearest[0].cosine - 1.0) < 1e-5);
      QVERIFY(in.vectors[i].nearest[1].cosine <= in.vectors[i].nearest[0].cosine);
      QVERIFY(in.vectors[i].nearest[2].cosine <= in.vectors[i].nearest[1].cosine);
    }
    QVERIFY(QString::fromStdString(inspectionReport(in)).contains("nearest: great (1.000)"));
    const auto prefix = inspectPrompt(kFixtures + "peft/prefix-tuning", kTinyBert, 3);
    QCOMPARE(prefix.placement, std::string("prefix"));
    QVERIFY(prefix.vectors[0].nearest.empty());
    QCOMPARE(prefix.notes.size(), size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestPromptExport)
#include "test_prompt_export.moc"
