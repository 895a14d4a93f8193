// Sentence embeddings for the demonstration filter (eval/sentence_embeddings.h) on the tiny fixtures:
// equal to a hand computation of mean pooling (the mean of the last hidden states over the tokens, then
// unit length) on texts of different lengths batched together (BERT and RoBERTa), read back from the disk
// cache on the second call instead of recomputed, the same from an encoder-only folder as a
// sentence-transformers model stores it (BertModel names, no MLM head), and clear errors for a folder that
// is not an encoder or has another hidden size. On CUDA (skipped without it) equal to the CPU.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "eval/sentence_embeddings.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"
#include "train/safetensors_writer.h"

using pwb::eval::computeSentenceEmbeddings;
using pwb::eval::EmbeddingOptions;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";

const std::vector<std::string> kTexts = {"i like the disney films very much .", "a terrible , boring movie .",
                                         "great", "the film is great and the acting is wonderful ."};

// Mean pooling by hand: one text at a time (no padding), the hidden states summed position by position
// with plain loops, divided by the token count, then divided by the Euclidean norm.
std::vector<float> handEmbedding(pwb::model::MaskedLM& lm, const pwb::tokenize::Tokenizer& tok,
                                 const std::string& text) {
  const auto enc = tok.encode(text);
  pwb::model::EncoderInput in;
  in.inputIds = torch::tensor(enc.ids, torch::kLong).unsqueeze(0);
  torch::NoGradGuard noGrad;
  const auto hidden = lm.encode(in).squeeze(0).contiguous();  // [T,H]
  const int64_t t = hidden.size(0), h = hidden.size(1);
  const float* p = hidden.data_ptr<float>();
  std::vector<double> mean(static_cast<size_t>(h), 0.0);
  for (int64_t i = 0; i < t; ++i)
    for (int64_t j = 0; j < h; ++j) mean[static_cast<size_t>(j)] += p[i * h + j];
  double norm = 0.0;
  for (auto& m : mean) {
    m /= static_cast<double>(t);
    norm += m * m;
  }
  norm = std::sqrt(norm);
  std::vector<float> out;
  for (double m : mean) out.push_back(static_cast<float>(m / norm));
  return out;
}

double maxDiff(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 1e9;
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(double(a[i]) - double(b[i])));
  return d;
}

void copyFile(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestSentenceEmbeddings : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  EmbeddingOptions noCache() const {
    EmbeddingOptions o;
    o.useCache = false;
    o.batchSize = 3;  // 4 texts: a padded batch of 3 and a batch of 1
    return o;
  }

  void checkAgainstHand(const std::string& model) {
    const std::string dir = kFixtures + model;
    auto lm = pwb::model::MaskedLM::load(dir);
    const auto tok = pwb::tokenize::loadTokenizer(dir);
    const auto r = computeSentenceEmbeddings(dir, kTexts, noCache());
    QCOMPARE(r.dim, 32);
    QCOMPARE(r.vectors.size(), kTexts.size() * 32);
    QVERIFY(!r.fromCache);
    for (size_t i = 0; i < kTexts.size(); ++i) {
      const std::vector<float> got(r.vectors.begin() + static_cast<std::ptrdiff_t>(i * 32),
                                   r.vectors.begin() + static_cast<std::ptrdiff_t>((i + 1) * 32));
      const auto want = handEmbedding(*lm, *tok, kTexts[i]);
      QVERIFY2(maxDiff(got, want) < 1e-5,
               (model + " text " + std::to_string(i) + ": " + std::to_string(maxDiff(got, want))).c_str());
      double norm = 0;
      for (float v : got) norm += double(v) * v;
      QVERIFY(std::fabs(norm - 1.0) < 1e-5);
    }
  }

 private Q_SLOTS:
  void meanPoolingByHandBert() { checkAgainstHand("tiny-bert"); }
  void meanPoolingByHandRoberta() { checkAgainstHand("tiny-roberta"); }

  void secondCallReadsTheCache() {
    EmbeddingOptions o;
    o.cacheDir = dir_.filePath("cache").toStdString();
    const std::string model = kFixtures + "tiny-bert";
    const auto first = computeSentenceEmbeddings(model, kTexts, o);
    QVERIFY(!first.fromCache);
    QVERIFY(std::filesystem::exists(first.cacheFile));
    QVERIFY(first.cacheFile.rfind(o.cacheDir, 0) == 0);
    const auto second = computeSentenceEmbeddings(model, kTexts, o);
    QVERIFY(second.fromCache);
    QCOMPARE(second.vectors, first.vectors);
    QCOMPARE(second.cacheFile, first.cacheFile);
    // Proof that nothing was recomputed: change a value inside the cache file; the next call returns it.
    {
      std::fstream f(first.cacheFile, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(8 + 8 + 8 + 16);  // magic, rows, dim, texts checksum
      const float marker = 123.5f;
      f.write(reinterpret_cast<const char*>(&marker), sizeof marker);
    }
    const auto third = computeSentenceEmbeddings(model, kTexts, o);
    QVERIFY(third.fromCache);
    QCOMPARE(third.vectors[0], 123.5f);
    // Other texts (one changed) or another model: another key, computed.
    auto texts = kTexts;
    texts[2] = "awful";
    const auto other = computeSentenceEmbeddings(model, texts, o);
    QVERIFY(!other.fromCache);
    QVERIFY(other.cacheFile != first.cacheFile);
    QCOMPARE(std::vector<float>(other.vectors.begin(), other.vectors.begin() + 32),
             std::vector<float>(first.vectors.begin(), first.vectors.begin() + 32));
    const auto roberta = computeSentenceEmbeddings(kFixtures + "tiny-roberta", kTexts, o);
    QVERIFY(!roberta.fromCache);
    QVERIFY(roberta.modelIdentity != first.modelIdentity);
    // A truncated cache file is not trusted: recomputed (and rewritten).
    std::filesystem::resize_file(first.cacheFile, 100);
    const auto again = computeSentenceEmbeddings(model, kTexts, o);
    QVERIFY(!again.fromCache);
    QCOMPARE(again.vectors, first.vectors);
    QVERIFY(computeSentenceEmbeddings(model, kTexts, o).fromCache);
  }

  void encoderOnlyFolder() {
    // As a sentence-transformers folder stores BertModel: "embeddings.*", "encoder.*", "pooler.*", no head.
    const std::string src = kFixtures + "tiny-bert";
    const std::string dst = dir_.filePath("sbert").toStdString();
    std::filesystem::create_directories(dst);
    for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
      copyFile(src + "/" + f, dst + "/" + f);
    std::vector<std::pair<std::string, torch::Tensor>> kept;
    for (const auto& [name, t] : pwb::train::readSafetensors(src + "/model.safetensors"))
      if (name.rfind("bert.", 0) == 0) kept.emplace_back(name.substr(5), t);
    QVERIFY(kept.size() > 10);
    pwb::train::writeSafetensors(dst + "/model.safetensors", kept);
    // The masked LM refuses it (no head); the embeddings take it and equal the full model's.
    QVERIFY(errorOf([&] { pwb::model::MaskedLM::load(dst); }).find("required tensor is missing") !=
            std::string::npos);
    const auto full = computeSentenceEmbeddings(src, kTexts, noCache());
    const auto encoder = computeSentenceEmbeddings(dst, kTexts, noCache());
    QVERIFY(maxDiff(full.vectors, encoder.vectors) < 1e-6);
    // Its pooling config (sentence-transformers' modules.json + 1_Pooling/config.json) must fit.
    std::filesystem::create_directories(dst + "/1_Pooling");
    std::ofstream(dst + "/modules.json")
        << R"([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},)"
        << R"( {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}])";
    std::ofstream(dst + "/1_Pooling/config.json")
        << R"({"word_embedding_dimension": 32, "pooling_mode_mean_tokens": true})";
    QVERIFY(maxDiff(computeSentenceEmbeddings(dst, kTexts, noCache()).vectors, full.vectors) < 1e-6);
    std::ofstream(dst + "/1_Pooling/config.json")
        << R"({"word_embedding_dimension": 384, "pooling_mode_mean_tokens": true})";
    const std::string m = errorOf([&] { computeSentenceEmbeddings(dst, kTexts, noCache()); });
    QVERIFY2(
        m.find("1_Pooling/config.json: 'word_embedding_dimension': the pooling expects hidden size 384") !=
            std::string::npos,
        m.c_str());
    std::ofstream(dst + "/1_Pooling/config.json")
        << R"({"word_embedding_dimension": 32, "pooling_mode_mean_tokens": false, "pooling_mode_cls_token": true})";
    QVERIFY(errorOf([&] { computeSentenceEmbeddings(dst, kTexts, noCache()); }).find("only mean pooling") !=
            std::string::npos);
  }

  void errors() {
    const std::string empty = dir_.filePath("empty").toStdString();
    std::filesystem::create_directories(empty);
    std::string m = errorOf([&] { computeSentenceEmbeddings(empty, kTexts, noCache()); });
    QVERIFY2(m.find(empty + ": not an encoder folder for sentence embeddings: config.json is missing") == 0,
             m.c_str());
    const std::string gpt = dir_.filePath("gpt").toStdString();
    std::filesystem::create_directories(gpt);
    std::ofstream(gpt + "/config.json") << R"({"model_type": "gpt2", "n_embd": 32})";
    m = errorOf([&] { computeSentenceEmbeddings(gpt, kTexts, noCache()); });
    QVERIFY2(m.find(gpt + ": not a BERT/RoBERTa encoder for sentence embeddings") == 0, m.c_str());
    QVERIFY2(m.find("gpt2") != std::string::npos, m.c_str());
    EmbeddingOptions o = noCache();
    o.expectedDim = 768;
    m = errorOf([&] { computeSentenceEmbeddings(kFixtures + "tiny-bert", kTexts, o); });
    QVERIFY2(m.find("embedding model has hidden size 32, expected 768") != std::string::npos, m.c_str());
    o.expectedDim = 32;
    int dim = 0;
    QCOMPARE(pwb::eval::sentenceEmbeddings(kFixtures + "tiny-bert", kTexts, o, &dim).size(), size_t(4 * 32));
    QCOMPARE(dim, 32);
    // Weights missing: named.
    const std::string noWeights = dir_.filePath("noweights").toStdString();
    std::filesystem::create_directories(noWeights);
    copyFile(kFixtures + "tiny-bert/config.json", noWeights + "/config.json");
    m = errorOf([&] { computeSentenceEmbeddings(noWeights, kTexts, noCache()); });
    QVERIFY2(m.find(noWeights) != std::string::npos, m.c_str());
  }

  void cudaEqualsCpu() {
    if (!torch::cuda::is_available()) QSKIP("CUDA is not available");
    EmbeddingOptions o = noCache();
    const auto cpu = computeSentenceEmbeddings(kFixtures + "tiny-bert", kTexts, o);
    o.device = "cuda";
    const auto gpu = computeSentenceEmbeddings(kFixtures + "tiny-bert", kTexts, o);
    QVERIFY2(maxDiff(cpu.vectors, gpu.vectors) < 1e-4,
             std::to_string(maxDiff(cpu.vectors, gpu.vectors)).c_str());
  }
};

QTEST_APPLESS_MAIN(TestSentenceEmbeddings)
#include "test_sentence_embeddings.moc"
