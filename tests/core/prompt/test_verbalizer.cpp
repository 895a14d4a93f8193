// Verbalizer syntax (text and JSON), label validation, and resolution on the fake tokenizer.
#include <QtTest>

#include "common/error.h"
#include "fake_tokenizer.h"
#include "prompt/verbalizer.h"
#include "support/error_of.h"

using pwb::prompt::MultiTokenMode;
using pwb::prompt::parseVerbalizer;
using pwb::prompt::Verbalizer;
using pwb::prompt::WordAggregation;
using pwb::prompt::WordStatus;

using pwb::test::errorOf;

class TestVerbalizer : public QObject {
  Q_OBJECT

 private slots:
  void textForm() {
    const Verbalizer v = parseVerbalizer(" 0 = terrible ; 1=great, good,very good ");
    QCOMPARE(v.classes.size(), size_t(2));
    QCOMPARE(v.classes[0].label, std::string("0"));
    QCOMPARE(v.classes[0].words, std::vector<std::string>{"terrible"});
    QCOMPARE(v.classes[1].words, (std::vector<std::string>{"great", "good", "very good"}));
    QCOMPARE(v.aggregation, WordAggregation::MeanLogProb);
    QCOMPARE(v.multiToken, MultiTokenMode::SubtokenMean);
    QCOMPARE(QString::fromStdString(v.toString()), QString("0=terrible;1=great,good,very good"));
    const Verbalizer nli = parseVerbalizer("entailment=yes;neutral=maybe;contradiction=no;");
    QCOMPARE(nli.classes[2].label, std::string("contradiction"));
    QVERIFY(nli.find("neutral") != nullptr);
    QVERIFY(nli.find("other") == nullptr);
    // Escapes keep ; , = inside words, and toString writes them back.
    const Verbalizer esc = parseVerbalizer("a\\=b=x\\,y;c=\\;");
    QCOMPARE(esc.classes[0].label, std::string("a=b"));
    QCOMPARE(esc.classes[0].words, std::vector<std::string>{"x,y"});
    QCOMPARE(esc.classes[1].words, std::vector<std::string>{";"});
    QCOMPARE(parseVerbalizer(esc.toString()).classes[0].words, esc.classes[0].words);
  }

  void jsonForm() {
    const Verbalizer v = parseVerbalizer(R"({"1": ["great", "good"], "0": "terrible"})");
    QCOMPARE(v.classes.size(), size_t(2));
    QCOMPARE(v.classes[0].label, std::string("1"));  // the order written
    QCOMPARE(v.classes[0].words, (std::vector<std::string>{"great", "good"}));
    QCOMPARE(v.classes[1].words, std::vector<std::string>{"terrible"});
    const Verbalizer w = parseVerbalizer(
        R"({"labels": {"0": "bad", "1": "good"}, "aggregation": "max", "multi_token": "multi_mask"})");
    QCOMPARE(w.aggregation, WordAggregation::MaxLogProb);
    QCOMPARE(w.multiToken, MultiTokenMode::MultiMask);
    QCOMPARE(w.classes[1].words, std::vector<std::string>{"good"});
  }

  void errors_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("no equals") << "0=bad;1 great"
                               << "verbalizer:1:14: expected '=' after the label '1 great' — write "
                                  "LABEL=word[,word];LABEL=word";
    QTest::newRow("comma in label")
        << "0,1=bad"
        << "verbalizer:1:2: expected '=' after the label '0' — write LABEL=word[,word];LABEL=word";
    QTest::newRow("empty label") << "=bad"
                                 << "verbalizer:1:1: expected a label before '='";
    QTest::newRow("empty word") << "0=bad;1="
                                << "verbalizer:1:9: expected a label word for label '1'";
    QTest::newRow("empty second word") << "0=bad,,awful"
                                       << "verbalizer:1:7: expected a label word for label '0'";
    QTest::newRow("missing semicolon")
        << "0=bad 1=good"
        << "verbalizer:1:8: unexpected '=' in the words of label '0' — separate classes "
           "with ';'";
    QTest::newRow("duplicate label") << "0=bad;0=awful"
                                     << "verbalizer:1:7: the label '0' is given twice";
    QTest::newRow("duplicate word") << "1=good, good"
                                    << "verbalizer:1:8: the word 'good' is listed twice for label '1'";
    QTest::newRow("empty") << "  "
                           << "verbalizer:1:1: empty verbalizer — expected LABEL=word[,word];LABEL=word";
    QTest::newRow("bad json") << "{\"0\": [\"bad\""
                              << "verbalizer: invalid JSON at byte 13 — expected {\"LABEL\": \"word\" "
                                 "or [\"word\", ...]}";
    QTest::newRow("json number word") << "{\"0\": 3}"
                                      << "verbalizer: '0': expected a word or a list of words";
    QTest::newRow("json bad option") << "{\"labels\": {\"0\": \"a\"}, \"aggregation\": \"median\"}"
                                     << "unknown aggregation 'median' — expected mean, max or sum";
    QTest::newRow("json unknown key")
        << "{\"labels\": {\"0\": \"a\"}, \"calibrate\": true}"
        << "verbalizer: 'calibrate': unknown key — expected labels, aggregation or "
           "multi_token";
  }
  void errors() {
    QFETCH(QString, spec);
    QFETCH(QString, message);
    QCOMPARE(errorOf([&] { parseVerbalizer(spec.toStdString()); }), message);
  }

  void labelValidation() {
    const Verbalizer v = parseVerbalizer("0=terrible;1=great");
    v.validateLabels({"0", "1"});
    QCOMPARE(errorOf([&] {
               v.validateLabels({"negative", "positive"});
             }),
             QString("verbalizer: the label '0' is not a label of the data set (its labels are 'negative', "
                     "'positive')"));
    QCOMPARE(errorOf([&] {
               v.validateLabels({"0", "1", "2"});
             }),
             QString("verbalizer: the data set's label '2' has no label word — add 2=word"));
  }

  void resolutionOnFakeVocabulary() {
    pwb::test::FakeTokenizer tok;
    const Verbalizer v = parseVerbalizer("0=terrible,bad;1=great,unbelievable,superb");
    // Classes follow the data set's label order, not the order written.
    const auto r = pwb::prompt::resolveVerbalizer(parseVerbalizer("1=great;0=bad"), {"0", "1"}, tok, true);
    QCOMPARE(r.labels(), (std::vector<std::string>{"0", "1"}));
    QCOMPARE(r.classes[0].words[0].ids, std::vector<int64_t>{tok.tokenToId("bad")});
    const auto all = pwb::prompt::resolveVerbalizer(v, {"0", "1"}, tok, true);
    const auto& pos = all.classes[1].words;
    QCOMPARE(pos[0].status, WordStatus::Single);
    QCOMPARE(pos[1].status, WordStatus::Multi);
    QCOMPARE(pos[1].pieces, (std::vector<std::string>{"un", "##believ", "##able"}));
    QCOMPARE(pos[2].status, WordStatus::Unknown);
    QCOMPARE(pos[2].label, std::string("1"));
    QVERIFY(!pos[0].leadingSpace);  // WordPiece has no leading-space form
    QCOMPARE(
        QString::fromStdString(all.notes[1]),
        QString(
            "label word 'superb' (label 1) contains the unknown token ([UNK]): the model cannot predict it"));
    QCOMPARE(errorOf([&] { pwb::prompt::resolveWord(" ", tok, true); }),
             QString("the label word ' ' gives no token with this tokenizer"));
    QCOMPARE(pwb::prompt::parseMultiTokenMode("first_subtoken"), MultiTokenMode::FirstSubtoken);
    QCOMPARE(pwb::prompt::parseAggregation("sum"), WordAggregation::LogSumProb);
  }
};

QTEST_GUILESS_MAIN(TestVerbalizer)
#include "test_verbalizer.moc"
