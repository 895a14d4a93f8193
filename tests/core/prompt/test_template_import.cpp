// LM-BFF and OpenPrompt templates converted to the workbench language, and the refusals.
#include <QtTest>

#include "common/error.h"
#include "prompt/template.h"
#include "prompt/template_import.h"
#include "support/error_of.h"

using pwb::prompt::detectTemplateFormat;
using pwb::prompt::importLmBffTemplate;
using pwb::prompt::importOpenPromptTemplate;
using pwb::prompt::importTemplate;

using pwb::test::errorOf;

class TestTemplateImport : public QObject {
  Q_OBJECT

 private slots:
  void lmbff_data() {
    QTest::addColumn<QString>("lmbff");
    QTest::addColumn<QString>("expected");
    // Templates from the LM-BFF paper / repository (SST-2, MNLI, SNLI, MRPC, QQP, CoLA, TREC, SUBJ).
    QTest::newRow("sst-2") << "*cls**sent_0*_It_was*mask*.*sep+*"
                           << "{text_a} It was [MASK].";
    QTest::newRow("mnli") << "*cls**sent-_0*?*mask*,*+sentl_1**sep+*"
                          << "{text_a|drop_last}? [MASK], {text_b|lower_first}";
    QTest::newRow("mrpc") << "*cls**sent_0**mask*,*+sentl_1**sep+*"
                          << "{text_a} [MASK], {text_b|lower_first}";
    QTest::newRow("cola") << "*cls**sent_0*_This_is*mask*.*sep+*"
                          << "{text_a} This is [MASK].";
    QTest::newRow("trec") << "*cls**mask*:*+sent_0**sep+*"
                          << " [MASK]: {text_a}";
    QTest::newRow("mask first") << "*cls**mask*_!*+sent_0**sep+*"
                                << " [MASK] ! {text_a}";
    QTest::newRow("upper and lower-drop") << "*cls**sentu_0*_and*+sentl-_1**sep+*"
                                          << "{text_a|upper_first} and {text_b|lower_first|drop_last}";
    QTest::newRow("pair boundary") << "*cls**sent_0**sep+**mask*,*sent_1**sep+*"
                                   << "{text_a} [SEP] [MASK],{text_b}";
    QTest::newRow("escaped literal") << "*cls**sent_0*_{x}_[y]*mask**sep+*"
                                     << "{text_a} \\{x\\} \\[y\\] [MASK]";
    QTest::newRow("no cls no sep") << "*sent_0*_great"
                                   << "{text_a} great";
  }
  void lmbff() {
    QFETCH(QString, lmbff);
    QFETCH(QString, expected);
    const auto imported = importLmBffTemplate(lmbff.toStdString());
    QCOMPARE(QString::fromStdString(imported.text), expected);
    QCOMPARE(QString::fromStdString(detectTemplateFormat(lmbff.toStdString())), QString("lmbff"));
    // The result is valid workbench syntax.
    pwb::prompt::parseTemplate(imported.text);
  }

  void lmbffNotesAndRefusals() {
    const auto inner = importLmBffTemplate("*cls**sent_0**sep**mask**sep+*");
    QCOMPARE(QString::fromStdString(inner.text), QString("{text_a} [SEP] [MASK]"));
    QCOMPARE(inner.notes.size(), size_t(1));
    QVERIFY(inner.notes[0].find("token type ids are 1") != std::string::npos);
    QCOMPARE(
        errorOf([] { importLmBffTemplate("*cls**sent_0**sep+**sent_1**sep+**mask**sep+*"); }),
        QString("LM-BFF template: several '*sep+*' inside a template without demonstrations — a workbench "
                "query has at most two segments; demonstrations show their label word (*label_i*)"));
    QCOMPARE(
        errorOf([] { importLmBffTemplate("*cls**sent_0*_It_was*label_0*.*sep+*"); }),
        QString(
            "LM-BFF template: the template has demonstrations (*label_i*) but no query part with *mask*"));
    QCOMPARE(
        errorOf([] { importLmBffTemplate("*cls**sent_2**mask*"); }),
        QString(
            "LM-BFF template: '*sent_2*' refers to sentence 2; only *sent_0* (text_a) and *sent_1* (text_b) "
            "exist outside demonstrations"));
    QCOMPARE(
        errorOf([] { importLmBffTemplate("*sent_0**cls**mask*"); }),
        QString(
            "LM-BFF template: '*cls*' can only start the template (the [CLS] token begins every prompt)"));
  }

  // LM-BFF's demonstration templates as run.py (auto_demo) generates them from the templates of
  // run_experiment.sh: one copy of the query template per class, sentences renumbered, *mask* -> *label_i*.
  void lmbffDemonstrations_data() {
    QTest::addColumn<QString>("lmbff");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sst-2 (2 classes)")
        << "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+**sent_2*_It_was*label_1*.*sep+*"
        << "{text_a} It was [MASK]. [DEMOS]{text_a} It was [LABEL].[/DEMOS]";
    QTest::newRow("issue form (sent_0 in every copy)")
        << "*cls**sent_0*_It_was*mask*.*sep+**sent_0*_It_was*label_0*.*sep+**sent_0*_It_was*label_1*.*sep+*"
        << "{text_a} It was [MASK]. [DEMOS]{text_a} It was [LABEL].[/DEMOS]";
    QTest::newRow("sst-5 (5 classes)")
        << "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+**sent_2*_It_was*label_1*.*sep+*"
           "*sent_3*_It_was*label_2*.*sep+**sent_4*_It_was*label_3*.*sep+**sent_5*_It_was*label_4*.*sep+*"
        << "{text_a} It was [MASK]. [DEMOS]{text_a} It was [LABEL].[/DEMOS]";
    QTest::newRow("mnli pair (3 classes)")
        << "*cls**sent-_0*?*mask*,*+sentl_1**sep+**sent-_2*?*label_0*,*+sentl_3**sep+*"
           "*sent-_4*?*label_1*,*+sentl_5**sep+**sent-_6*?*label_2*,*+sentl_7**sep+*"
        << "{text_a|drop_last}? [MASK],{text_b|lower_first|space} [DEMOS]{text_a|drop_last}? [LABEL],"
           "{text_b|lower_first|space}[/DEMOS]";
    QTest::newRow("qqp pair (2 classes)") << "*cls**sent_0**mask*,*+sentl_1**sep+**sent_2**label_0*,*+sentl_"
                                             "3**sep+**sent_4**label_1*,*+sentl_5**sep+*"
                                          << "{text_a} [MASK],{text_b|lower_first|space} [DEMOS]{text_a} "
                                             "[LABEL],{text_b|lower_first|space}[/DEMOS]";
    QTest::newRow("trec (mask first, +sent)")
        << "*cls**mask*:*+sent_0**sep+**label_0*:*+sent_1**sep+**label_1*:*+sent_2**sep+*"
        << " [MASK]:{text_a|space} [DEMOS]\\ [LABEL]:{text_a|space}[/DEMOS]";
    QTest::newRow("gpt-3 tail (labelx)")
        << "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*labelx_0*.*sep+**sent_2*_It_was*labelx_1*.*sep+*"
        << "{text_a} It was [MASK]. [DEMOS]{text_a} It was [LABEL].[/DEMOS]";
    QTest::newRow("gpt-3 head (labelx, before the query)")
        << "*sent_2*_It_was*labelx_1*.*sep+**sent_1*_It_was*labelx_0*.*sep+**cls**sent_0*_It_was*mask*.*sep+*"
        << "[DEMOS]{text_a} It was [LABEL].[/DEMOS]{text_a} It was [MASK].";
  }
  void lmbffDemonstrations() {
    QFETCH(QString, lmbff);
    QFETCH(QString, expected);
    const auto imported = importLmBffTemplate(lmbff.toStdString());
    QCOMPARE(QString::fromStdString(imported.text), expected);
    QCOMPARE(QString::fromStdString(detectTemplateFormat(lmbff.toStdString())), QString("lmbff"));
    const auto t = pwb::prompt::parseTemplate(imported.text);
    QVERIFY(t.hasDemonstrations());
    QCOMPARE(t.maskCount(), 1);
    QVERIFY(!t.isPair());
  }

  void lmbffDemonstrationNotesAndRefusals() {
    const auto sst2 = importLmBffTemplate(
        "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+**sent_2*_It_was*label_1*.*sep+*");
    QCOMPARE(sst2.notes.size(), size_t(1));
    QVERIFY(sst2.notes[0].find("token type") != std::string::npos);
    const auto shorthand = importLmBffTemplate(
        "*cls**sent_0*_It_was*mask*.*sep+**sent_0*_It_was*label_0*.*sep+**sent_0*_It_was*label_1*.*sep+*");
    QCOMPARE(shorthand.notes.size(), size_t(2));
    QVERIFY(shorthand.notes[0].find("query's sentence numbers") != std::string::npos);
    const auto head = importLmBffTemplate(
        "*sent_2*_It_was*labelx_1*.*sep+**sent_1*_It_was*labelx_0*.*sep+**cls**sent_0*_It_was*mask*.*sep+*");
    QCOMPARE(head.notes.size(), size_t(2));
    QVERIFY(head.notes[1].find("GPT-3 head form") != std::string::npos);

    QCOMPARE(
        errorOf([] {
          importLmBffTemplate(
              "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+*"
              "*sent_2*_It_is*label_1*.*sep+*");
        }),
        QString("LM-BFF template: the demonstrations differ: '{text_a} It was [LABEL].' and '{text_a} It is "
                "[LABEL].' — a workbench template renders every demonstration with one block"));
    QCOMPARE(
        errorOf([] {
          importLmBffTemplate(
              "*cls**sent_0*_It_was*mask*.*sep+**sent_2*_It_was*label_1*.*sep+*"
              "*sent_1*_It_was*label_0*.*sep+*");
        }),
        QString("LM-BFF template: '*label_1*' is demonstration 1 — the workbench places demonstrations in "
                "class order, so the copies must be *label_0*, *label_1*, ... in that order"));
    QCOMPARE(errorOf([] {
               importLmBffTemplate("*cls**sent_0*_It_was*mask*.*sep+**sent_7*_It_was*label_0*.*sep+*");
             }),
             QString("LM-BFF template: '*sent_7*' in the demonstration of '*label_0*' — LM-BFF numbers its "
                     "sentences from *sent_1* (1 per example), or write the query's own *sent_0*"));
    QCOMPARE(
        errorOf([] {
          importLmBffTemplate(
              "*cls**sent_0**sep+**mask*,*sent_1**sep+**sent_2**sep+**label_0*,*sent_3**sep+*");
        }),
        QString("LM-BFF template: '*sent_0*' between separators is neither the query (no *mask*) nor a "
                "demonstration (no *label_i*) — with demonstrations, the query is one segment (no *sep+* "
                "inside it)"));
    QCOMPARE(
        errorOf([] {
          importLmBffTemplate(
              "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+*"
              "*sent_2*_It_was*labelx_1*.*sep+*");
        }),
        QString(
            "LM-BFF template: the template mixes *label_i* and *labelx_i* demonstrations — use one kind"));
    QCOMPARE(errorOf([] {
               importLmBffTemplate(
                   "*cls**sent_1*_It_was*label_0*.*sep+**sent_0*_It_was*mask*.*sep+*"
                   "*sent_2*_It_was*label_1*.*sep+*");
             }),
             QString("LM-BFF template: the query part '*sent_0*_It_was*mask*.' stands between demonstrations "
                     "— the workbench puts all demonstrations on one side of the query"));
  }

  void openPrompt_data() {
    QTest::addColumn<QString>("openprompt");
    QTest::addColumn<QString>("expected");
    QTest::newRow("manual") << "{\"placeholder\":\"text_a\"} It was {\"mask\"}"
                            << "{text_a} It was [MASK]";
    QTest::newRow("single quotes") << "{'placeholder':'text_a'} It was {'mask'}."
                                   << "{text_a} It was [MASK].";
    QTest::newRow("pair")
        << "{\"placeholder\":\"text_a\"} Question: {\"placeholder\":\"text_b\"}? Is it correct? {\"mask\"}."
        << "{text_a} Question: {text_b}? Is it correct? [MASK].";
    QTest::newRow("meta shortenable")
        << "{\"meta\": \"premise\", \"shortenable\": True} ? {\"mask\"} , {\"meta\": \"hypothesis\"}"
        << "{premise|shorten} ? [MASK] , {hypothesis}";
    QTest::newRow("placeholder not shortenable")
        << "{\"placeholder\":\"text_a\", \"shortenable\": False} {\"placeholder\":\"text_b\"} {\"mask\"}"
        << "{text_a} {text_b|shorten} [MASK]";
    QTest::newRow("soft") << "{\"soft\"} {\"soft\"} {\"placeholder\":\"text_a\"} {\"mask\"}"
                          << " [SOFT] [SOFT]{text_a|space} [MASK]";
    QTest::newRow("soft init") << "{\"placeholder\":\"text_a\"} {\"soft\": \"It was\"} {\"mask\"}"
                               << "{text_a} [SOFT: It was] [MASK]";
    QTest::newRow("soft duplicate")
        << "{\"soft\": None, \"duplicate\": 20} {\"placeholder\":\"text_a\"} {\"mask\"}"
        << " [SOFT*20]{text_a|space} [MASK]";
    QTest::newRow("text after soft") << "{\"soft\"} It was {\"mask\"}"
                                     << " [SOFT]\\ It was [MASK]";
    QTest::newRow("text key and special")
        << "{\"placeholder\":\"text_a\"} {\"special\": \"<sep>\"} {\"text\": \"Answer:\"} {\"mask\"}"
        << "{text_a} [SEP] Answer: [MASK]";
    QTest::newRow("escapes literal") << "{\"placeholder\":\"text_a\"} [it] {\"mask\"}"
                                     << "{text_a} \\[it\\] [MASK]";
    QTest::newRow("angle placeholder") << "{\"placeholder\":\"<text_a>\"} {\"mask\"}"
                                       << "{text_a} [MASK]";
  }
  void openPrompt() {
    QFETCH(QString, openprompt);
    QFETCH(QString, expected);
    const auto imported = importOpenPromptTemplate(openprompt.toStdString());
    QCOMPARE(QString::fromStdString(imported.text), expected);
    QCOMPARE(QString::fromStdString(detectTemplateFormat(openprompt.toStdString())), QString("openprompt"));
    pwb::prompt::parseTemplate(imported.text);
  }

  void openPromptRefusals_data() {
    QTest::addColumn<QString>("openprompt");
    QTest::addColumn<QString>("message");
    QTest::newRow("lambda")
        << "{\"placeholder\":\"text_a\"} {\"placeholder\":\"text_b\", \"post_processing\": lambda x: "
           "x.lower()} {\"mask\"}"
        << "OpenPrompt template:1:70: 'post_processing': 'lambda x: x.lower()' is Python code, which "
           "the workbench does not run — use a field modifier instead (lower_first, upper_first, "
           "no_final_punct, drop_last, space, shorten), e.g. {text_b|lower_first}";
    QTest::newRow("unknown key")
        << "{\"placeholder\":\"text_a\"} {\"musk\"}"
        << "OpenPrompt template:1:27: unknown key 'musk' — expected one of placeholder, meta, "
           "mask, soft, duplicate, shortenable, special, text, add_prefix_space (soft_id, same "
           "and post_processing are refused)";
    QTest::newRow("soft_id")
        << "{\"soft\": None, \"soft_id\": 1} {\"mask\"}"
        << "OpenPrompt template:1:16: 'soft_id' (soft vectors shared between positions) is not "
           "supported — give each position its own [SOFT]";
    QTest::newRow("unterminated") << "{\"placeholder\":\"text_a\" It was"
                                  << "OpenPrompt template:1:25: unexpected 'I' — expected ',' or '}'";
    QTest::newRow("unclosed brace") << "{\"placeholder\":\"text_a\""
                                    << "OpenPrompt template:1:1: unterminated '{' — expected '}'";
    QTest::newRow("bad value")
        << "{\"placeholder\": text_a}"
        << "OpenPrompt template:1:17: unsupported value 'text_a' for 'placeholder' — expected a "
           "string, a number, True, False or None";
    QTest::newRow("empty") << "a {} b"
                           << "OpenPrompt template:1:3: empty '{}' — expected e.g. {\"placeholder\": "
                              "\"text_a\"} or {\"mask\"}";
  }
  void openPromptRefusals() {
    QFETCH(QString, openprompt);
    QFETCH(QString, message);
    QCOMPARE(errorOf([&] { importOpenPromptTemplate(openprompt.toStdString()); }), message);
  }

  void autoDetect() {
    QCOMPARE(QString::fromStdString(detectTemplateFormat("{s} it was [MASK] .")), QString("pwb"));
    QCOMPARE(QString::fromStdString(importTemplate("{s} it was [MASK] .").text),
             QString("{s} it was [MASK] ."));
    QCOMPARE(QString::fromStdString(importTemplate("*cls**sent_0*_It_was*mask*.*sep+*").text),
             QString("{text_a} It was [MASK]."));
    QCOMPARE(QString::fromStdString(
                 importTemplate("{\"placeholder\":\"text_a\"} It was {\"mask\"}", "openprompt").text),
             QString("{text_a} It was [MASK]"));
    QCOMPARE(errorOf([] { importTemplate("{s}", "jinja"); }),
             QString("unknown template format 'jinja' — expected auto, pwb, lmbff or openprompt"));
    QCOMPARE(errorOf([] { importTemplate("{s", "pwb"); }),
             QString("template:1:1: unterminated field '{s' — expected '}'"));
    // OpenPrompt without shortenable fields gets a note.
    const auto metaOnly = importOpenPromptTemplate("{\"meta\": \"premise\"} {\"mask\"}");
    QCOMPARE(QString::fromStdString(metaOnly.text), QString("{premise} [MASK]"));
    QCOMPARE(metaOnly.notes.size(), size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestTemplateImport)
#include "test_template_import.moc"
