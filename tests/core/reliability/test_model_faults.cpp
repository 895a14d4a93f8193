// Fault injection on model folders: the folder deleted while open, a shard truncated while mapped, NaN
// stored in a weight. The reader maps shards read-only; deleting keeps the inode (Linux), truncating makes
// the kernel drop the pages, so SafetensorsFile::data() of a file truncated by another program faults
// (SIGBUS). MaskedLM::load copies every weight out of the mapping and unmaps, so a loaded model is immune.
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <string>

#include "bad_input_util.h"
#include "model/checkpoint.h"
#include "model/masked_lm.h"
#include "model/safetensors_reader.h"

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
    for (uint64_t i = 0; i < e.end - e.begin; ++i) h = (h ^ f.data(e)[i]) * 1099511628211ull;
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
  void shardTruncatedWhileMappedFaultsOnlyTheReader();
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

// What happens to a raw SafetensorsFile whose file is truncated under it: reading a dropped page raises
// SIGBUS (under ASan: reported, exit 1). Done in a child process; documents why loaders copy right away.
void TestModelFaults::shardTruncatedWhileMappedFaultsOnlyTheReader() {
  const std::string dir = copyTinyBert(tmp_, "mapped");
  const std::string file = dir + "/model.safetensors";
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  QVERIFY(pid >= 0);
  if (pid == 0) {
    std::signal(SIGBUS, SIG_DFL);  // die of it, without Qt Test's crash handler and its debugger dump
    SafetensorsFile f(file);
    const TensorEntry& last = f.tensors().back();
    if (::truncate(file.c_str(), 0) != 0) ::_exit(3);
    volatile uint8_t b = f.data(last)[0];  // beyond the new end of file
    (void)b;
    ::_exit(0);
  }
  int status = 0;
  QCOMPARE(::waitpid(pid, &status, 0), pid);
  const bool sigbus = WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
  const bool asanReport = WIFEXITED(status) && WEXITSTATUS(status) == 1;
  QVERIFY2(sigbus || asanReport, qPrintable(QString("child status %1").arg(status)));
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
    offset = static_cast<uint64_t>(f.data(*e) - f.data(f.tensors().front())) + f.tensors().front().begin;
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<uint8_t>(bytes[i]);
    offset += 8 + headerLen;
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
