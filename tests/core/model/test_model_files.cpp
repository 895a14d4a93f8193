// Untrusted model folders: every malformed input gives a pwb::Error whose sentence names the problem
// (and the file/key), never a crash. Also the torch-free inspectModel facade on good folders.
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "model/model_info.h"
#include "model/safetensors_reader.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";

struct StFile {
  json header;
  std::string data;
};

StFile readSt(const std::string& path) {
  const std::string bytes = pwb::readFileBytes(path);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  return {json::parse(bytes.substr(8, n)), bytes.substr(8 + n)};
}

void writeSt(const std::string& path, const StFile& f) {
  const std::string h = f.header.dump();
  const uint64_t n = h.size();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(&n), 8);
  out << h << f.data;
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A writable copy of a fixture folder.
std::string copyFixture(const QTemporaryDir& tmp, const std::string& name) {
  const std::string dst = tmp.path().toStdString() + "/" + name;
  fs::create_directories(dst);
  for (const auto& e : fs::directory_iterator(kFixtures + name))
    fs::copy_file(e.path(), dst + "/" + e.path().filename().string());
  return dst;
}

// Runs inspectModel and returns the error message ("" when none).
std::string inspectError(const std::string& dir) {
  try {
    pwb::model::inspectModel(dir);
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_ERROR(dir, ...)                                               \
  do {                                                                       \
    const std::string msg_ = inspectError(dir);                              \
    QVERIFY2(!msg_.empty(), "no error raised");                              \
    for (const char* part : {__VA_ARGS__})                                   \
      QVERIFY2(msg_.find(part) != std::string::npos,                         \
               (std::string("missing '") + part + "' in: " + msg_).c_str()); \
  } while (0)

}  // namespace

class TestModelFiles : public QObject {
  Q_OBJECT

 private slots:
  void inspectGoodFolders() {
    const auto bert = pwb::model::inspectModel(kFixtures + "tiny-bert");
    QCOMPARE(bert.config.modelType, std::string("bert"));
    QCOMPARE(bert.storedDtype, std::string("F32"));
    QVERIFY(!bert.sharded);
    // 190*32 + 64*32 + 2*32 + 2*32 (embeddings) + 2 layers + head (dense, LN, bias).
    const int64_t layer =
        3 * (32 * 32 + 32) + (32 * 32 + 32) + 2 * 32 + (64 * 32 + 64) + (32 * 64 + 32) + 2 * 32;
    QCOMPARE(bert.parameterCount,
             190 * 32 + 64 * 32 + 2 * 32 + 2 * 32 + 2 * layer + (32 * 32 + 32) + 2 * 32 + 190);
    QCOMPARE(bert.tokenizerKind, std::string("tokenizer.json"));

    const auto legacy = pwb::model::inspectModel(kFixtures + "tiny-bert-legacy");
    QVERIFY(legacy.sharded);
    QCOMPARE(int(legacy.weightFiles.size()), 2);
    QCOMPARE(legacy.storedDtype, std::string("F16"));
    QCOMPARE(legacy.parameterCount, bert.parameterCount);

    const auto demo = pwb::model::inspectModel(std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini");
    QCOMPARE(demo.config.hiddenSize, int64_t(384));
    QCOMPARE(int(demo.weightFiles.size()), 3);
    QVERIFY(demo.parameterCount > 17'000'000 && demo.parameterCount < 17'500'000);

    const auto roberta = pwb::model::inspectModel(kFixtures + "tiny-roberta");
    QCOMPARE(roberta.config.positionOffset(), int64_t(2));
    QCOMPARE(roberta.config.configHash.size(), size_t(16));
  }

  void truncatedShard() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert-legacy");
    const auto shard = dir + "/model-00002-of-00002.safetensors";
    fs::resize_file(shard, fs::file_size(shard) / 2);
    EXPECT_ERROR(dir, "model-00002-of-00002.safetensors", "truncated");
  }

  void missingShardFile() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert-legacy");
    fs::remove(dir + "/model-00001-of-00002.safetensors");
    EXPECT_ERROR(dir, "model-00001-of-00002.safetensors", "missing");
  }

  void shardOutsideFolder() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert-legacy");
    auto index = pwb::readJsonFile(dir + "/model.safetensors.index.json");
    index["weight_map"]["cls.predictions.bias"] = "../model-00002-of-00002.safetensors";
    writeText(dir + "/model.safetensors.index.json", index.dump());
    EXPECT_ERROR(dir, "not a plain file name", "cls.predictions.bias");
  }

  void headerLiesAboutOffsets() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto st = readSt(dir + "/model.safetensors");
    const uint64_t size = st.data.size();
    st.header["cls.predictions.bias"]["data_offsets"] = {size + 8, size + 8 + 190 * 4};
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "cls.predictions.bias", "beyond the end");
    // Offsets whose length disagrees with dtype x shape.
    st = readSt(kFixtures + "tiny-bert/model.safetensors");
    st.header["bert.embeddings.LayerNorm.bias"]["data_offsets"] = {0, 120};
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "bert.embeddings.LayerNorm.bias", "needs 128");
  }

  void overlappingTensors() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto st = readSt(dir + "/model.safetensors");
    st.header["bert.embeddings.LayerNorm.weight"]["data_offsets"] =
        st.header["bert.embeddings.LayerNorm.bias"]["data_offsets"];
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "overlaps", "LayerNorm");
  }

  void unknownDtype() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto st = readSt(dir + "/model.safetensors");
    st.header["bert.encoder.layer.0.output.dense.bias"]["dtype"] = "F7";
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "bert.encoder.layer.0.output.dense.bias", "unknown dtype 'F7'");
    // A known but non-float dtype cannot be a weight.
    st = readSt(kFixtures + "tiny-bert/model.safetensors");
    st.header["bert.encoder.layer.0.output.dense.bias"]["dtype"] = "I32";
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "bert.encoder.layer.0.output.dense.bias", "I32 cannot be a weight");
  }

  void shapeMismatchWithConfig() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto cfg = pwb::readJsonFile(dir + "/config.json");
    cfg["intermediate_size"] = 48;
    writeText(dir + "/config.json", cfg.dump());
    EXPECT_ERROR(dir, "bert.encoder.layer.0.intermediate.dense.bias", "shape [64]", "expected shape [48]");
  }

  void missingKey() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto st = readSt(dir + "/model.safetensors");
    st.header.erase("bert.encoder.layer.1.attention.self.key.weight");
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "bert.encoder.layer.1.attention.self.key.weight", "missing", "model.safetensors");
  }

  void extraKey() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    auto st = readSt(dir + "/model.safetensors");
    st.header["bert.encoder.layer.2.output.dense.bias"] = {
        {"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {0, 0}}};
    writeSt(dir + "/model.safetensors", st);
    EXPECT_ERROR(dir, "bert.encoder.layer.2.output.dense.bias", "unexpected tensor");
    // The pooler and NSP head are not errors: ignored, reported as warnings.
    st = readSt(kFixtures + "tiny-bert/model.safetensors");
    st.header["bert.pooler.dense.bias"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {0, 0}}};
    st.header["cls.seq_relationship.bias"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {0, 0}}};
    writeSt(dir + "/model.safetensors", st);
    QCOMPARE(inspectError(dir), std::string());
    QCOMPARE(int(pwb::model::inspectModel(dir).warnings.size()), 2);
  }

  void missingTokenizer() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    fs::remove(dir + "/tokenizer.json");
    QCOMPARE(inspectError(dir), std::string());  // vocab.txt is enough
    fs::remove(dir + "/vocab.txt");
    EXPECT_ERROR(dir, "tokenizer file missing");
    const auto rdir = copyFixture(tmp, "tiny-roberta");
    fs::remove(rdir + "/tokenizer.json");
    fs::remove(rdir + "/merges.txt");
    EXPECT_ERROR(rdir, "merges.txt");
  }

  void pickleOnlyRefused() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/bin-only";
    fs::create_directories(dir);
    fs::copy_file(kFixtures + "tiny-bert/config.json", dir + "/config.json");
    writeText(dir + "/pytorch_model.bin", "PK\x03\x04 not really a pickle");
    EXPECT_ERROR(dir, "pytorch_model.bin", "pickle", "safe_serialization=True");
  }

  void absurdHeaderLength() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    std::string bytes = pwb::readFileBytes(dir + "/model.safetensors");
    const uint64_t huge = uint64_t(1) << 62;
    std::memcpy(bytes.data(), &huge, 8);
    writeText(dir + "/model.safetensors", bytes);
    EXPECT_ERROR(dir, "header length", "absurd");
    writeText(dir + "/model.safetensors", "abc");
    EXPECT_ERROR(dir, "too short");
    bytes = pwb::readFileBytes(kFixtures + "tiny-bert/model.safetensors");
    bytes[8] = '#';  // the opening brace of the JSON header
    writeText(dir + "/model.safetensors", bytes);
    EXPECT_ERROR(dir, "not valid JSON");
  }

  void badConfig() {
    QTemporaryDir tmp;
    const auto dir = copyFixture(tmp, "tiny-bert");
    writeText(dir + "/config.json", "{\"model_type\": \"gpt2\"}");
    EXPECT_ERROR(dir, "config.json", "unsupported model type 'gpt2'");
    writeText(dir + "/config.json", "{\"model_type\": \"bert\", \"vocab_size\": 190}");
    EXPECT_ERROR(dir, "hidden_size", "missing");
    fs::remove(dir + "/config.json");
    EXPECT_ERROR(dir, "config.json is missing");
    EXPECT_ERROR(tmp.path().toStdString() + "/nowhere", "config.json is missing");
  }

  // Random byte flips in the header never crash (every failure is a pwb::Error).
  void headerFuzz() {
    const std::string good = pwb::readFileBytes(kFixtures + "tiny-bert/model.safetensors");
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/f.safetensors";
    uint32_t seed = 12345;
    int errors = 0;
    for (int i = 0; i < 300; ++i) {
      std::string bytes = good;
      for (int k = 0; k < 3; ++k) {
        seed = seed * 1664525u + 1013904223u;
        bytes[(seed >> 8) % 4480] = static_cast<char>(seed >> 24);
      }
      writeText(path, bytes);
      try {
        pwb::model::SafetensorsFile f(path);
      } catch (const pwb::Error&) {
        ++errors;
      }
    }
    QVERIFY(errors > 100);
  }
};

QTEST_GUILESS_MAIN(TestModelFiles)
#include "test_model_files.moc"
