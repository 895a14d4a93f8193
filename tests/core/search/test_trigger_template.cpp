// Trigger-slot templates (core/search/trigger_template.h, SEARCH.md): `[T]` and `[T*n]` become one [MASK]
// per trigger token for the search, the template's own [MASK] is found among them, errors name the column
// the user wrote, and chosen tokens are written back as ordinary template text.
#include <QtTest>

#include "common/error.h"
#include "prompt/template.h"
#include "search/trigger_template.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTinyRoberta = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta";

std::string errorOf(const std::string& text) {
  try {
    search::parseTriggerTemplate(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestTriggerTemplate : public QObject {
  Q_OBJECT
 private slots:
  void singleSlots() {
    const auto t = search::parseTriggerTemplate("{s} [T] [T] [T] [MASK] .");
    QCOMPARE(t.triggerCount(), 3);
    QCOMPARE(static_cast<int>(t.triggers.size()), 3);
    QCOMPARE(t.maskedText, std::string("{s} [MASK] [MASK] [MASK] [MASK] ."));
    QCOMPARE(t.maskTrigger, (std::vector<int>{0, 1, 2, -1}));
    QCOMPARE(t.labelMask, 3);
    QCOMPARE(t.masked.maskCount(), 4);
  }

  void countedSlotAndMaskFirst() {
    const auto t = search::parseTriggerTemplate("[mask] [t*2] {s} [T]");
    QCOMPARE(t.triggerCount(), 3);
    QCOMPARE(t.maskedText, std::string("[mask] [MASK] [MASK] {s} [MASK]"));
    QCOMPARE(t.maskTrigger, (std::vector<int>{-1, 0, 1, 2}));
    QCOMPARE(t.labelMask, 0);
    QCOMPARE(t.triggers[0].count, 2);
    QCOMPARE(t.triggers[0].pos.column, 8);
  }

  void escapedBracketIsText() {
    // \[T] is literal text, and <mask> is the template's own mask.
    const auto t = search::parseTriggerTemplate("{s} \\[T\\] [T] <mask>");
    QCOMPARE(t.triggerCount(), 1);
    QCOMPARE(t.maskTrigger, (std::vector<int>{0, -1}));
  }

  void fillWritesTokensBack() {
    const auto t = search::parseTriggerTemplate("{s} [T*2] [MASK] . [T]");
    QCOMPARE(t.fill({" great", "ly", " \\{x"}), std::string("{s} greatly [MASK] . \\{x"));
    // No space before the slot in the source: the word keeps its own.
    const auto glued = search::parseTriggerTemplate("{s}[T] [MASK]");
    QCOMPARE(glued.fill({" so"}), std::string("{s} so [MASK]"));
    // The result is an ordinary template.
    QCOMPARE(prompt::parseTemplate(t.fill({" great", "ly", " \\{x"})).maskCount(), 1);
  }

  void tokenTextWordPiece() {
    const auto tok = tokenize::loadTokenizer(kTinyBert);
    const int64_t word = tok->tokenToId("film");
    QVERIFY(word >= 0);
    QCOMPARE(search::triggerTokenText(*tok, word), std::string(" film"));
    int64_t piece = -1;
    for (int64_t id = 0; id < tok->vocabSize() && piece < 0; ++id) {
      if (tok->idToToken(id).rfind("##", 0) == 0) piece = id;
    }
    QVERIFY(piece >= 0);
    QCOMPARE(search::triggerTokenText(*tok, piece), tok->idToToken(piece).substr(2));
    QCOMPARE(search::triggerTokenText(*tok, tok->special().maskId), std::string(" \\[MASK\\]"));
  }

  void tokenTextBpe() {
    const auto tok = tokenize::loadTokenizer(kTinyRoberta);
    const auto ids = tok->wordInContext("film");
    QCOMPARE(static_cast<int>(ids.size()), 1);
    QCOMPARE(search::triggerTokenText(*tok, ids[0]), std::string(" film"));
  }

  void errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no trigger") << "{s} it was [MASK] ."
                                << "template: the template '{s} it was [MASK] .' has no trigger slot";
    QTest::newRow("no mask")
        << "{s} [T] [T] ."
        << "template: the template '{s} [T] [T] .' has no [MASK] besides its trigger slots";
    QTest::newRow("count 0") << "{s} [T*0] [MASK]"
                             << "template:1:5: count 0 in '[T*0]' is out of range — expected 1 to 32";
    QTest::newRow("count 33") << "{s} [T*33] [MASK]"
                              << "template:1:5: count 33 in '[T*33]' is out of range";
    QTest::newRow("count x") << "{s} [T*x] [MASK]"
                             << "template:1:5: expected a number after '*' in '[T*x]'";
    QTest::newRow("no count") << "{s} [T*] [MASK]"
                              << "template:1:5: expected a number after '*' in '[T*]'";
    QTest::newRow("junk")
        << "{s} [T 3] [MASK]"
        << "template:1:5: unexpected ' 3' in '[T 3]' — a trigger slot is written [T] or [T*n]";
    // A core/prompt error after a slot: the column is the one written (13), not the masked text's (28).
    QTest::newRow("after slot") << "{s} [T*3] [MASKK]"
                                << "template:1:11: unknown token '[MASKK]'";
    QTest::newRow("second line") << "[T]\n{s} [T*2] {x"
                                 << "template:2:11: unterminated field '{x'";
  }
  void errors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString got = QString::fromStdString(errorOf(text.toStdString()));
    QVERIFY2(got.startsWith(expected), qPrintable(got));
  }
};

QTEST_GUILESS_MAIN(TestTriggerTemplate)
#include "test_trigger_template.moc"
