// Multi-label import (issue 17): JSONL label lists and TSV label columns joined by a separator, labels
// outside the declared set and empty labels reported by file and line (skip and stop mode).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "multilabel/multilabel_import.h"

using namespace pwb::multilabel;

class TestMultiLabelImport : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::string write(const char* name, const std::string& bytes) {
    const std::string path = dir_.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void jsonlLists() {
    const auto p = write("ml.jsonl",
                         "{\"text\": \"one\", \"labels\": [\"a\", \"c\"]}\n"
                         "{\"text\": \"two\", \"labels\": [\"b\"]}\n"
                         "{\"text\": \"three\", \"labels\": [\"c\", \"a\", \"c\"]}\n");
    const MultiLabelSet s = importMultiLabelSet(p);
    QCOMPARE(s.labels, (std::vector<std::string>{"a", "b", "c"}));  // as seen, sorted
    QVERIFY(!s.declared);
    QCOMPARE(s.data.columns, (std::vector<std::string>{"text"}));
    QCOMPARE(s.gold, (std::vector<std::vector<int>>{{0, 2}, {1}, {0, 2}}));
    QCOMPARE(s.data.examples[2].label, std::string("a, c"));
    QCOMPARE(s.data.labels, s.labels);
    QVERIFY(s.data.problems.empty());
    QCOMPARE(s.summary(), std::string("3 rows, 3 labels (a: 2, b: 1, c: 2, as seen), 1.67 labels per row on "
                                      "average, 0 rows skipped"));
  }

  void tsvJoinedAndDeclared() {
    const auto p = write("ml.tsv",
                         "sentence\tlabels\n"
                         "good film\tpos|fun\n"
                         "bad film\tneg\n"
                         "odd film\tneg|weird\n"
                         "empty\tpos||fun\n"
                         "fine film\tfun\n");
    MultiLabelImportOptions o;
    o.separator = "|";
    o.declaredLabels = {"pos", "neg", "fun"};
    const MultiLabelSet s = importMultiLabelSet(p, o);
    QCOMPARE(s.labels, (std::vector<std::string>{"pos", "neg", "fun"}));
    QCOMPARE(s.gold, (std::vector<std::vector<int>>{{0, 2}, {1}, {2}}));
    QCOMPARE(s.data.examples.size(), size_t(3));
    QCOMPARE(s.data.examples[2].line, 6);
    QCOMPARE(s.data.problems.size(), size_t(2));
    QCOMPARE(s.data.problems[0].text(),
             p + ":4: label 'weird' is not in the declared label set (pos, neg, fun)");
    QCOMPARE(s.data.problems[1].text(), p + ":5: an empty label in 'pos||fun' (separator '|')");

    o.onBadRow = pwb::data::OnBadRow::Stop;
    try {
      importMultiLabelSet(p, o);
      QFAIL("stop mode did not throw");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()),
               p + ":4: label 'weird' is not in the declared label set (pos, neg, fun)");
    }
  }

  void badRowsInJsonl() {
    const auto p = write("bad.jsonl",
                         "{\"text\": \"one\", \"labels\": [\"a\"]}\n"
                         "{\"text\": \"two\", \"labels\": [\"a\", 3]}\n"
                         "{\"text\": \"three\", \"labels\": []}\n"
                         "{\"text\": \"four\"}\n"
                         "{\"text\": \"five\", \"labels\": \"b,a\"}\n");
    const MultiLabelSet s = importMultiLabelSet(p);
    QCOMPARE(s.gold, (std::vector<std::vector<int>>{{0}, {0, 1}}));
    QCOMPARE(s.data.problems.size(), size_t(3));
    QCOMPARE(s.data.problems[0].text(), p + ":2: 'labels' is a list with an element that is not a string");
    QCOMPARE(s.data.problems[0].line, 2);
    QCOMPARE(s.data.problems[1].line, 3);
    QCOMPARE(s.data.problems[2].text(), p + ":4: missing label");
  }

  void fileLevelErrors() {
    const auto p = write("nolabels.jsonl", "{\"text\": \"one\"}\n");
    QVERIFY_THROWS_EXCEPTION(pwb::Error, importMultiLabelSet(p));
    MultiLabelImportOptions o;
    o.separator = "";
    QVERIFY_THROWS_EXCEPTION(pwb::Error, importMultiLabelSet(p, o));
    o.separator = ",";
    o.declaredLabels = {"a", "a"};
    QVERIFY_THROWS_EXCEPTION(pwb::Error, importMultiLabelSet(p, o));
  }
};

QTEST_GUILESS_MAIN(TestMultiLabelImport)
#include "test_multilabel_import.moc"
