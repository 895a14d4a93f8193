// The encoder and MLM head against the transformers reference outputs of the tiny fixtures (1e-4), and the
// API paths the training methods rely on: padded batches, logits at chosen columns, inputs_embeds, and the
// four PEFT adapter kinds (prompt tuning, P-tuning MLP/LSTM, prefix tuning).
#include <QtTest>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "model/masked_lm.h"
#include "model/safetensors_tensor.h"

using pwb::model::EncoderInput;
using pwb::model::MaskedLM;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
constexpr double kTol = 1e-4;

torch::Tensor longRow(const nlohmann::json& j) {
  if (j.is_null()) return {};
  return torch::tensor(j.get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0);
}
torch::Tensor longRows(const nlohmann::json& j) {
  if (j.is_null()) return {};  // RoBERTa fixtures carry no token type ids
  std::vector<torch::Tensor> rows;
  for (const auto& r : j) rows.push_back(longRow(r));
  return torch::cat(rows, 0);
}
torch::Tensor floats(const nlohmann::json& j) {
  if (j.is_array() && !j.empty() && j.front().is_array()) {
    std::vector<torch::Tensor> rows;
    for (const auto& r : j) rows.push_back(floats(r).unsqueeze(0));
    return torch::cat(rows, 0);
  }
  return torch::tensor(j.get<std::vector<float>>(), torch::kFloat);
}
double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.sizes() != b.sizes()) return 1e9;
  return (a.to(torch::kFloat) - b.to(torch::kFloat)).abs().max().item<double>();
}

std::shared_ptr<MaskedLM> loadFixture(const std::string& name) {
  static std::map<std::string, std::shared_ptr<MaskedLM>> cache;
  auto& m = cache[name];
  if (!m) m = MaskedLM::load(kFixtures + name);
  return m;
}

}  // namespace

class TestMaskedLM : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(2); }

  void referenceCases_data() {
    QTest::addColumn<QString>("model");
    for (const char* m : {"tiny-bert", "tiny-bert-legacy", "tiny-roberta"}) QTest::newRow(m) << QString(m);
  }

  // Every case of reference.json: mask logits, first-token logits, [CLS] hidden state, embedding output
  // and the logit sums over all positions.
  void referenceCases() {
    QFETCH(QString, model);
    const std::string name = model.toStdString();
    torch::NoGradGuard ng;
    const auto ref = pwb::readJsonFile(kFixtures + name + "/reference.json");
    auto m = loadFixture(name);
    QVERIFY(ref.at("cases").size() >= 3);
    for (const auto& c : ref.at("cases")) {
      EncoderInput in;
      in.inputIds = longRow(c.at("input_ids"));
      in.tokenTypeIds = longRow(c.at("token_type_ids"));
      const auto emb = m->embeddingOutput(in);
      QVERIFY2(maxDiff(emb[0][0], floats(c.at("embedding_output_first_token"))) < kTol, name.c_str());
      const auto h = m->encode(in);
      QVERIFY2(maxDiff(h[0][0], floats(c.at("last_hidden_first_token"))) < kTol, name.c_str());
      const auto all = m->mlmLogits(h[0]);  // [T,V]
      QCOMPARE(all.size(1), m->config().vocabSize);
      QVERIFY(maxDiff(all[0], floats(c.at("first_token_logits"))) < kTol);
      const double sum = all.sum().item<double>(), absSum = all.abs().sum().item<double>();
      QVERIFY2(std::abs(sum - c.at("logits_sum").get<double>()) < 1e-3 * std::max(1.0, std::abs(sum)),
               (std::to_string(sum) + " vs " + c.at("logits_sum").dump()).c_str());
      QVERIFY(std::abs(absSum - c.at("logits_abs_sum").get<double>()) < 1e-5 * absSum + 1e-3);
      const auto pos = torch::tensor(c.at("mask_positions").get<std::vector<int64_t>>(), torch::kLong);
      const auto rows = MaskedLM::gatherPositions(h, torch::zeros_like(pos), pos);
      QVERIFY(maxDiff(m->mlmLogits(rows), floats(c.at("mask_logits"))) < kTol);
    }
  }

  void paddedBatch_data() { referenceCases_data(); }

  // The padded batch gives the reference (and the unpadded) first-token logits for every row.
  void paddedBatch() {
    QFETCH(QString, model);
    torch::NoGradGuard ng;
    const auto ref = pwb::readJsonFile(kFixtures + model.toStdString() + "/reference.json");
    const auto& pb = ref.at("padded_batch");
    auto m = loadFixture(model.toStdString());
    EncoderInput in;
    in.inputIds = longRows(pb.at("input_ids"));
    in.attentionMask = longRows(pb.at("attention_mask"));
    in.tokenTypeIds = longRows(pb.at("token_type_ids"));
    QVERIFY(in.attentionMask.eq(0).any().item<bool>());  // really padded
    if (!in.tokenTypeIds.defined()) in.tokenTypeIds = torch::zeros_like(in.inputIds);
    const auto h = m->encode(in);
    const auto logits = m->mlmLogits(h.select(1, 0));
    QVERIFY(maxDiff(logits, floats(pb.at("first_token_logits"))) < kTol);
    for (int64_t b = 0; b < in.inputIds.size(0); ++b) {
      const int64_t len = in.attentionMask[b].sum().item<int64_t>();
      EncoderInput one;
      one.inputIds = in.inputIds[b].slice(0, 0, len).unsqueeze(0);
      one.tokenTypeIds = in.tokenTypeIds[b].slice(0, 0, len).unsqueeze(0);
      const auto h1 = m->encode(one);
      QVERIFY(maxDiff(h1[0], h[b].slice(0, 0, len)) < kTol);
    }
  }

  void logitsForEqualsColumns() {
    torch::NoGradGuard ng;
    for (const char* name : {"tiny-bert", "tiny-roberta"}) {
      auto m = loadFixture(name);
      EncoderInput in;
      in.inputIds = torch::tensor(
          {{m->config().isRoberta() ? 0 : 2, 17, 40, 55, 4, 6, m->config().isRoberta() ? 2 : 3}},
          torch::kLong);
      const auto h = m->encode(in)[0];
      const auto ids = torch::tensor({5, 77, 3, 120, 5}, torch::kLong);
      const auto full = m->mlmLogits(h);
      const auto part = m->mlmLogitsFor(h, ids);
      QCOMPARE(part.sizes(), (std::vector<int64_t>{7, 5}));
      QVERIFY(maxDiff(part, full.index_select(1, ids)) < 1e-5);
      QVERIFY(maxDiff(part.select(1, 0), part.select(1, 4)) < 1e-6);
    }
  }

  void inputsEmbedsEqualsIds() {
    torch::NoGradGuard ng;
    for (const char* name : {"tiny-bert", "tiny-roberta"}) {
      auto m = loadFixture(name);
      const auto ref = pwb::readJsonFile(kFixtures + std::string(name) + "/reference.json");
      const auto& c = ref.at("cases").at(1);
      EncoderInput byIds;
      byIds.inputIds = longRow(c.at("input_ids"));
      byIds.tokenTypeIds = longRow(c.at("token_type_ids"));
      EncoderInput byEmb;
      byEmb.inputsEmbeds = m->wordEmbeddings(byIds.inputIds);
      byEmb.tokenTypeIds = byIds.tokenTypeIds;
      const auto a = m->encode(byIds), b = m->encode(byEmb);
      QVERIFY(maxDiff(a, b) < 1e-6);
      QVERIFY(maxDiff(b[0][0], floats(c.at("last_hidden_first_token"))) < kTol);
    }
  }

  void parameterNamesMirrorCheckpoint() {
    auto bert = loadFixture("tiny-bert");
    auto params = bert->named_parameters();
    QVERIFY(params.contains("bert.encoder.layer.1.attention.self.query.weight"));
    QVERIFY(params.contains("cls.predictions.transform.LayerNorm.weight"));
    QVERIFY(params.contains("cls.predictions.bias"));
    QVERIFY(!params.contains("cls.predictions.decoder.weight"));  // tied
    QCOMPARE(int(params.size()), 5 + 2 * 16 + 5);
    // Tied: the decoder is the embedding matrix itself.
    QVERIFY(bert->decoderWeight().is_same(params["bert.embeddings.word_embeddings.weight"]));
    auto roberta = loadFixture("tiny-roberta");
    QVERIFY(roberta->named_parameters().contains("lm_head.layer_norm.bias"));
    QVERIFY(roberta->named_parameters().contains("roberta.embeddings.position_embeddings.weight"));
    QCOMPARE(roberta->config().positionOffset(), int64_t(2));
  }

  // Dropout follows train()/eval(): deterministic in eval, random in train.
  void dropoutOnlyInTraining() {
    auto m = MaskedLM::load(kFixtures + "tiny-bert");
    EncoderInput in;
    in.inputIds = torch::tensor({{2, 17, 164, 55, 4, 6, 3}}, torch::kLong);
    const auto e1 = m->encode(in), e2 = m->encode(in);
    QCOMPARE(maxDiff(e1, e2), 0.0);
    m->train();
    const auto t1 = m->encode(in);
    QVERIFY(maxDiff(t1, e1) > 1e-3);
    QVERIFY(t1.requires_grad());
    m->eval();
  }

  void peftPromptAdapters_data() {
    QTest::addColumn<QString>("adapter");
    for (const char* a : {"prompt-tuning", "p-tuning-mlp", "p-tuning-lstm"}) QTest::newRow(a) << QString(a);
  }

  // Prompt tuning / P-tuning as PEFT runs them: the virtual tokens' embeddings go before [CLS] through
  // inputs_embeds, the attention mask is extended with ones, positions count over the whole length.
  void peftPromptAdapters() {
    QFETCH(QString, adapter);
    torch::NoGradGuard ng;
    const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at(adapter.toStdString());
    auto m = loadFixture("tiny-bert");
    const auto prompt = pwb::model::readFloatTensor(
        kFixtures + "peft/" + adapter.toStdString() + "/adapter_model.safetensors", "prompt_embeddings");
    const auto ids = longRow(ref.at("input_ids"));
    const int64_t P = prompt.size(0), offset = ref.at("virtual_token_offset").get<int64_t>();
    QCOMPARE(P, offset);
    EncoderInput in;
    in.inputsEmbeds = torch::cat({prompt.unsqueeze(0), m->wordEmbeddings(ids)}, 1);
    in.attentionMask = torch::ones({1, P + ids.size(1)}, torch::kLong);
    const auto h = m->encode(in);
    QCOMPARE(h.size(1), ref.at("output_shape")[1].get<int64_t>());
    const int64_t maskPos = (ids[0] == 4).nonzero().item<int64_t>() + P;
    const auto logits = m->mlmLogits(h[0][maskPos].unsqueeze(0));
    QVERIFY2(maxDiff(logits, floats(ref.at("mask_logits"))) < kTol,
             std::to_string(maxDiff(logits, floats(ref.at("mask_logits")))).c_str());
  }

  // Prefix tuning: [P, layers*2*hidden] reshaped layer-major into per-layer keys and values.
  void peftPrefixTuning() {
    torch::NoGradGuard ng;
    const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at("prefix-tuning");
    auto m = loadFixture("tiny-bert");
    const auto& c = m->config();
    const auto prompt = pwb::model::readFloatTensor(
        kFixtures + "peft/prefix-tuning/adapter_model.safetensors", "prompt_embeddings");
    const int64_t P = prompt.size(0);
    // PEFT: view(B, P, layers*2, heads, d).permute(2, 0, 3, 1, 4) -> [layers*2, B, heads, P, d].
    const auto kv = prompt.view({1, P, c.numLayers * 2, c.numHeads, c.headDim()}).permute({2, 0, 3, 1, 4});
    EncoderInput in;
    in.inputIds = longRow(ref.at("input_ids"));
    in.attentionMask = torch::ones_like(in.inputIds);
    for (int64_t l = 0; l < c.numLayers; ++l) in.prefixKeyValues.push_back({kv[2 * l], kv[2 * l + 1]});
    const auto h = m->encode(in);
    QCOMPARE(h.size(1), ref.at("output_shape")[1].get<int64_t>());
    const int64_t maskPos = (in.inputIds[0] == 4).nonzero().item<int64_t>();
    const auto logits = m->mlmLogits(h[0][maskPos].unsqueeze(0));
    QVERIFY2(maxDiff(logits, floats(ref.at("mask_logits"))) < kTol,
             std::to_string(maxDiff(logits, floats(ref.at("mask_logits")))).c_str());
    // A prefix must change the result (the test would be vacuous otherwise).
    EncoderInput plain;
    plain.inputIds = in.inputIds;
    QVERIFY(maxDiff(m->mlmLogits(m->encode(plain)[0][maskPos].unsqueeze(0)), logits) > 1e-2);
  }

  // Gradients reach soft prompts through inputsEmbeds and prefixes (what the training methods need).
  void gradientsFlowToSoftPrompts() {
    auto m = loadFixture("tiny-bert");
    const auto& c = m->config();
    auto prompt = torch::randn({1, 3, c.hiddenSize}, torch::requires_grad());
    auto pk = torch::randn({1, c.numHeads, 2, c.headDim()}, torch::requires_grad());
    const auto ids = torch::tensor({{2, 17, 164, 4, 6, 3}}, torch::kLong);
    EncoderInput in;
    in.inputsEmbeds = torch::cat({prompt, m->wordEmbeddings(ids)}, 1);
    for (int64_t l = 0; l < c.numLayers; ++l) in.prefixKeyValues.push_back({pk, pk * 0.5});
    const auto h = m->encode(in);
    const auto loss = m->mlmLogitsFor(h[0][6].unsqueeze(0), torch::tensor({10, 20}, torch::kLong)).sum();
    loss.backward();
    QVERIFY(prompt.grad().defined() && prompt.grad().abs().sum().item<double>() > 0);
    QVERIFY(pk.grad().defined() && pk.grad().abs().sum().item<double>() > 0);
    for (auto& p : m->parameters()) p.mutable_grad() = torch::Tensor();
  }

  // bf16 path: close to fp32 (not exact), logits returned as fp32.
  void bf16Path() {
    torch::NoGradGuard ng;
    pwb::model::LoadOptions o;
    o.bf16 = true;
    auto m = MaskedLM::load(kFixtures + "tiny-bert", o);
    QCOMPARE(m->dtype(), torch::kBFloat16);
    const auto ref = pwb::readJsonFile(kFixtures + "tiny-bert/reference.json");
    const auto& c = ref.at("cases").at(0);
    EncoderInput in;
    in.inputIds = longRow(c.at("input_ids"));
    const auto h = m->encode(in);
    const auto logits = m->mlmLogits(h[0][0].unsqueeze(0));
    QCOMPARE(logits.scalar_type(), torch::kFloat);
    const double d = maxDiff(logits[0], floats(c.at("first_token_logits")));
    QVERIFY2(d < 0.15, std::to_string(d).c_str());
  }

  void randomInitBertShape() {
    auto cfg = pwb::model::ModelConfig::bertBase();
    cfg.numLayers = 1;
    auto m = MaskedLM::randomInit(cfg);
    QCOMPARE(m->named_parameters()["bert.encoder.layer.0.intermediate.dense.weight"].sizes(),
             (std::vector<int64_t>{3072, 768}));
    torch::NoGradGuard ng;
    EncoderInput in;
    in.inputIds = torch::randint(0, 30522, {2, 9}, torch::kLong);
    const auto h = m->encode(in);
    QCOMPARE(h.sizes(), (std::vector<int64_t>{2, 9, 768}));
    QVERIFY(torch::isfinite(h).all().item<bool>());
  }

  void badRuntimeInputs() {
    torch::NoGradGuard ng;
    auto m = loadFixture("tiny-bert");
    EncoderInput in;
    in.inputIds = torch::tensor({{2, 190, 3}}, torch::kLong);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, m->encode(in));
    in.inputIds = torch::full({1, 65}, 5, torch::kLong);  // longer than max_position_embeddings 64
    try {
      m->encode(in);
      QFAIL("no error for a too-long input");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("max_position_embeddings") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestMaskedLM)
#include "test_masked_lm.moc"
