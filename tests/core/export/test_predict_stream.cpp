// Predictions on unlabeled files (core/export/predict_stream.h, data/unlabeled_reader.h) on the tiny-bert
// fixture: a zero-shot PVP gives EvalSession's probabilities; a finished run (its state kept in the
// project file), its bundle and a training-state folder give the run's stored test probabilities; a PEFT
// adapter gives `pwb eval --prompt`'s; a file is read, scored and written a chunk at a time (the output
// grows while the input is still being read; never more than a chunk held); labelled input is
// read for its text with a notice; bad rows are counted by line; bad sources are refused by name.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "data/unlabeled_reader.h"
#include "eval/eval_session.h"
#include "export/predict_stream.h"
#include "export/prompt_eval.h"
#include "export/run_export.h"
#include "model/masked_lm.h"
#include "store/run_store.h"
#include "support/tiny_prompt_runs.h"
#include "train/training.h"

using namespace pwb::exporting;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTemplate = "{s} it was [MASK] .";
const std::string kVerbalizer = "0=terrible;1=great";

struct OutRow {
  int64_t row = 0, line = 0;
  std::string id, label;
  std::vector<double> probs;
};

std::vector<std::string> splitComma(const std::string& line) {
  std::vector<std::string> out;
  std::string f;
  bool q = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (q) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f += '"';
        ++i;
      } else if (c == '"') {
        q = false;
      } else {
        f += c;
      }
    } else if (c == '"') {
      q = true;
    } else if (c == ',') {
      out.push_back(f);
      f.clear();
    } else {
      f += c;
    }
  }
  out.push_back(f);
  return out;
}

std::vector<OutRow> readCsv(const std::string& path, std::vector<std::string>* header = nullptr) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  if (header) *header = splitComma(line);
  std::vector<OutRow> rows;
  while (std::getline(in, line)) {
    const auto f = splitComma(line);
    OutRow r;
    r.row = std::stoll(f.at(0));
    r.line = std::stoll(f.at(1));
    r.id = f.at(2);
    r.label = f.at(3);
    for (size_t i = 4; i < f.size(); ++i) r.probs.push_back(std::stod(f[i]));
    rows.push_back(r);
  }
  return rows;
}

size_t lineCount(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string l; std::getline(in, l);) ++n;
  return n;
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

class TestPredictStream : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string db_, trainFile_, testFile_;

  std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

  PredictRequest zeroShot(const std::string& input, const std::string& out) const {
    PredictRequest r;
    r.source = PredictSourceKind::ZeroShot;
    r.modelDir = kTinyBert;
    r.templateText = kTemplate;
    r.verbalizer = kVerbalizer;
    r.inputPath = input;
    r.outputPath = out;
    r.threads = 2;
    return r;
  }

  // The run's stored test predictions against a prediction file of the same (labelled) test file: the same
  // labels, the same probabilities up to float32 rounding (the batches are composed differently: other
  // padding lengths change the logits in their last bits, ~1e-8 here).
  void compareWithStoredTest(int64_t runId, const std::string& csv) {
    pwb::store::RunStore st(db_);
    const auto ev = st.getEvaluation(st.listEvaluations(runId).at(0).id);
    const auto rows = readCsv(csv);
    QCOMPARE(rows.size(), ev.predictions.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      QCOMPARE(rows[i].label, ev.predictions[i].predicted);
      for (size_t c = 0; c < 2; ++c)
        QVERIFY2(std::abs(rows[i].probs[c] - ev.predictions[i].probabilities[c]) < 1e-6,
                 qPrintable(QString("row %1 class %2: %3 vs %4")
                                .arg(i)
                                .arg(c)
                                .arg(rows[i].probs[c], 0, 'g', 12)
                                .arg(ev.predictions[i].probabilities[c], 0, 'g', 12)));
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    pwb::model::setComputeThreads(2);
    db_ = path("project.sqlite");
    const std::string sst = std::string(PWB_SOURCE_DIR) + "/resources/data/sst2/";
    trainFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.train", 20, path("train.txt"));
    testFile_ = pwb::test::labelSpaceSlice(sst + "stsa.binary.test", 15, path("test.txt"));
  }

  // Zero-shot: EvalSession's class probabilities for the same texts; the labelled test file is read for
  // its text (label removed), with a notice.
  void zeroShotIsEvalSession() {
    const auto sum = predictFile(zeroShot(testFile_, path("zs.csv")));
    QCOMPARE(sum.rowsWritten, int64_t(30));
    QCOMPARE(sum.labels, (std::vector<std::string>{"0", "1"}));
    QCOMPARE(sum.notices.size(), size_t(1));
    QVERIFY2(has(sum.notices[0], "looks labelled (label-space lines): the labels are not used"),
             sum.notices[0].c_str());
    pwb::eval::EvalSession session(kTinyBert);
    pwb::eval::EvalRequest er;
    er.data = pwb::data::importDataset(testFile_);
    er.templateText = kTemplate;
    er.verbalizerText = kVerbalizer;
    const auto cell = session.evaluate(er);
    std::vector<std::string> header;
    const auto rows = readCsv(path("zs.csv"), &header);
    QCOMPARE(header, (std::vector<std::string>{"row", "line", "id", "label", "p_0", "p_1"}));
    QCOMPARE(rows.size(), size_t(30));
    int64_t ones = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      QCOMPARE(rows[i].row, int64_t(i));
      QCOMPARE(rows[i].line, int64_t(i + 1));
      QCOMPARE(rows[i].label, cell.labels[static_cast<size_t>(cell.examples[i].pred)]);
      QVERIFY(std::abs(rows[i].probs[1] - cell.examples[i].probs[1]) < 1e-9);
      QVERIFY(std::abs(rows[i].probs[0] + rows[i].probs[1] - 1.0) < 1e-9);
      ones += rows[i].label == "1";
    }
    QCOMPARE(sum.perClass[1], ones);
  }

  // A run trained with --db only (prompt tuning keeps its state in the project file), its bundle and its
  // state copied out as a folder: the run's own test probabilities.
  void runBundleAndStateGiveTheRunsPredictions() {
    auto req = pwb::test::tinyPromptRunRequest(kTinyBert, "prompt-tuning", kTemplate, kVerbalizer, trainFile_,
                                               testFile_, db_);
    const auto res = pwb::train::runTraining(req);
    QCOMPARE(res.status, pwb::train::RunStatus::Finished);
    const int64_t id = std::stoll(res.seeds[0].runId);

    PredictRequest r = zeroShot(testFile_, path("run.csv"));
    r.source = PredictSourceKind::Run;
    r.modelDir.clear();  // the run's recorded model
    r.templateText.clear();
    r.verbalizer.clear();
    r.dbPath = db_;
    r.runId = id;
    r.chunkRows = 7;  // several chunks, the last one short
    const auto sum = predictFile(r);
    QCOMPARE(sum.rowsWritten, int64_t(30));
    QCOMPARE(sum.largestChunk, size_t(7));
    QVERIFY2(has(sum.sourceText, "run " + std::to_string(id)), sum.sourceText.c_str());
    compareWithStoredTest(id, path("run.csv"));

    const std::string bundle = path("bundle");
    exportRun({db_, id, "bundle", bundle, ""});
    PredictRequest b = r;
    b.source = PredictSourceKind::Prompt;
    b.promptDir = bundle;
    b.modelDir = kTinyBert;
    b.outputPath = path("bundle.csv");
    predictFile(b);
    compareWithStoredTest(id, path("bundle.csv"));

    // The same state as a training-state folder (what `pwb train --output` leaves).
    const auto folder = openRunState(db_, id);
    b.promptDir = folder.dir();
    b.outputPath = path("state.csv");
    predictFile(b);
    compareWithStoredTest(id, path("state.csv"));

    // A bundle predicts with its own scoring: calibration is refused, as in `pwb eval --prompt`.
    b.options.calibration = pwb::eval::Calibration::ContentFree;
    QVERIFY(has(errorOf([&] { predictFile(b); }), "calibration cannot be applied"));

    // A PEFT adapter: its vectors applied as PEFT does, scored as `pwb eval --prompt` with a template.
    const std::string adapter = path("adapter");
    exportRun({db_, id, "peft", adapter, ""});
    // The template spelled another way: `pwb eval --prompt` then scores the adapter as PEFT applies it too
    // (with the sidecar's own template it replays the training run instead).
    const std::string peftTemplate = "{sentence} it was [MASK] .";
    PredictRequest p = zeroShot(testFile_, path("peft.jsonl"));
    p.source = PredictSourceKind::Prompt;
    p.promptDir = adapter;
    p.templateText = peftTemplate;
    const auto ps = predictFile(p);
    QCOMPARE(ps.outputFormat, std::string("jsonl"));
    PromptEvalRequest e;
    e.promptDir = adapter;
    e.modelDir = kTinyBert;
    e.dataPath = testFile_;
    e.templateText = peftTemplate;
    e.verbalizer = kVerbalizer;
    e.options.calibration = pwb::eval::Calibration::None;
    const auto cell = evaluateWithPrompt(e);
    std::ifstream in(path("peft.jsonl"));
    size_t i = 0;
    for (std::string line; std::getline(in, line); ++i) {
      const auto j = nlohmann::json::parse(line);
      QCOMPARE(j["row"].get<int64_t>(), int64_t(i));
      QCOMPARE(cell.examples.at(i).probs.size(), size_t(2));
      QVERIFY(std::abs(j["probabilities"]["1"].get<double>() - cell.examples[i].probs[1]) < 1e-9);
      QCOMPARE(j["label"].get<std::string>(), cell.labels[static_cast<size_t>(cell.examples[i].pred)]);
    }
    QCOMPARE(i, size_t(30));

    // A run of a method that trains the model, trained without an output folder, has no state to apply.
    auto ft = pwb::test::tinyPromptRunRequest(kTinyBert, "prompt-ft", kTemplate, kVerbalizer, trainFile_,
                                              testFile_, db_);
    const int64_t ftId = std::stoll(pwb::train::runTraining(ft).seeds[0].runId);
    r.runId = ftId;
    const auto err = errorOf([&] { predictFile(r); });
    QVERIFY2(has(err, "has no saved training state") && has(err, "--output"), err.c_str());
    r.runId = 999;
    QVERIFY(has(errorOf([&] { predictFile(r); }), "no run with id 999"));
  }

  // Streaming: 3 000 lines in chunks of 256 — every progress call finds the output holding exactly the
  // rows written so far while the input is not yet read to its end (the file is never read whole before
  // writing), and no more than a chunk is held. The reader alone on 20 000 lines never returns more rows
  // than asked for. (Scoring 20 000 lines would take the test ~40 s on a loaded 2-core machine.)
  void linesAreStreamedInChunks() {
    auto writeLines = [](const std::string& file, int n) {
      std::ofstream out(file);
      const char* words[] = {"great", "terrible", "fine", "boring", "good"};
      for (int i = 0; i < n; ++i) out << "the film " << i << " is " << words[i % 5] << " .\n";
    };
    const std::string in = path("big.txt");
    writeLines(in, 3000);
    auto r = zeroShot(in, path("big.csv"));
    r.chunkRows = 256;
    r.options.batchSize = 256;
    int calls = 0, callsBeforeEnd = 0;
    const auto sum = predictFile(r, [&](const PredictProgress& p) {
      ++calls;
      QCOMPARE(lineCount(path("big.csv")), static_cast<size_t>(p.rowsWritten + 1));
      if (p.bytesRead < p.totalBytes) ++callsBeforeEnd;
    });
    QCOMPARE(sum.rowsWritten, int64_t(3000));
    QCOMPARE(sum.largestChunk, size_t(256));
    QCOMPARE(calls, 12);  // ceil(3000 / 256)
    QCOMPARE(callsBeforeEnd, 11);
    QCOMPARE(lineCount(path("big.csv")), size_t(3001));

    const std::string huge = path("huge.txt");
    writeLines(huge, 20000);
    pwb::data::UnlabeledReader reader(huge);
    std::vector<pwb::data::UnlabeledRow> rows;
    size_t total = 0, chunks = 0;
    while (reader.next(1000, rows)) {
      QVERIFY(rows.size() <= 1000);
      QVERIFY(reader.bytesRead() < reader.totalBytes() || total + rows.size() == 20000);
      total += rows.size();
      ++chunks;
    }
    QCOMPARE(total, size_t(20000));
    QCOMPARE(chunks, size_t(20));
    QCOMPARE(rows.size(), size_t(0));
  }

  // A zero-shot PVP on CUDA when there is one: the same labels and probabilities (to float32 rounding) as
  // on the CPU.
  void zeroShotOnCuda() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device");
    auto r = zeroShot(testFile_, path("cuda.csv"));
    r.device = "cuda";
    predictFile(r);
    predictFile(zeroShot(testFile_, path("cpu.csv")));
    const auto gpu = readCsv(path("cuda.csv")), cpu = readCsv(path("cpu.csv"));
    QCOMPARE(gpu.size(), cpu.size());
    for (size_t i = 0; i < gpu.size(); ++i) QVERIFY(std::abs(gpu[i].probs[1] - cpu[i].probs[1]) < 1e-4);
  }

  // Cancelling keeps what was written.
  void cancelKeepsTheRowsWritten() {
    const std::string in = path("cancel.txt");
    {
      std::ofstream out(in);
      for (int i = 0; i < 100; ++i) out << "a great film .\n";
    }
    auto r = zeroShot(in, path("cancel.csv"));
    r.chunkRows = 10;
    std::atomic<bool> cancel{false};
    const auto sum = predictFile(
        r, [&](const PredictProgress& p) { cancel = p.rowsWritten >= 30; }, &cancel);
    QVERIFY(sum.cancelled);
    QCOMPARE(sum.rowsWritten, int64_t(30));
    QCOMPARE(lineCount(path("cancel.csv")), size_t(31));
  }

  // TSV / CSV / JSONL: chosen text fields, ids, a label column ignored with a notice, bad rows counted by
  // line (never an exception), quoted CSV fields over two lines.
  void formatsAndBadRows() {
    writeFile(path("in.tsv"),
              "id\tsentence\tlabel\na1\ta great film\t1\na2\tbad\textra\t0\n\na3\t\t0\na4\tdull\t0\n");
    auto r = zeroShot(path("in.tsv"), path("tsv.csv"));
    auto sum = predictFile(r);
    QCOMPARE(sum.inputFormat, std::string("tsv"));
    QCOMPARE(sum.rowsWritten, int64_t(2));
    QCOMPARE(sum.badRows, int64_t(2));
    QCOMPARE(sum.problems.at(0).line, 3);
    QVERIFY(has(sum.problems[0].message, "wrong column count: expected 3, found 4"));
    QCOMPARE(sum.problems.at(1).line, 5);
    QCOMPARE(sum.problems[1].message, std::string("no text"));
    QVERIFY(has(sum.notices.at(0), "label column ('label'): it is not used"));
    auto rows = readCsv(path("tsv.csv"));
    QCOMPARE(rows.at(0).id, std::string("a1"));
    QCOMPARE(rows.at(1).id, std::string("a4"));
    QCOMPARE(rows.at(1).row, int64_t(3));  // rows count the bad ones: row numbers follow the file
    QCOMPARE(rows.at(1).line, int64_t(6));

    writeFile(path("in.csv"), "text,other\n\"a great,\nfilm\",x\n\"dull\",y\n\"open,z\n");
    r = zeroShot(path("in.csv"), path("csv.csv"));
    r.input.textFields = {"text"};
    sum = predictFile(r);
    QCOMPARE(sum.inputFormat, std::string("csv"));
    QCOMPARE(sum.rowsWritten, int64_t(2));
    QCOMPARE(sum.badRows, int64_t(1));
    QCOMPARE(sum.problems.at(0).line, 5);
    rows = readCsv(path("csv.csv"));
    QCOMPARE(rows.at(1).line, int64_t(4));

    writeFile(path("in.jsonl"),
              "{\"idx\": 7, \"review\": \"a great film\", \"label\": 1}\n{not json}\n{\"idx\": 8}\n"
              "{\"idx\": 9, \"review\": \"dull\"}\n[1]\n");
    r = zeroShot(path("in.jsonl"), path("jsonl.jsonl"));
    sum = predictFile(r);
    QCOMPARE(sum.columns, (std::vector<std::string>{"review"}));
    QCOMPARE(sum.rowsWritten, int64_t(2));
    QCOMPARE(sum.badRows, int64_t(3));
    QVERIFY(has(sum.problems.at(0).message, "invalid JSON"));
    QCOMPARE(sum.problems.at(1).message, std::string("no field 'review'"));
    QCOMPARE(sum.problems.at(2).message, std::string("not a JSON object"));
    QVERIFY(has(sum.notices.at(0), "label key ('label')"));
    std::ifstream in(path("jsonl.jsonl"));
    std::string line;
    std::getline(in, line);
    QCOMPARE(nlohmann::json::parse(line)["id"].get<std::string>(), std::string("7"));

    writeFile(path("bad-utf8.txt"), "a great film .\n\xff\xfe broken\nfine .\n");
    sum = predictFile(zeroShot(path("bad-utf8.txt"), path("u.csv")));
    QCOMPARE(sum.rowsWritten, int64_t(2));
    QCOMPARE(sum.problems.at(0).line, 2);
    QCOMPARE(sum.problems[0].message, std::string("not valid UTF-8"));
  }

  void fileLevelErrors() {
    writeFile(path("empty.txt"), "");
    QVERIFY(has(errorOf([&] { predictFile(zeroShot(path("empty.txt"), path("e.csv"))); }), "empty"));
    QVERIFY(has(errorOf([&] { predictFile(zeroShot(path("none.txt"), path("e.csv"))); }), "no such file"));
    writeFile(path("one.txt"), "a film .\n");
    QVERIFY(has(errorOf([&] { predictFile(zeroShot(path("one.txt"), path("no/such/dir/e.csv"))); }),
                "cannot write"));
    auto r = zeroShot(path("one.txt"), path("e.csv"));
    r.input.textFields = {"text"};
    QVERIFY(has(errorOf([&] { predictFile(r); }), "no text fields to choose"));
    writeFile(path("cols.tsv"), "a\tb\nx\ty\n");
    r = zeroShot(path("cols.tsv"), path("e.csv"));
    r.input.textFields = {"c"};
    QVERIFY(has(errorOf([&] { predictFile(r); }), "no column 'c' (the columns are 'a', 'b')"));
    r = zeroShot(path("one.txt"), path("e.txt"));
    r.outputFormat = "xml";
    QVERIFY(has(errorOf([&] { predictFile(r); }), "expected csv or jsonl"));
  }
};

QTEST_GUILESS_MAIN(TestPredictStream)
#include "test_predict_stream.moc"
