// The bad-input corpus: for each kind of input (safetensors weights, model folder files, data sets,
// tokenizer files, templates and verbalizers) the truncated, wrongly encoded, size-lying, empty and
// enormous versions, generated in a temp folder, each with the message the user must see.
#include <QTemporaryDir>
#include <QtTest>
#include <string>

#include "bad_input_util.h"
#include "common/json_quote.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "export/peft_config.h"
#include "model/model_config.h"
#include "model/safetensors_reader.h"
#include "model/weight_files.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "sweep/slurm_state.h"
#include "sweep/sweep_spec.h"
#include "tokenize/tokenizer.h"
#include "train/pet/pet_work_dir.h"

using pwb::reliability::readBytes;
using pwb::reliability::safetensorsBytes;
using pwb::reliability::writeBytes;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTinyRoberta = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta";

std::string nested(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT

 private slots:
  void init() { QVERIFY(dir_.isValid()); }

  void safetensorsEmptyAndTruncated();
  void safetensorsLyingAboutSizes();
  void safetensorsBillionElementShape();
  void safetensorsWronglyEncodedHeader();
  void deeplyNestedJsonIsAnErrorNotAStackOverflow();
  void jsonNumberBeyondDoubleIsAnErrorNotATerminate();
  void modelFolderPickleAndEscapingShard();
  void dataEmptyBinaryAndWronglyEncoded();
  void dataHundredMegabyteLine();
  void dataTruncatedJsonl();
  void tokenizerFilesEmptyTruncatedLying();
  void templateAndVerbalizerBadText();
  void peftConfigDeepAndHugeValuesGiveShortMessages();
  void quoteJsonValueNeverRecursesOrFloods();
  // Round two (issue 19): found by the fuzz targets of the parsers added since round one.
  void sweepFileNumberBeyondDoubleIsAnErrorNotATerminate();
  void slurmOutputHugeAndLongNumbers();
  void petMemberMarkerCountsMustBeIntegersInRange();
  void petJobSettingsDeepOrHugeValuesGiveShortMessages();

 private:
  std::string path(const std::string& name) const {
    return dir_.filePath(QString::fromStdString(name)).toStdString();
  }
  QTemporaryDir dir_;
};

void TestBadInputs::safetensorsEmptyAndTruncated() {
  using pwb::model::SafetensorsFile;
  const std::string empty = path("empty.safetensors");
  writeBytes(empty, "");
  PWB_EXPECT_ERROR(SafetensorsFile f(empty), "empty.safetensors",
                   "too short to be a safetensors file (0 bytes");

  const std::string real = readBytes(kTinyBert + "/model.safetensors");
  QVERIFY(real.size() > 10000);
  const std::string half = path("half.safetensors");
  writeBytes(half, real.substr(0, real.size() / 2));
  PWB_EXPECT_ERROR(SafetensorsFile f(half), "half.safetensors", "extend beyond the end of the data section",
                   "file truncated?");
  const std::string inHeader = path("in-header.safetensors");
  writeBytes(inHeader, real.substr(0, 100));
  PWB_EXPECT_ERROR(SafetensorsFile f(inHeader), "exceeds the file size (100 bytes; truncated?)");
}

void TestBadInputs::safetensorsLyingAboutSizes() {
  using pwb::model::SafetensorsFile;
  const std::string f = path("lying.safetensors");
  writeBytes(f, safetensorsBytes("{}", "", uint64_t(1) << 40));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "safetensors header length 1099511627776 is absurd");

  writeBytes(f, safetensorsBytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                                 std::string(12, '\0')));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "'w'", "hold 8 bytes but dtype F32 x shape [3] needs 12");

  writeBytes(f, safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                 std::string(12, '\0')));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "tensor data overlaps tensor 'a'");

  writeBytes(f, safetensorsBytes(R"({"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}})", "x"));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "unknown dtype 'Q4'");
}

// A 1e9-element tensor is only described, never allocated: the header is refused because the file does
// not hold its 4 GB, and an absurd shape is refused before any multiplication can overflow.
void TestBadInputs::safetensorsBillionElementShape() {
  using pwb::model::SafetensorsFile;
  const std::string f = path("billion.safetensors");
  writeBytes(f,
             safetensorsBytes(R"({"w":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}})",
                              std::string(16, '\0')));
  PWB_EXPECT_ERROR(SafetensorsFile s(f),
                   "data_offsets [0, 4000000000] extend beyond the end of the data section (16 bytes");

  writeBytes(
      f, safetensorsBytes(
             R"({"w":{"dtype":"F32","shape":[1000000000,1000000000,1000],"data_offsets":[0,4]}})", "abcd"));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "'w'", "is absurdly large");
}

void TestBadInputs::safetensorsWronglyEncodedHeader() {
  using pwb::model::SafetensorsFile;
  const std::string f = path("latin1.safetensors");
  writeBytes(
      f, safetensorsBytes("{\"caf\xe9\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "abcd"));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "safetensors header is not valid JSON");
  writeBytes(f, safetensorsBytes("[1, 2]", ""));
  PWB_EXPECT_ERROR(SafetensorsFile s(f), "safetensors header must be a JSON object");
}

// Regression: nlohmann::json parses any depth, but dump() recurses. Error messages that quoted a
// deeply nested value (config.json "vocab_size", a safetensors "shape") overflowed the stack.
void TestBadInputs::deeplyNestedJsonIsAnErrorNotAStackOverflow() {
  const std::string deep = nested(1000000);
  PWB_EXPECT_ERROR(pwb::model::ModelConfig::fromJsonText(R"({"model_type":"bert","vocab_size":)" + deep + "}",
                                                         "config.json"),
                   "config.json", "vocab_size", "must be an integer");
  PWB_EXPECT_ERROR(pwb::model::ModelConfig::fromJsonText(
                       R"({"model_type":"bert","vocab_size":10,"hidden_size":8,"num_hidden_layers":1,)"
                       R"("num_attention_heads":2,"intermediate_size":8,"max_position_embeddings":8,)"
                       R"("layer_norm_eps":)" +
                           deep + "}",
                       "config.json"),
                   "layer_norm_eps", "must be a number");
  const std::string f = path("deep.safetensors");
  writeBytes(f, safetensorsBytes(
                    R"({"w":{"dtype":"F32","shape":[2000000000000,)" + deep + R"(],"data_offsets":[0,4]}})",
                    "abcd"));
  PWB_EXPECT_ERROR(pwb::model::SafetensorsFile s(f), "'w'", "is absurdly large");
}

// Regression: nlohmann reports a number beyond double (1e999) as out_of_range, not parse_error; the readers
// caught only parse_error, so such a config/tokenizer/verbalizer/JSONL line ended in std::terminate.
void TestBadInputs::jsonNumberBeyondDoubleIsAnErrorNotATerminate() {
  PWB_EXPECT_ERROR(
      pwb::model::ModelConfig::fromJsonText(R"({"model_type":"bert","vocab_size":1e999})", "config.json"),
      "config.json", "invalid JSON", "number overflow");
  const std::string d = path("overflow");
  QVERIFY(QDir().mkpath(QString::fromStdString(d)));
  writeBytes(d + "/tokenizer.json", R"({"model":{"type":"WordPiece","vocab":{"a":1e999}}})");
  PWB_EXPECT_ERROR(pwb::tokenize::loadTokenizer(d), "tokenizer.json", "invalid JSON", "number overflow");
  PWB_EXPECT_ERROR(pwb::prompt::parseVerbalizer(R"({"0": ["bad"], "1": 1e999})", "v.json"), "v.json",
                   "invalid JSON");
  const std::string f = path("overflow.jsonl");
  writeBytes(f,
             "{\"text\": \"fine\", \"label\": 1}\n{\"text\": \"big\", \"label\": 1e999}\n{\"text\": \"ok\", "
             "\"label\": 0}\n");
  const pwb::data::Dataset ds = pwb::data::importDataset(f);
  QCOMPARE(ds.examples.size(), size_t(2));
  QCOMPARE(ds.problems.size(), size_t(1));
  QCOMPARE(ds.problems[0].line, 2);
  QVERIFY2(ds.problems[0].message.find("invalid JSON") != std::string::npos, ds.problems[0].message.c_str());
}

void TestBadInputs::modelFolderPickleAndEscapingShard() {
  const std::string pickleDir = path("pickle");
  QVERIFY(QDir().mkpath(QString::fromStdString(pickleDir)));
  writeBytes(pickleDir + "/pytorch_model.bin", "PK\x03\x04 not loaded");
  PWB_EXPECT_ERROR(pwb::model::findWeightFiles(pickleDir), "pytorch_model.bin",
                   "pickle files can execute code", "safe_serialization=True");

  const std::string escDir = path("escape");
  QVERIFY(QDir().mkpath(QString::fromStdString(escDir)));
  writeBytes(escDir + "/model.safetensors.index.json", R"({"weight_map":{"w":"../../etc/passwd"}})");
  PWB_EXPECT_ERROR(pwb::model::findWeightFiles(escDir), "'../../etc/passwd' is not a plain file name");
  writeBytes(escDir + "/model.safetensors.index.json", R"({"weight_map":{"w":"missing.safetensors"}})");
  PWB_EXPECT_ERROR(pwb::model::findWeightFiles(escDir), "shard file 'missing.safetensors'", "is missing");
  writeBytes(escDir + "/model.safetensors.index.json", R"({"weight_map":)");
  PWB_EXPECT_ERROR(pwb::model::findWeightFiles(escDir), "model.safetensors.index.json",
                   "invalid JSON at byte");

  PWB_EXPECT_ERROR(pwb::model::ModelConfig::fromJsonText(
                       R"({"model_type":"bert","vocab_size":1000000000000,"hidden_size":8})", "config.json"),
                   "vocab_size", "is outside [");
}

void TestBadInputs::dataEmptyBinaryAndWronglyEncoded() {
  using pwb::data::importDataset;
  const std::string f = path("data.tsv");
  writeBytes(f, "");
  PWB_EXPECT_ERROR(importDataset(f), "data.tsv", "the file is empty");

  // UTF-16 (what Excel's "Unicode text" writes) is full of NUL bytes.
  writeBytes(f, std::string("\xff\xfes\0e\0n\0\t\0l\0\n\0", 14));
  PWB_EXPECT_ERROR(importDataset(f), "this is not a text file (it contains NUL bytes)");

  // Windows-1252 bytes are decoded as such, with a warning, not dropped.
  writeBytes(f, "sentence\tlabel\ncaf\xe9 au lait\t1\nna\xefve\t0\n");
  const pwb::data::Dataset ds = importDataset(f);
  QCOMPARE(ds.examples.size(), size_t(2));
  QCOMPARE(ds.examples[0].fields[0], std::string("caf\xc3\xa9 au lait"));
  QCOMPARE(ds.warnings.size() >= 1, true);
  QVERIFY(ds.warnings[0].find("decoded as Windows-1252") != std::string::npos);
}

// A 100 MB line (generated here, not stored): refused as one bad row with its size, the rest is read.
void TestBadInputs::dataHundredMegabyteLine() {
  using namespace pwb::data;
  const std::string f = path("huge.tsv");
  {
    std::ofstream out(f, std::ios::binary);
    out << "sentence\tlabel\ngood film\t1\n";
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "\t0\nbad film\t0\n";
  }
  const Dataset ds = importDataset(f);
  QCOMPARE(ds.examples.size(), size_t(2));
  QCOMPARE(ds.examples[1].fields[0], std::string("bad film"));
  QCOMPARE(ds.problems.size(), size_t(1));
  QCOMPARE(ds.problems[0].line, 3);
  QVERIFY2(
      ds.problems[0].message.find("line is too long (104857602 bytes, limit 1048576)") != std::string::npos,
      ds.problems[0].message.c_str());

  ImportOptions stop;
  stop.onBadRow = OnBadRow::Stop;
  PWB_EXPECT_ERROR(importDataset(f, stop), "huge.tsv:3:", "line is too long");
  ImportOptions small;
  small.maxFileBytes = 50 << 20;
  PWB_EXPECT_ERROR(importDataset(f, small), "file is too large (104857641 bytes, limit 52428800)");
}

void TestBadInputs::dataTruncatedJsonl() {
  using namespace pwb::data;
  const std::string real = readBytes(std::string(PWB_REFERENCE_DIR) + "/data/rte_superglue_jsonl/val.jsonl");
  size_t cut = 0;
  for (int i = 0; i < 3; ++i) cut = real.find('\n', cut) + 1;
  const size_t fourthEnd = real.find('\n', cut);
  const std::string f = path("truncated.jsonl");
  writeBytes(f, real.substr(0, cut + (fourthEnd - cut) / 2));  // three lines and half of the fourth
  const Dataset ds = importDataset(f);
  QCOMPARE(ds.format, std::string("jsonl"));
  QCOMPARE(ds.examples.size(), size_t(3));
  QCOMPARE(ds.problems.size(), size_t(1));
  QCOMPARE(ds.problems[0].line, 4);
  ImportOptions stop;
  stop.onBadRow = OnBadRow::Stop;
  PWB_EXPECT_ERROR(importDataset(f, stop), "truncated.jsonl:4:");
}

void TestBadInputs::tokenizerFilesEmptyTruncatedLying() {
  using pwb::tokenize::loadTokenizer;
  const std::string d = path("tok");
  QVERIFY(QDir().mkpath(QString::fromStdString(d)));
  writeBytes(d + "/tokenizer.json", "");
  PWB_EXPECT_ERROR(loadTokenizer(d), "tokenizer.json", "invalid JSON at byte");
  const std::string real = readBytes(kTinyBert + "/tokenizer.json");
  writeBytes(d + "/tokenizer.json", real.substr(0, real.size() / 2));
  PWB_EXPECT_ERROR(loadTokenizer(d), "tokenizer.json", "invalid JSON at byte");
  QFile::remove(QString::fromStdString(d + "/tokenizer.json"));

  writeBytes(d + "/vocab.txt", "");
  PWB_EXPECT_ERROR(loadTokenizer(d), "vocab.txt", "the vocabulary is empty");
  QFile::remove(QString::fromStdString(d + "/vocab.txt"));

  // A vocab.json that lies about its size (an id of one billion) must not make us allocate for it.
  writeBytes(d + "/vocab.json", R"({"<s>":0,"</s>":1,"<unk>":2,"a":1000000000})");
  writeBytes(d + "/merges.txt", "#version: 0.2\n");
  PWB_EXPECT_ERROR(loadTokenizer(d), "vocab.json", "'a'", "expected a token id in [0, ");
  writeBytes(d + "/vocab.json", readBytes(kTinyRoberta + "/vocab.json"));
  writeBytes(d + "/merges.txt", "#version: 0.2\n\xc4\xa0 t\na b c\n");
  PWB_EXPECT_ERROR(loadTokenizer(d), "merges.txt:3:", "expected two tokens separated by one space");
}

void TestBadInputs::templateAndVerbalizerBadText() {
  using namespace pwb::prompt;
  PWB_EXPECT_ERROR(parseTemplate("{sentence It was [MASK] .", "t.txt"), "t.txt", "unterminated field");
  PWB_EXPECT_ERROR(parseTemplate("{sentence|shout} [MASK]", "t.txt"), "unknown modifier 'shout'");
  PWB_EXPECT_ERROR(parseTemplate("{sentence} [SOFT*100000000000] [MASK]", "t.txt"), "is out of range");
  PWB_EXPECT_ERROR(parseVerbalizer("{\"0\": [\"bad\"", "v.json"), "v.json", "invalid JSON at byte");
  // An enormous template (1 MB of text) parses in one piece, without quadratic blow-up or a crash.
  const Template big = parseTemplate(std::string(1 << 20, 'a') + " [MASK]");
  QCOMPARE(big.maskCount(), 1);
}

// Regression: core/export/peft_config.cpp quoted a wrong-typed value of adapter_config.json with dump(),
// which recurses (an array nested 100k levels deep overflowed the stack) and copies huge strings whole
// into the message. Now arrays/objects are named by type and size, strings cut after 64 bytes.
void TestBadInputs::peftConfigDeepAndHugeValuesGiveShortMessages() {
  const std::string fixture =
      std::string(PWB_REFERENCE_DIR) + "/fixtures/peft/p-tuning-mlp/adapter_config.json";
  const nlohmann::json good = pwb::readJsonFile(fixture, 1 << 20);
  QCOMPARE(pwb::exporting::readPeftConfig(fixture).numVirtualTokens,
           good["num_virtual_tokens"].get<int64_t>());
  std::string text = good.dump();
  const auto withValue = [&](const std::string& key, const std::string& value) {
    const size_t at = text.find("\"" + key + "\":");
    QVERIFY(at != std::string::npos);
    const size_t begin = at + key.size() + 3, end = text.find_first_of(",}", begin);
    const std::string file = path("adapter_config.json");
    writeBytes(file, text.substr(0, begin) + value + text.substr(end));
  };
  const std::string file = path("adapter_config.json");
  const std::string deep = nested(100000);  // 200 KB, under readPeftConfig's 1 MB limit
  for (const char* key : {"num_virtual_tokens", "token_dim", "num_layers", "encoder_hidden_size"}) {
    withValue(key, deep);
    PWB_EXPECT_ERROR(pwb::exporting::readPeftConfig(file), "adapter_config.json", key,
                     "must be a whole number, got array of 1 element");
  }
  withValue("peft_type", deep);
  PWB_EXPECT_ERROR(pwb::exporting::readPeftConfig(file), "peft_type",
                   "must be a string, got array of 1 element");
  withValue("task_type", "{\"a\":" + deep + ",\"b\":1}");
  PWB_EXPECT_ERROR(pwb::exporting::readPeftConfig(file), "task_type",
                   "must be a string, got object of 2 keys");

  // Huge strings (900 KB): the message names the key and the size, and stays short.
  const std::string huge(900000, 'x');
  for (const char* key : {"num_layers", "peft_type", "task_type", "encoder_reparameterization_type"}) {
    withValue(key, "\"" + huge + "\"");
    const std::string msg = pwb::reliability::errorOf([&] { pwb::exporting::readPeftConfig(file); });
    QVERIFY2(msg.find(key) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("(900000 bytes)") != std::string::npos, msg.substr(0, 400).c_str());
    QVERIFY2(msg.size() < 600, qPrintable(QString::number(msg.size())));
  }
}

void TestBadInputs::quoteJsonValueNeverRecursesOrFloods() {
  QCOMPARE(pwb::quoteJsonValue(nlohmann::json::parse(nested(100000))), std::string("array of 1 element"));
  QCOMPARE(pwb::quoteJsonValue(nlohmann::json::parse("[1,2,3]")), std::string("array of 3 elements"));
  QCOMPARE(pwb::quoteJsonValue(nlohmann::json::object()), std::string("object of 0 keys"));
  QCOMPARE(pwb::quoteJsonValue(12), std::string("12"));
  QCOMPARE(pwb::quoteJsonValue(true), std::string("true"));
  QCOMPARE(pwb::quoteJsonValue(nullptr), std::string("null"));
  QCOMPARE(pwb::quoteJsonValue("ab\"c"), std::string("\"ab\\\"c\""));
  // Cut at a character boundary: 63 ASCII bytes then a 3-byte character straddling byte 64.
  const std::string s = std::string(63, 'a') + "\xe2\x82\xac" + "tail";
  QCOMPARE(pwb::quoteJsonValue(s), "\"" + std::string(63, 'a') + "\"... (70 bytes)");
  QCOMPARE(pwb::clipForMessage(s), std::string(63, 'a') + "... (70 bytes)");
  QCOMPARE(pwb::clipForMessage("short"), std::string("short"));
  // Invalid UTF-8 built in memory is replaced, not thrown by dump().
  QCOMPARE(pwb::quoteJsonValue(std::string("a\xff")), std::string("\"a\xef\xbf\xbd\""));
}

void TestBadInputs::sweepFileNumberBeyondDoubleIsAnErrorNotATerminate() {
  // Bug 6: nlohmann's out_of_range.406 escaped parseSweepText (it caught parse_error only): std::terminate.
  PWB_EXPECT_ERROR(
      pwb::sweep::parseSweepText(R"({"fixed": {"train": "a", "test": "b", "lr": 1e999}})", "big.json"),
      "big.json", "invalid JSON", "number overflow");
  const std::string file = path("big-axis.json");
  writeBytes(file, R"({"fixed": {"train": "a", "test": "b"}, "axes": {"lr": [1e-5, -1e400]}})");
  PWB_EXPECT_ERROR(pwb::sweep::parseSweepFile(file), "big-axis.json", "number overflow");
  // Still parsed: the largest finite double.
  const auto spec = pwb::sweep::parseSweepText(
      R"({"fixed": {"train": "a", "test": "b", "lr": 1.7976931348623157e308}})", "x");
  QCOMPARE(spec.fixed["lr"].get<double>(), 1.7976931348623157e308);
}

void TestBadInputs::slurmOutputHugeAndLongNumbers() {
  using pwb::sweep::parseArrayIndices;
  using pwb::sweep::parseSbatchJobId;
  // Bug 7: std::stoll threw std::out_of_range (not a pwb::Error) for an index past 2^63.
  PWB_EXPECT_ERROR(parseArrayIndices("99999999999999999999"), "not a Slurm array task list");
  PWB_EXPECT_ERROR(parseArrayIndices("1-99999999999999999999"), "not a Slurm array task list");
  PWB_EXPECT_ERROR(parseArrayIndices("0-6:99999999999999999999"), "not a Slurm array task list");
  // Bug 8: std::regex recursed once per character: 300,000 digits overflowed the stack (SIGSEGV).
  const std::string digits(300000, '7');
  PWB_EXPECT_ERROR(parseArrayIndices(digits), "not a Slurm array task list");
  QCOMPARE(parseSbatchJobId(digits + "\n"), digits);
  QCOMPARE(parseSbatchJobId("Submitted batch job " + digits), digits);
  PWB_EXPECT_ERROR(parseSbatchJobId(std::string(300000, ' ') + "x"), "sbatch printed no job id");
  // What the regular expressions accepted is still accepted, with the same results.
  QCOMPARE(parseArrayIndices("[0-6:3,8%2]"), std::vector<int64_t>({0, 3, 6, 8}));
  QCOMPARE(parseArrayIndices(" 5 , 1-2 "), std::vector<int64_t>({1, 2, 5}));
  QCOMPARE(parseArrayIndices("999999999999999999"), std::vector<int64_t>({999999999999999999}));
  PWB_EXPECT_ERROR(parseArrayIndices("1-"), "not a Slurm array task list");
  PWB_EXPECT_ERROR(parseArrayIndices("1-3:"), "not a Slurm array task list");
  PWB_EXPECT_ERROR(parseArrayIndices("-1"), "not a Slurm array task list");
  PWB_EXPECT_ERROR(parseArrayIndices("1x"), "not a Slurm array task list");
  QCOMPARE(parseSbatchJobId("1234;cluster\n"), std::string("1234"));
  QCOMPARE(parseSbatchJobId("sbatch: note\nSubmitted batch job x\nSubmitted batch job 42\n"),
           std::string("42"));
  QCOMPARE(parseSbatchJobId("warning\n  987  \n"), std::string("987"));
  PWB_EXPECT_ERROR(parseSbatchJobId("1234 cluster\n"), "sbatch printed no job id");
  PWB_EXPECT_ERROR(parseSbatchJobId("12;a b\n"), "sbatch printed no job id");
}

void TestBadInputs::petMemberMarkerCountsMustBeIntegersInRange() {
  // Bug 9: get<int>() cast a JSON double to int: 1e300 was undefined behaviour (UBSan), 2.5 became 2.
  const std::string dir = path("pet-member");
  QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
  const std::string good =
      R"({"generation": 0, "pvp": 1, "template": "t", "verbalizer": "v", "run_id": "r", "test_accuracy": 0.5,
          "train_accuracy_before": 0.25, "added_examples": 3, "labeller_run_ids": [], "pool_logits": [[1, 2]],
          "test_logits": [[3, 4]]})";
  writeBytes(dir + "/member.json", good);
  const auto m = pwb::train::pet::readMember(dir, "t", "v", 1, 1);
  QVERIFY(m.has_value());
  QCOMPARE(m->member.pvp, 1);
  QCOMPARE(m->member.addedExamples, 3);
  for (const auto& [key, bad] :
       std::vector<std::pair<std::string, std::string>>{{"generation", "1e300"},
                                                        {"pvp", "2.5"},
                                                        {"added_examples", "4294967296"},
                                                        {"generation", "18446744073709551615"},
                                                        {"pvp", "\"1\""}}) {
    std::string text = good;
    const std::string from = "\"" + key + "\": ";
    const size_t at = text.find(from) + from.size();
    text.replace(at, text.find_first_of(",}", at) - at, bad);
    writeBytes(dir + "/member.json", text);
    PWB_EXPECT_ERROR(pwb::train::pet::readMember(dir, "t", "v", 1, 1), "member.json", "damaged member marker",
                     key.c_str());
  }
}

void TestBadInputs::petJobSettingsDeepOrHugeValuesGiveShortMessages() {
  // Bug 10: the saved value of a differing setting was quoted with dump(): a million nested arrays in
  // pet.json overflowed the stack, a 900 KB string was copied whole into the message.
  const std::string dir = path("pet-job");
  QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
  const nlohmann::json settings = {{"db", nullptr}, {"k", 16}};
  const size_t depth = 1000000;
  writeBytes(dir + "/pet.json",
             "{\"db\": null, \"k\": " + std::string(depth, '[') + std::string(depth, ']') + "}");
  PWB_EXPECT_ERROR(pwb::train::pet::claimWorkDir(dir, settings), "pet.json", "k = array of 1 element",
                   "this job has 16");
  writeBytes(dir + "/pet.json", "{\"db\": null, \"k\": \"" + std::string(900000, 'x') + "\"}");
  const std::string message =
      pwb::reliability::errorOf([&] { pwb::train::pet::claimWorkDir(dir, settings); });
  QVERIFY2(message.find("(900000 bytes)") != std::string::npos, message.substr(0, 300).c_str());
  QVERIFY2(message.size() < 1000, std::to_string(message.size()).c_str());
  // The same settings: the folder is this job's.
  writeBytes(dir + "/pet.json", settings.dump());
  pwb::train::pet::claimWorkDir(dir, settings);
}

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
