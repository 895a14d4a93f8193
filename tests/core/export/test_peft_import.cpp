// PEFT adapters written by the real PEFT library (tests/reference/fixtures/peft) imported onto tiny-bert: the
// logits at the [MASK] of case 0 must equal PEFT's to 1e-4 for all four adapter kinds, and every kind of
// bad adapter folder is refused with a message naming the file and key.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "export/peft_adapter.h"
#include "export/soft_prompt.h"
#include "model/masked_lm.h"
#include "support/error_of.h"

using namespace pwb::exporting;

using pwb::test::errorOf;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
constexpr double kTol = 1e-4;

std::shared_ptr<pwb::model::MaskedLM> tinyBert() {
  static auto m = pwb::model::MaskedLM::load(kFixtures + "tiny-bert");
  return m;
}

torch::Tensor row(const nlohmann::json& j) {
  return torch::tensor(j.get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0);
}

// Logits at the [MASK] of tiny-bert case 0 with the adapter applied, as the export module applies it.
torch::Tensor maskLogits(const SoftPrompt& prompt, const nlohmann::json& ref) {
  torch::NoGradGuard ng;
  auto m = tinyBert();
  const auto ids = row(ref.at("input_ids"));
  const auto applied = applySoftPrompt(prompt, *m, ids, torch::ones_like(ids), torch::zeros_like(ids));
  const auto h = m->encode(applied.input);
  if (h.size(1) != ref.at("output_shape")[1].get<int64_t>()) return {};
  const int64_t maskPos = (ids[0] == 4).nonzero().item<int64_t>() + applied.shift;
  return m->mlmLogits(h[0][maskPos].unsqueeze(0));
}

std::string tempDir(const std::string& name) {
  const auto d = std::filesystem::path(PWB_BINARY_DIR) / "test-tmp" / "export" / name;
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A copy of a fixture adapter whose adapter_config.json is changed by `edit`.
std::string adapterWithConfig(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  const std::string dir = tempDir(name);
  auto cfg = pwb::readJsonFile(kFixtures + "peft/prompt-tuning/adapter_config.json");
  edit(cfg);
  writeText(pwb::joinPath(dir, kPeftConfigFile), cfg.dump(2));
  std::filesystem::copy_file(kFixtures + "peft/prompt-tuning/adapter_model.safetensors",
                             pwb::joinPath(dir, kPeftWeightsFile));
  return dir;
}

}  // namespace

class TestPeftImport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(2); }

  void fixtureLogits_data() {
    QTest::addColumn<QString>("adapter");
    for (const char* a : {"prompt-tuning", "p-tuning-mlp", "p-tuning-lstm", "prefix-tuning"}) {
      QTest::newRow(a) << QString(a);
    }
  }

  void fixtureLogits() {
    QFETCH(QString, adapter);
    const std::string name = adapter.toStdString();
    const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at(name);
    const auto a = readPeftAdapter(kFixtures + "peft/" + name);
    QCOMPARE(QString(peftTypeName(a.config.type)),
             QString::fromStdString(ref["adapter_config"]["peft_type"]));
    QCOMPARE(a.config.numVirtualTokens, int64_t(4));
    QCOMPARE(a.promptEmbeddings.sizes().vec(),
             ref["tensors"]["prompt_embeddings"].get<std::vector<int64_t>>());
    checkAdapterFitsModel(a.config, tinyBert()->config(), "adapter_config.json");
    const auto prompt = toSoftPrompt(a);
    QCOMPARE(prompt.placement == PromptPlacement::Prefix, name == "prefix-tuning");
    const auto logits = maskLogits(prompt, ref);
    QVERIFY2(logits.defined(), "output length differs from PEFT's");
    const auto want = torch::tensor(ref["mask_logits"][0].get<std::vector<float>>()).unsqueeze(0);
    const double diff = (logits - want).abs().max().item<double>();
    QVERIFY2(diff < kTol, std::to_string(diff).c_str());
    // The adapter must matter: the plain model's logits there are far away.
    torch::NoGradGuard ng;
    pwb::model::EncoderInput plain;
    plain.inputIds = row(ref.at("input_ids"));
    const int64_t maskPos = (plain.inputIds[0] == 4).nonzero().item<int64_t>();
    const auto base = tinyBert()->mlmLogits(tinyBert()->encode(plain)[0][maskPos].unsqueeze(0));
    QVERIFY((base - want).abs().max().item<double>() > 1e-2);
  }

  // Slot placement (our prompt tuning without explicit slots) puts the vectors after [CLS]: a different
  // input than PEFT's, so different logits — and the same as building the input by hand.
  void slotPlacementInsertsAfterCls() {
    torch::NoGradGuard ng;
    const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at("prompt-tuning");
    auto a = readPeftAdapter(kFixtures + "peft/prompt-tuning");
    auto m = tinyBert();
    const auto ids = row(ref.at("input_ids"));
    SoftPrompt p{PromptPlacement::Slots, a.promptEmbeddings};
    const auto applied = applySoftPrompt(p, *m, ids, {}, {});
    QCOMPARE(applied.shift, int64_t(4));
    using torch::indexing::Slice;
    const auto w = m->wordEmbeddings(ids);
    const auto byHand = torch::cat(
        {w.index({Slice(), Slice(0, 1)}), a.promptEmbeddings.unsqueeze(0), w.index({Slice(), Slice(1)})}, 1);
    QCOMPARE((applied.input.inputsEmbeds - byHand).abs().max().item<double>(), 0.0);
    // Explicit slots: positions 1..4 of a longer input replaced in place, nothing shifted.
    const auto longer = torch::cat({ids.index({Slice(), Slice(0, 1)}), torch::full({1, 4}, 1, torch::kLong),
                                    ids.index({Slice(), Slice(1)})},
                                   1);
    auto slots = torch::full_like(longer, -1);
    slots.index_put_({0, Slice(1, 5)}, torch::arange(4));
    const auto inPlace = applySoftPrompt(p, *m, longer, {}, {}, slots);
    QCOMPARE(inPlace.shift, int64_t(0));
    QCOMPARE((inPlace.input.inputsEmbeds - byHand).abs().max().item<double>(), 0.0);
  }

  void badConfigs_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");  // JSON; "DELETE" removes the key
    QTest::addColumn<QString>("expected");
    QTest::newRow("lora") << "peft_type"
                          << "\"LORA\""
                          << "'LORA' is not a prompt-learning adapter";
    QTest::newRow("no type") << "peft_type"
                             << "DELETE"
                             << "'peft_type': missing";
    QTest::newRow("seq cls") << "task_type"
                             << "\"SEQ_CLS\""
                             << "'SEQ_CLS' is not supported";
    QTest::newRow("zero tokens") << "num_virtual_tokens"
                                 << "0"
                                 << "'num_virtual_tokens': must be between 1 and 4096, got 0";
    QTest::newRow("string tokens") << "num_virtual_tokens"
                                   << "\"4\""
                                   << "must be a whole number";
    QTest::newRow("no token_dim") << "token_dim"
                                  << "DELETE"
                                  << "'token_dim': missing";
    QTest::newRow("heads") << "num_attention_heads"
                           << "5"
                           << "not a multiple of 5";
    QTest::newRow("submodules") << "num_transformer_submodules"
                                << "2"
                                << "encoder-decoder";
    QTest::newRow("shape") << "num_virtual_tokens"
                           << "8"
                           << "needs [8, 32]";
    QTest::newRow("width") << "token_dim"
                           << "64"
                           << "needs [4, 64]";
  }

  void badConfigs() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const std::string dir = adapterWithConfig("bad-config", [&](nlohmann::json& j) {
      if (value == "DELETE") {
        j.erase(key.toStdString());
      } else {
        j[key.toStdString()] = nlohmann::json::parse(value.toStdString());
      }
    });
    const QString msg = errorOf([&] { readPeftAdapter(dir); });
    QVERIFY2(msg.contains(expected), qPrintable(msg));
    QVERIFY2(msg.contains("adapter_"), qPrintable(msg));  // names the file
  }

  void wrongBaseModel() {
    auto a = readPeftAdapter(kFixtures + "peft/prefix-tuning");
    auto cfg = tinyBert()->config();
    cfg.numLayers = 3;
    const QString msg = errorOf([&] { checkAdapterFitsModel(a.config, cfg, "x/adapter_config.json"); });
    QVERIFY2(msg.contains("num_layers") && msg.contains("3 layers"), qPrintable(msg));
    cfg = tinyBert()->config();
    cfg.hiddenSize = 64;
    const QString msg2 = errorOf([&] { checkAdapterFitsModel(a.config, cfg, "x/adapter_config.json"); });
    QVERIFY2(msg2.contains("token_dim") && msg2.contains("hidden size 64"), qPrintable(msg2));
  }

  void badFolders() {
    const std::string empty = tempDir("empty");
    QVERIFY(errorOf([&] { readPeftAdapter(empty); }).contains("not a PEFT adapter folder"));
    // Only a pickle: refused without reading it.
    const std::string pickle = tempDir("pickle");
    std::filesystem::copy_file(kFixtures + "peft/prompt-tuning/adapter_config.json",
                               pwb::joinPath(pickle, kPeftConfigFile));
    writeText(pwb::joinPath(pickle, "adapter_model.bin"), "PK\x03\x04 not really");
    QVERIFY(errorOf([&] { readPeftAdapter(pickle); }).contains("never loaded"));
    // Truncated weights.
    const std::string cut = tempDir("truncated");
    std::filesystem::copy_file(kFixtures + "peft/prompt-tuning/adapter_config.json",
                               pwb::joinPath(cut, kPeftConfigFile));
    const std::string bytes = pwb::readFileBytes(kFixtures + "peft/prompt-tuning/adapter_model.safetensors");
    writeText(pwb::joinPath(cut, kPeftWeightsFile), bytes.substr(0, bytes.size() - 100));
    QVERIFY(errorOf([&] { readPeftAdapter(cut); }).contains(QString::fromStdString(kPeftWeightsFile)));
    // Invalid JSON.
    const std::string junk = tempDir("junk");
    writeText(pwb::joinPath(junk, kPeftConfigFile), "{\"peft_type\": ");
    QVERIFY(errorOf([&] { readPeftAdapter(junk); }).contains("adapter_config.json"));
  }
};

QTEST_GUILESS_MAIN(TestPeftImport)
#include "test_peft_import.moc"
