// Fault injection on model folders: the folder deleted while open, a shard truncated or rewritten between
// open and load, NaN stored in a weight. The reader keeps the file descriptor it validated and reads tensors
// with pread: deleting keeps the inode (Linux), truncating makes a read come back short, which the reader
// reports naming the file and tensor (a memory mapping would have died of SIGBUS there). A loaded model
// owns copies of its weights and is immune either way.
#include <torch/torch.h>
#include <unistd.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <string>

#include "bad_input_util.h"
#include "model/checkpoint.h"
#include "model/masked_lm.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_tensor.h"

using namespace pwb::model;
using pwb::reliability::readBytes;
using pwb::reliability::writeBytes;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

// A private copy of tiny-bert that the test may damage.
std::string copyTinyBert(const QTemporaryDir& tmp, const char* name) {
  const std::string dir = tmp.filePath(name).toStdString();
  QDir().mkpath(QString::fromStdString(dir));
  for (const char* f :
       {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    writeBytes(dir + "/" + f, readBytes(kTinyBert + "/" + f));
  return dir;
}

uint64_t checksumAll(const SafetensorsFile& f) {
  uint64_t h = 1469598103934665603ull;
  for (const TensorEntry& e : f.tensors())
    for (uint8_t b : f.bytes(e)) h = (h ^ b) * 1099511628211ull;
  return h;
}

torch::Tensor logitsOf(MaskedLM& m) {
  torch::NoGradGuard ng;
  EncoderInput in;
  in.inputIds = torch::tensor({2, 10, 20, 30, 3}, torch::kLong).unsqueeze(0);
  return m.mlmLogits(m.encode(in));
}

}  // namespace

class TestModelFaults : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QVERIFY(tmp_.isValid()); }
  void folderDeletedWhileOpen();
  void shardTruncatedAfterLoad();
  void shardTruncatedBetweenOpenAndLoad();
  void shardRewrittenBetweenOpenAndLoad();
  void nanWeightGivesNanLogits();

 private:
  QTemporaryDir tmp_;
};

// Deleting the folder (as a user cleaning up, or a sync tool) keeps the open mapping valid: the bytes read
// afterwards are the bytes read before.
void TestModelFaults::folderDeletedWhileOpen() {
  const std::string dir = copyTinyBert(tmp_, "deleted");
  SafetensorsFile f(dir + "/model.safetensors");
  const uint64_t before = checksumAll(f);
  auto model = MaskedLM::load(dir);
  const torch::Tensor expected = logitsOf(*model);
  QVERIFY(QDir(QString::fromStdString(dir)).removeRecursively());
  QVERIFY(!QFileInfo::exists(QString::fromStdString(dir)));
  QCOMPARE(checksumAll(f), before);
  QVERIFY(torch::equal(logitsOf(*model), expected));
  // Opening it again is a clean error.
  PWB_EXPECT_ERROR(MaskedLM::load(dir), "deleted");
}

void TestModelFaults::shardTruncatedAfterLoad() {
  const std::string dir = copyTinyBert(tmp_, "truncated");
  auto model = MaskedLM::load(dir);
  const torch::Tensor expected = logitsOf(*model);
  QVERIFY(::truncate((dir + "/model.safetensors").c_str(), 0) == 0);
  QVERIFY(torch::equal(logitsOf(*model), expected));
  PWB_EXPECT_ERROR(MaskedLM::load(dir), "model.safetensors", "too short to be a safetensors file (0 bytes");
}

// A shard truncated by another program after the checkpoint was opened and validated, before its tensors
// are read (the window a GUI has between "open model" and loading): a clean error naming the file and the
// tensor, no SIGBUS. Before the reader used pread this test died of SIGBUS (issue 19).
void TestModelFaults::shardTruncatedBetweenOpenAndLoad() {
  const std::string dir = copyTinyBert(tmp_, "truncated-open");
  const std::string file = dir + "/model.safetensors";
  const auto checkpoint = Checkpoint::open(dir, ModelConfig::fromFile(dir + "/config.json"));
  const auto& specs = checkpoint->specs();
  QVERIFY(specs.size() > 10);
  const uint64_t size = checkpoint->source(specs.front().name).file->fileSize();
  QVERIFY(::truncate(file.c_str(), static_cast<off_t>(size / 2)) == 0);
  // Every tensor, those still on disk and those past the new end alike: the file is not the one validated.
  for (const auto& spec : specs) {
    const WeightSource& src = checkpoint->source(spec.name);
    PWB_EXPECT_ERROR(readFloatTensor(*src.file, *src.entry), "model.safetensors", src.entry->name.c_str(),
                     "changed since it was opened");
  }
  PWB_EXPECT_ERROR(MaskedLM::load(dir), "model.safetensors");  // opening it again: a clean error too
}

// The same size but new bytes (a download tool rewriting the file in place) is noticed by the modification
// time: reading would otherwise mix old and new weights silently.
void TestModelFaults::shardRewrittenBetweenOpenAndLoad() {
  const std::string dir = copyTinyBert(tmp_, "rewritten");
  const std::string file = dir + "/model.safetensors";
  SafetensorsFile f(file);
  const TensorEntry& first = f.tensors().front();
  const std::vector<uint8_t> before = f.bytes(first);
  QCOMPARE(before.size(), static_cast<size_t>(first.end - first.begin));
  const std::string bytes = readBytes(file);
  QVERIFY(::usleep(20000) == 0);  // a later modification time even on coarse-grained file systems
  writeBytes(file, bytes);        // same size, same content, new mtime
  PWB_EXPECT_ERROR(f.read(first, std::vector<uint8_t>(before.size()).data()), "model.safetensors",
                   first.name.c_str(), "changed since it was opened");
}

// NaN stored in a weight is not a load error (the file is well formed); the engine's logits then hold NaN,
// which the trainer turns into "the loss became NaN" and scoring must not hide.
void TestModelFaults::nanWeightGivesNanLogits() {
  const std::string dir = copyTinyBert(tmp_, "nan");
  const std::string file = dir + "/model.safetensors";
  std::string bytes = readBytes(file);
  uint64_t offset = 0;
  {
    SafetensorsFile f(file);
    const TensorEntry* e = f.find("bert.embeddings.LayerNorm.weight");
    QVERIFY(e);
    QCOMPARE(pwb::model::dtypeName(e->dtype), "F32");
    offset = f.dataOffset() + e->begin;
  }
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&bytes[offset], &nan, sizeof nan);
  writeBytes(file, bytes);
  auto model = MaskedLM::load(dir);
  const torch::Tensor logits = logitsOf(*model);
  QVERIFY(torch::isnan(logits).any().item<bool>());
}

QTEST_GUILESS_MAIN(TestModelFaults)
#include "test_model_faults.moc"
