// Every file in tests/reference/data imports with the row and label counts of data/PROVENANCE.md, in the
// format it really has; plus the content checks that matter for prompts (no mojibake, same text
// across the copies of a data set).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "data/text_decode.h"

using pwb::data::Dataset;
using pwb::data::importDataset;
using pwb::data::ImportOptions;

namespace {

std::string shared(const char* rel) {
  return std::string(PWB_REFERENCE_DIR) + "/data/" + rel;
}

// "0=26786,1=33828" for compact table rows.
QString countsString(const Dataset& ds) {
  QStringList parts;
  for (const auto& [label, n] : ds.labelCounts())
    parts << QString::fromStdString(label) + "=" + QString::number(static_cast<qulonglong>(n));
  return parts.join(",");
}

std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& bytes) {
  const std::string path = dir.filePath(name).toStdString();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

class TestDataImport : public QObject {
  Q_OBJECT
 private slots:
  void provenanceCounts_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("fixedLabel");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("counts");
    QTest::addColumn<QString>("columns");
    auto row = [](const char* file, const char* fixed, const char* format, const char* enc, int rows,
                  const char* counts, const char* columns) {
      QTest::newRow(file) << file << fixed << format << enc << rows << counts << columns;
    };
    row("sst2_glue/train.tsv", "", "tsv", "UTF-8", 60614, "0=26786,1=33828", "sentence");
    row("sst2_glue/dev.tsv", "", "tsv", "UTF-8", 6735, "0=2994,1=3741", "sentence");
    row("sst2_glue/test.tsv", "", "tsv", "UTF-8", 872, "0=428,1=444", "sentence");
    row("sst2_sentence/stsa.binary.train", "", "label-space", "UTF-8", 6920, "0=3310,1=3610", "sentence");
    row("sst2_sentence/stsa.binary.dev", "", "label-space", "UTF-8", 872, "0=428,1=444", "sentence");
    row("sst2_sentence/stsa.binary.test", "", "label-space", "UTF-8", 1821, "0=912,1=909", "sentence");
    row("sst2_sentence_nopunct/train.tsv", "", "tsv-noheader", "UTF-8", 6920, "0=3310,1=3610", "sentence");
    row("sst2_sentence_nopunct/dev.tsv", "", "tsv-noheader", "UTF-8", 872, "0=428,1=444", "sentence");
    row("sst2_sentence_nopunct/test.tsv", "", "tsv-noheader", "UTF-8", 1821, "0=912,1=909", "sentence");
    row("sst5/stsa.fine.train", "", "label-space", "UTF-8", 8544, "0=1092,1=2218,2=1624,3=2322,4=1288",
        "sentence");
    row("sst5/stsa.fine.dev", "", "label-space", "UTF-8", 1101, "0=139,1=289,2=229,3=279,4=165", "sentence");
    row("sst5/stsa.fine.test", "", "label-space", "UTF-8", 2210, "0=279,1=633,2=389,3=510,4=399", "sentence");
    row("sst5_fasttext/sst_train.txt", "", "fasttext", "UTF-8", 8544, "1=1092,2=2218,3=1624,4=2322,5=1288",
        "sentence");
    row("sst5_fasttext/sst_dev.txt", "", "fasttext", "UTF-8", 1101, "1=139,2=289,3=229,4=279,5=165",
        "sentence");
    row("sst5_fasttext/sst_test.txt", "", "fasttext", "UTF-8", 2210, "1=279,2=633,3=389,4=510,5=399",
        "sentence");
    row("sst5_ptb_trees/train.txt", "", "ptb", "UTF-8", 8544, "0=1092,1=2218,2=1624,3=2322,4=1288",
        "sentence");
    row("sst5_ptb_trees/dev.txt", "", "ptb", "UTF-8", 1101, "0=139,1=289,2=229,3=279,4=165", "sentence");
    row("sst5_ptb_trees/test.txt", "", "ptb", "UTF-8", 2210, "0=279,1=633,2=389,3=510,4=399", "sentence");
    row("mr/rt-polarity.pos", "1", "lines", "Windows-1252", 5331, "1=5331", "sentence");
    row("mr/rt-polarity.neg", "0", "lines", "Windows-1252", 5331, "0=5331", "sentence");
    row("mr/rt-polarity.all", "", "label-space", "Windows-1252", 10662, "0=5331,1=5331", "sentence");
    row("rte_superglue_jsonl/train.jsonl", "", "jsonl", "UTF-8", 2490, "entailment=1249,not_entailment=1241",
        "premise,hypothesis");
    row("rte_superglue_jsonl/val.jsonl", "", "jsonl", "UTF-8", 277, "entailment=146,not_entailment=131",
        "premise,hypothesis");
    row("rte_superglue_jsonl/test.jsonl", "", "jsonl", "UTF-8", 3000, "", "premise,hypothesis");
    row("rte_quoted_tsv/train.tsv", "", "tsv-quoted", "UTF-8", 2490, "0=1249,1=1241", "sentence1,sentence2");
    row("rte_quoted_tsv/dev.tsv", "", "tsv-quoted", "UTF-8", 277, "0=146,1=131", "sentence1,sentence2");
  }

  void provenanceCounts() {
    QFETCH(QString, file);
    QFETCH(QString, fixedLabel);
    QFETCH(QString, format);
    QFETCH(QString, encoding);
    QFETCH(int, rows);
    QFETCH(QString, counts);
    QFETCH(QString, columns);
    ImportOptions o;
    o.fixedLabel = fixedLabel.toStdString();
    const Dataset ds = importDataset(shared(file.toUtf8().constData()), o);
    QCOMPARE(QString::fromStdString(ds.format), format);  // auto-detected
    QCOMPARE(QString::fromStdString(ds.encoding), encoding);
    QCOMPARE(static_cast<int>(ds.examples.size()), rows);
    QCOMPARE(countsString(ds), counts);
    QStringList cols;
    for (const auto& c : ds.columns) cols << QString::fromStdString(c);
    QCOMPARE(cols.join(","), columns);
    QVERIFY2(ds.problems.empty(), ds.problems.empty() ? "" : ds.problems.front().text().c_str());
    QCOMPARE(ds.unlabeled, counts.isEmpty());
    for (const auto& e : ds.examples) {
      QCOMPARE(e.fields.size(), ds.columns.size());
      if (e.fields[0].empty()) QFAIL(("empty text at " + e.id).c_str());
    }
    // Forcing the detected format gives the same result.
    o.format = format.toStdString();
    QCOMPARE(importDataset(shared(file.toUtf8().constData()), o).examples.size(), ds.examples.size());
  }

  void glueTsvTextIsTrimmedAndQuotesLiteral() {
    const Dataset ds = importDataset(shared("sst2_glue/test.tsv"));
    QCOMPARE(ds.examples[0].fields[0], std::string("it 's a charming and often affecting journey ."));
    QCOMPARE(ds.examples[0].label, std::string("1"));
    QCOMPARE(ds.examples[0].id, std::string("L2"));  // line 1 is the header
    QCOMPARE(ds.examples[0].line, 2);
    QCOMPARE(ds.examples.back().line, 873);
  }

  void headerlessTsvLastRowWithoutNewline() {
    const Dataset ds = importDataset(shared("sst2_sentence_nopunct/train.tsv"));
    QCOMPARE(ds.examples.back().line, 6920);
    QCOMPARE(ds.examples.back().fields[0],
             std::string("a deliciously nonsensical comedy about a city coming apart at its seams"));
    QCOMPARE(ds.examples.back().label, std::string("1"));
    QCOMPARE(ds.fieldIndex("text_a"), 0);
    QCOMPARE(ds.fieldIndex("sentence"), 0);
    QCOMPARE(ds.fieldIndex("text_b"), -1);
  }

  void mrWindows1252WithoutMojibake() {
    const Dataset ds = importDataset(shared("mr/rt-polarity.all"));
    QCOMPARE(ds.encoding, std::string("Windows-1252"));
    QCOMPARE(ds.warnings.size(), size_t(1));
    QVERIFY(ds.warnings[0].find("decoded as Windows-1252") != std::string::npos);
    const auto* e = ds.findById("L32");
    QVERIFY(e);
    QCOMPARE(e->fields[0], std::string("the action clich\xC3\xA9s just pile up ."));
    // 0x85 is an ellipsis inside the line, not a line break (the row count above already proves it).
    const auto* nel = ds.findById("L474");
    QVERIFY(nel);
    QVERIFY(nel->fields[0].rfind("\xE2\x80\xA6the maudlin way", 0) == 0);
    QCOMPARE(nel->label, std::string("0"));
  }

  void rteQuotedTsvMatchesJsonl() {
    const Dataset tsv = importDataset(shared("rte_quoted_tsv/dev.tsv"));
    ImportOptions names;
    names.labelNames = {{"entailment", "0"}, {"not_entailment", "1"}};  // HF numbering
    const Dataset jsonl = importDataset(shared("rte_superglue_jsonl/val.jsonl"), names);
    QCOMPARE(tsv.examples.size(), jsonl.examples.size());
    // Row 4 has doubled quotes inside a quoted field: "If someone snaps ...," said Jake King.
    QCOMPARE(tsv.examples[3].fields, jsonl.examples[3].fields);
    QVERIFY(tsv.examples[3].fields[0].find("shattered. \"If someone snaps") != std::string::npos);
    QCOMPARE(tsv.examples[3].label, std::string("1"));
    size_t same = 0;
    for (size_t i = 0; i < tsv.examples.size(); ++i) {
      QCOMPARE(tsv.examples[i].label, jsonl.examples[i].label);
      same += tsv.examples[i].fields == jsonl.examples[i].fields;
    }
    QCOMPARE(same, size_t(271));  // PROVENANCE: 271/277 string-identical, the rest differ in quotes
  }

  void ptbLeavesEqualFastTextExport() {
    const Dataset ptb = importDataset(shared("sst5_ptb_trees/dev.txt"));
    const Dataset ft = importDataset(shared("sst5_fasttext/sst_dev.txt"));
    QCOMPARE(ptb.examples.size(), ft.examples.size());
    for (size_t i = 0; i < ptb.examples.size(); ++i) {
      QCOMPARE(ptb.examples[i].fields[0], ft.examples[i].fields[0]);
      QCOMPARE(std::stoi(ptb.examples[i].label) + 1, std::stoi(ft.examples[i].label));
    }
    QCOMPARE(ptb.examples[0].fields[0],
             std::string("It 's a lovely film with lovely performances by Buy and Accorsi ."));
  }

  void optionsMapColumnsAndLabels() {
    ImportOptions o;
    o.labelNames = {{"0", "negative"}, {"1", "positive"}};
    const Dataset ds = importDataset(shared("sst2_glue/test.tsv"), o);
    QCOMPARE(countsString(ds), QString("negative=428,positive=444"));

    ImportOptions cols;
    cols.textColumns = {"sentence2"};
    cols.labelColumn = "3";
    const Dataset rte = importDataset(shared("rte_quoted_tsv/dev.tsv"), cols);
    QCOMPARE(rte.columns, std::vector<std::string>{"sentence2"});
    QCOMPARE(rte.examples[0].fields[0], std::string("Christopher Reeve had an accident."));

    ImportOptions forced;
    forced.format = "lines";  // a label-space file read as plain text keeps the label in the text
    forced.maxRows = 3;
    const Dataset lines = importDataset(shared("sst2_sentence/stsa.binary.dev"), forced);
    QCOMPARE(lines.examples.size(), size_t(3));
    QCOMPARE(lines.examples[0].fields[0], std::string("0 one long string of cliches ."));
    QVERIFY(lines.unlabeled);
  }

  void crlfBomAndSummary() {
    QTemporaryDir dir;
    const auto path =
        writeFile(dir, "crlf.tsv", "\xEF\xBB\xBFsentence\tlabel\r\ngood film \t1\r\nbad film\t0\r\n");
    const Dataset ds = importDataset(path);
    QCOMPARE(ds.format, std::string("tsv"));
    QCOMPARE(ds.columns, std::vector<std::string>{"sentence"});
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.examples[0].fields[0], std::string("good film"));
    QCOMPARE(ds.examples[1].label, std::string("0"));
    QCOMPARE(ds.summary(), std::string("2 rows, labels 0: 1, 1: 1, 0 rows skipped (tsv, UTF-8)"));
  }

  void commaCsvWithQuotes() {
    QTemporaryDir dir;
    const auto path = writeFile(dir, "d.csv", "label,sentence\n1,\"a, \"\"quoted\"\" one\"\n0,plain\n");
    const Dataset ds = importDataset(path);
    QCOMPARE(ds.format, std::string("csv"));
    QCOMPARE(ds.examples[0].fields[0], std::string("a, \"quoted\" one"));
    QCOMPARE(ds.examples[0].label, std::string("1"));
    const auto noHeader = writeFile(dir, "lmbff.csv", "1,\"multi\nline\"\n0,plain text\n");
    ImportOptions csv;
    csv.format = "csv-noheader";  // LM-BFF's original/ CSV layout: label,sentence
    const Dataset lm = importDataset(noHeader, csv);
    QCOMPARE(lm.columns, std::vector<std::string>{"sentence"});
    QCOMPARE(lm.examples[0].label, std::string("1"));
    QCOMPARE(lm.examples.size(), size_t(2));
    QCOMPARE(lm.examples[0].fields[0], std::string("multi\nline"));
    QCOMPARE(lm.examples[1].line, 3);
    const auto simple = writeFile(dir, "simple.csv", "1,good movie\n0,\"bad, really\"\n");
    const Dataset auto_ = importDataset(simple);
    QCOMPARE(auto_.format, std::string("csv-noheader"));
    QCOMPARE(auto_.examples[1].fields[0], std::string("bad, really"));
    QCOMPARE(auto_.examples[1].label, std::string("0"));
  }

  void decodeRules() {
    QVERIFY(pwb::data::isValidUtf8("caf\xC3\xA9"));
    QVERIFY(!pwb::data::isValidUtf8("caf\xE9"));
    QVERIFY(!pwb::data::isValidUtf8("\xC0\xAF"));      // overlong
    QVERIFY(!pwb::data::isValidUtf8("\xED\xA0\x80"));  // surrogate
    QCOMPARE(pwb::data::cp1252ToUtf8("\x85\x93x\x94\x80"),
             std::string("\xE2\x80\xA6\xE2\x80\x9Cx\xE2\x80\x9D\xE2\x82\xAC"));
  }
};

QTEST_GUILESS_MAIN(TestDataImport)
#include "test_data_import.moc"
