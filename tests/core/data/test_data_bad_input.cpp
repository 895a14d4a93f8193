// Bad data files: every problem is reported with file:line and a sentence, skipped and counted in
// skip mode, thrown as pwb::Error in stop mode, and nothing crashes.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "data/random.h"

using pwb::data::Dataset;
using pwb::data::importDataset;
using pwb::data::ImportOptions;

class TestDataBadInput : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::string write(const char* name, const std::string& bytes) {
    const std::string path = dir_.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  static ImportOptions as(const char* format) {
    ImportOptions o;
    o.format = format;
    return o;
  }

  // Imports in skip mode expecting exactly one problem, checks its text, then checks that stop mode
  // throws the same "<file>:<line>: <message>".
  static void expectOneProblem(const std::string& path, ImportOptions o, int line, const std::string& message,
                               Dataset* out = nullptr) {
    const Dataset ds = importDataset(path, o);
    if (out) *out = ds;
    if (ds.problems.size() != 1) {
      QTest::qFail(("expected 1 problem, got " + std::to_string(ds.problems.size())).c_str(), __FILE__,
                   __LINE__);
      return;
    }
    const std::string expected = path + ":" + std::to_string(line) + ": " + message;
    QCOMPARE(ds.problems[0].text(), expected);
    o.onBadRow = pwb::data::OnBadRow::Stop;
    try {
      importDataset(path, o);
      QTest::qFail("stop mode did not throw", __FILE__, __LINE__);
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), expected);
      QCOMPARE(e.where().line, line);
    }
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void missingLabelLabelSpace() {
    const auto p = write("ls.txt", "1 good one\nno label here\n0 bad one\n");
    Dataset ds;
    expectOneProblem(p, as("label-space"), 2,
                     "missing label: the line does not start with a numeric label and a space", &ds);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.examples[1].id, std::string("L3"));
    QCOMPARE(ds.summary(), std::string("2 rows, labels 0: 1, 1: 1, 1 row skipped (label-space, UTF-8)"));
  }

  void missingLabelTsv() {
    const auto p = write("ml.tsv", "sentence\tlabel\nfine\t1\nno label\t \nalso fine\t0\n");
    Dataset ds;
    expectOneProblem(p, {}, 3, "missing label in column 'label'", &ds);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(ds.examples.size(), size_t(2));
  }

  void missingLabelJsonlInLabelledSet() {
    const auto p = write("ml.jsonl",
                         "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"entailment\"}\n"
                         "{\"premise\": \"c\", \"hypothesis\": \"d\"}\n"
                         "{\"premise\": \"e\", \"hypothesis\": \"f\", \"label\": \"not_entailment\"}\n");
    Dataset ds;
    expectOneProblem(p, {}, 2, "missing label", &ds);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(ds.examples.size(), size_t(2));
    QVERIFY(!ds.unlabeled);
  }

  void emptyText() {
    const auto p = write("et.tsv", "sentence\tlabel\n   \t1\nok\t0\n");
    expectOneProblem(p, {}, 2, "empty text");
    const auto fast = write("et.txt", "__label__1 fine\n__label__2\n__label__3 fine too\n");
    expectOneProblem(fast, as("fasttext"), 2, "empty text");
  }

  void wrongColumnCount() {
    const auto p = write("wc.tsv", "sentence\tlabel\na\tb\t1\nok\t0\n");
    expectOneProblem(p, {}, 2, "wrong column count: expected 2 (sentence, label), found 3");
  }

  void brokenJsonLine() {
    const auto p = write("bj.jsonl",
                         "{\"sentence\": \"good\", \"label\": 1}\n"
                         "{\"sentence\": \"broken\", \"label\": \n"
                         "{\"sentence\": \"bad\", \"label\": 0}\n");
    const Dataset ds = importDataset(p);
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.problems.size(), size_t(1));
    QCOMPARE(ds.problems[0].line, 2);
    QVERIFY2(
        ds.problems[0].text().rfind(
            p + ":2: invalid JSON at column 33: syntax error while parsing value - unexpected end of input",
            0) == 0,
        ds.problems[0].text().c_str());
    QCOMPARE(ds.examples[1].label, std::string("0"));  // numeric labels become text
    const auto arr = write("arr.jsonl", "{\"sentence\": \"good\", \"label\": 1}\n[1, 2]\n");
    expectOneProblem(arr, {}, 2, "expected a JSON object, found array");
  }

  void unterminatedQuote() {
    const auto p =
        write("uq.tsv", "s1\ts2\tlabel\n\"fine\"\tx\t0\n\"opened\tnever closed\t1\nafter\tit\t0\n");
    Dataset ds;
    expectOneProblem(p, as("tsv-quoted"), 3,
                     "unterminated quoted field (the quote opened here is never closed)", &ds);
    if (QTest::currentTestFailed()) return;
    // Reading resumes on the next line.
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.examples[1].fields[0], std::string("after"));
    QCOMPARE(ds.examples[1].line, 4);
  }

  void binaryGarbage() {
    std::string bytes =
        "\x7f"
        "ELF";
    for (int i = 0; i < 300; ++i) bytes += static_cast<char>((i * 37) & 0xFF);
    const auto p = write("garbage.bin", bytes);
    try {
      importDataset(p);
      QFAIL("binary file accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()),
               p + ": this is not a text file (it contains NUL bytes); expected a text data set");
    }
  }

  void undecodableBytes() {
    // Valid UTF-8 elsewhere, one stray byte on line 3: UTF-8 is kept and only that row is bad.
    const auto p = write("enc.txt", "1 caf\xC3\xA9 scene\n0 fine\n1 bro\xFFken\n0 also fine\n");
    Dataset ds;
    expectOneProblem(p, {}, 3, "bad encoding: bytes that are neither UTF-8 nor Windows-1252", &ds);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(ds.encoding, std::string("UTF-8"));
    QCOMPARE(ds.examples[0].fields[0], std::string("caf\xC3\xA9 scene"));
    // An 8-bit file with a byte Windows-1252 leaves undefined (0x81).
    const auto q = write("cp.txt", "1 caf\xE9\n0 odd \x81 byte\n");
    Dataset cp;
    expectOneProblem(q, {}, 2, "bad encoding: bytes that are neither UTF-8 nor Windows-1252", &cp);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(cp.encoding, std::string("Windows-1252"));
    QCOMPARE(cp.examples[0].fields[0], std::string("caf\xC3\xA9"));
    // A bad byte on the second line of a quoted field is reported where the record starts.
    const auto r = write("q.tsv", "a\tlabel\n\"caf\xC3\xA9\n\xFF\"\t1\nok\t0\n");
    Dataset quotedDs;
    expectOneProblem(
        r, as("tsv-quoted"), 2,
        "bad encoding: bytes that are neither UTF-8 nor Windows-1252 on line 3, inside a quoted field",
        &quotedDs);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(quotedDs.examples.size(), size_t(1));
    QCOMPARE(quotedDs.examples[0].line, 4);
  }

  void emptyFileAndBlankFile() {
    const auto p = write("empty.tsv", "");
    try {
      importDataset(p);
      QFAIL("empty file accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), p + ": the file is empty; expected one example per line");
    }
    const auto b = write("blank.txt", "\n  \n\n");
    try {
      importDataset(b);
      QFAIL("blank file accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), b + ": no examples found (the file has only blank lines or a header)");
    }
  }

  void blankLinesAreCountedNotSilent() {
    const auto p = write("bl.txt", "1 a\n\n0 b\n\n1 c");
    const Dataset ds = importDataset(p);
    QCOMPARE(ds.examples.size(), size_t(3));
    QCOMPARE(ds.warnings, std::vector<std::string>{"2 blank lines ignored (lines 2, 4)"});
  }

  void veryLongLine() {
    std::string longLine = "1 " + std::string(3u << 20, 'a');
    const auto p = write("long.txt", "0 short\n" + longLine + "\n1 short too\n");
    Dataset ds;
    expectOneProblem(p, {}, 2, "line is too long (3145730 bytes, limit 1048576)", &ds);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(ds.examples.size(), size_t(2));
    ImportOptions big;
    big.maxLineBytes = 4u << 20;
    QCOMPARE(importDataset(p, big).examples.size(), size_t(3));
  }

  void malformedTree() {
    const auto p = write("t.txt", "(3 (2 It) (3 works))\n(2 (2 unclosed) (1 tree)\n(1 (1 bad))\n");
    expectOneProblem(p, {}, 2, "malformed tree: 1 unclosed parenthesis(es)");
  }

  void randomBytesNeverCrash() {
    // Random structured garbage through every importer, in both modes: only pwb::Error may escape.
    const std::string alphabet =
        "\"\"\t\t\n\n\r,,{}()[]_:_label__ 0123456789 abcxyz\\\x85\xC3\xA9\xE9\x81\xFF";
    pwb::data::SplitMix64 rng(2024);
    std::vector<std::string> formats = pwb::data::formatNames();
    formats.push_back("auto");
    int errors = 0, imported = 0;
    for (int round = 0; round < 150; ++round) {
      std::string bytes;
      const size_t n = 1 + rng.below(600);
      for (size_t i = 0; i < n; ++i) bytes += alphabet[rng.below(alphabet.size())];
      if (round % 3 == 0) bytes = "sentence\tlabel\n" + bytes;
      if (round % 5 == 0) bytes = "{\"premise\": \"x\", \"label\": 1}\n" + bytes;
      const std::string path = write("fuzz.txt", bytes);
      for (const auto& f : formats) {
        for (auto mode : {pwb::data::OnBadRow::Skip, pwb::data::OnBadRow::Stop}) {
          ImportOptions o = as(f.c_str());
          o.onBadRow = mode;
          try {
            const Dataset ds = importDataset(path, o);
            for (const auto& e : ds.examples) QCOMPARE(e.fields.size(), ds.columns.size());
            ++imported;
          } catch (const pwb::Error&) {
            ++errors;
          }
        }
      }
    }
    QVERIFY(imported > 0);
    QVERIFY(errors > 0);
  }

  void fileLevelErrors() {
    try {
      importDataset(dir_.filePath("missing.tsv").toStdString());
      QFAIL("missing file accepted");
    } catch (const pwb::Error& e) {
      QVERIFY(std::string(e.what()).find("file not found") != std::string::npos);
    }
    const auto p = write("ok.tsv", "sentence\tlabel\nx\t1\n");
    try {
      importDataset(p, as("xml"));
      QFAIL("unknown format accepted");
    } catch (const pwb::Error& e) {
      QVERIFY(std::string(e.what()).rfind(p + ": unknown data format 'xml' (known: auto, tsv,", 0) == 0);
    }
    ImportOptions col;
    col.labelColumn = "gold";
    try {
      importDataset(p, col);
      QFAIL("unknown column accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), p + ": label column 'gold' is not in the header (sentence, label)");
    }
    const auto j = write("cols.jsonl", "{\"premise\": \"a\", \"label\": \"x\"}\n");
    ImportOptions textCol;
    textCol.textColumns = {"hypothesis"};
    try {
      importDataset(j, textCol);
      QFAIL("unknown JSON key accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()),
               j + ":1: text field 'hypothesis' is not in the object (keys: premise, label)");
    }
  }
};

QTEST_GUILESS_MAIN(TestDataBadInput)
#include "test_data_bad_input.moc"
