// Template editor: editing the text updates the preview tokens (the same pieces the tokenizer gives for
// the rendered text), a broken template shows its error at the parser's line:column, truncation shows what
// is cut.
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

#include "common/error.h"
#include "data/dataset.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"
#include "ui/example_picker.h"
#include "ui/template_highlighter.h"
#include "ui/template_view.h"
#include "ui/token_chip_view.h"
#include "ui/token_colors.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiTemplate : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  TemplateView* view_ = nullptr;

  QStringList expectedTokens(const QString& suffix) {
    const auto& ex = project_->currentData()->examples[size_t(view_->examplePicker()->index())];
    const auto enc = project_->tokenizer()->encode(ex.fields[0] + suffix.toStdString());
    QStringList out;
    for (const auto& t : enc.tokens) out << QString::fromStdString(t);
    return out;
  }

  void type(const QString& text) {
    view_->editor()->selectAll();
    view_->editor()->insertPlainText(text);  // like a user: goes through the undo stack
    view_->updatePreviewNow();
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    view_ = new TemplateView(project_);
    view_->resize(1100, 700);
    view_->show();
    view_->selectTemplate(0);
    view_->examplePicker()->setIndex(4);  // "this is one of polanski 's best films ."
  }

  void editingUpdatesPreviewTokens() {
    type(QStringLiteral("{s} it was [MASK] ."));
    QStringList tokens = view_->preview()->tokenTexts();
    QCOMPARE(tokens, expectedTokens(QStringLiteral(" it was [MASK] .")));
    QCOMPARE(tokens.first(), QStringLiteral("[CLS]"));
    QCOMPARE(tokens.mid(tokens.size() - 5), (QStringList{"it", "was", "[MASK]", ".", "[SEP]"}));
    // The mask chip is marked as the mask; the sentence's chips as field tokens.
    const auto& chips = view_->preview()->chips();
    QCOMPARE(chips[chips.size() - 3].source, TokenSource::Mask);
    QCOMPARE(chips[1].source, TokenSource::Field);
    QCOMPARE(chips[chips.size() - 4].source, TokenSource::Literal);

    type(QStringLiteral("[MASK] ! {s}"));
    tokens = view_->preview()->tokenTexts();
    QCOMPARE(tokens.mid(0, 3), (QStringList{"[CLS]", "[MASK]", "!"}));
    QCOMPARE(tokens.last(), QStringLiteral("[SEP]"));
    QVERIFY(view_->statusText().contains(QStringLiteral("✔")));

    // Undo brings the previous template (and its preview) back.
    view_->editor()->undo();
    view_->updatePreviewNow();
    QCOMPARE(view_->editor()->toPlainText(), QStringLiteral("{s} it was [MASK] ."));
    QCOMPARE(view_->preview()->tokenTexts(), expectedTokens(QStringLiteral(" it was [MASK] .")));
  }

  void brokenTemplateShowsLocatedError_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("unterminated field") << QStringLiteral("{s it was [MASK] .");
    QTest::newRow("unknown bracket") << QStringLiteral("{s} it was [MASC] .");
    QTest::newRow("second line") << QStringLiteral("{s} it was [MASK] .\nand } here");
  }

  void brokenTemplateShowsLocatedError() {
    QFETCH(QString, text);
    int line = 0, column = 0;
    std::string message;
    try {
      prompt::parseTemplate(text.toStdString());
      QFAIL("the parser accepted a broken template");
    } catch (const Error& e) {
      line = e.where().line;
      column = e.where().column;
      message = e.message();
    }
    QVERIFY(line > 0 && column > 0);
    type(text);
    const QString status = view_->statusText();
    QVERIFY2(status.contains(QStringLiteral("%1:%2").arg(line).arg(column)), qPrintable(status));
    QVERIFY2(status.contains(QString::fromStdString(message)), qPrintable(status));
    QVERIFY(view_->preview()->chips().isEmpty());
    // The editor underlines the error where the parser located it.
    auto* hl = view_->findChild<TemplateHighlighter*>();
    QVERIFY(hl);
    const auto* doc = view_->editor()->document();
    bool underlined = false;
    const QTextBlock block = doc->findBlockByNumber(line - 1);
    for (const auto& range : block.layout()->formats())
      if (range.format.underlineStyle() == QTextCharFormat::WaveUnderline &&
          range.format.toolTip() == QString::fromStdString(message))
        underlined = true;
    QVERIFY(underlined);
  }

  void unknownFieldIsReported() {
    type(QStringLiteral("{premise} it was [MASK] ."));
    QVERIFY2(view_->statusText().contains(QStringLiteral("premise")), qPrintable(view_->statusText()));
  }

  void truncationShowsWhatIsCut() {
    type(QStringLiteral("{s} it was [MASK] ."));
    const int full = int(view_->preview()->chips().size());
    QVERIFY(full > 10);
    view_->setMaxLength(full - 3);
    view_->updatePreviewNow();
    QCOMPARE(int(view_->preview()->chips().size()), full - 3);
    QCOMPARE(int(view_->cutPreview()->chips().size()), 3);
    // The template's own tokens survive: the mask is still there.
    QVERIFY(view_->preview()->tokenTexts().contains(QStringLiteral("[MASK]")));
    for (const auto& c : view_->cutPreview()->chips()) QCOMPARE(c.source, TokenSource::Truncated);
    view_->setMaxLength(128);
  }

  void editsAreSavedToTheProject() {
    type(QStringLiteral("{s} so [MASK] ."));
    QTRY_COMPARE_WITH_TIMEOUT(project_->templates()[0].text, QStringLiteral("{s} so [MASK] ."), 3000);
    Project reopened;
    reopened.open(project_->path());
    QCOMPARE(reopened.templates()[0].text, QStringLiteral("{s} so [MASK] ."));
    QCOMPARE(reopened.templates().size(), project_->templates().size());
  }

  // A [DEMOS] template shows one full input: the query, then one demonstration per class (the first
  // example of each class other than the shown one, class order), label words from the first verbalizer
  // ("great/terrible": 0 -> terrible, 1 -> great); demonstration text and label words have their own colours.
  void demonstrationsColouredApart() {
    type(QStringLiteral("{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]"));
    QVERIFY2(view_->statusText().contains(QStringLiteral("✔")), qPrintable(view_->statusText()));
    const auto& data = *project_->currentData();
    const int shown = view_->examplePicker()->index();
    std::vector<const data::Example*> demos;
    for (const std::string label : {"0", "1"}) {
      for (size_t i = 0; i < data.examples.size(); ++i) {
        if (int(i) != shown && data.examples[i].label == label) {
          demos.push_back(&data.examples[i]);
          break;
        }
      }
    }
    QCOMPARE(demos.size(), size_t(2));
    const auto& tok = *project_->tokenizer();
    auto raw = [&](const std::string& text) {
      QStringList out;
      for (const auto& t : tok.encodeRaw(text).tokens) out << QString::fromStdString(t);
      return out;
    };
    const std::string query = data.examples[size_t(shown)].fields[0];
    QStringList expected = QStringList{"[CLS]"} + raw(query + " it was [MASK] .") + QStringList{"[SEP]"} +
                           raw(demos[0]->fields[0] + " it was terrible .") + QStringList{"[SEP]"} +
                           raw(demos[1]->fields[0] + " it was great .") + QStringList{"[SEP]"};
    QCOMPARE(view_->preview()->tokenTexts(), expected);

    const auto& chips = view_->preview()->chips();
    const int queryTokens = int(raw(query).size());
    const int demo0Tokens = int(raw(demos[0]->fields[0]).size());
    QCOMPARE(chips[1].source, TokenSource::Field);
    QCOMPARE(chips[queryTokens + 3].source, TokenSource::Mask);
    const int demo0 = queryTokens + 6;  // [CLS] query it was [MASK] . [SEP]
    QCOMPARE(chips[demo0].source, TokenSource::Demo);
    QCOMPARE(chips[demo0 + demo0Tokens].source, TokenSource::Demo);  // "it" of the demonstration's text
    QCOMPARE(chips[demo0 + demo0Tokens + 2].text, QStringLiteral("terrible"));
    QCOMPARE(chips[demo0 + demo0Tokens + 2].source, TokenSource::DemoLabel);
    QCOMPARE(chips[demo0 + demo0Tokens + 2].segment, 1);
    QCOMPARE(chips[chips.size() - 3].text, QStringLiteral("great"));
    QCOMPARE(chips[chips.size() - 3].source, TokenSource::DemoLabel);
    QVERIFY(chips[demo0 + demo0Tokens + 2].detail.contains(QString::fromStdString(demos[0]->id)));
    int labels = 0, demoText = 0;
    for (const auto& c : chips) {
      labels += c.source == TokenSource::DemoLabel;
      demoText += c.source == TokenSource::Demo;
    }
    QCOMPARE(labels, 2);
    QCOMPARE(demoText, demo0Tokens + int(raw(demos[1]->fields[0]).size()) + 2 * 3);  // + "it was ." each
    // Their colours differ from the query's field, text and mask colours.
    const QPalette pal = view_->palette();
    for (TokenSource other :
         {TokenSource::Field, TokenSource::Literal, TokenSource::Mask, TokenSource::Special}) {
      QVERIFY(tokenChipColor(TokenSource::Demo, pal) != tokenChipColor(other, pal));
      QVERIFY(tokenChipColor(TokenSource::DemoLabel, pal) != tokenChipColor(other, pal));
    }
    QVERIFY(tokenChipColor(TokenSource::Demo, pal) != tokenChipColor(TokenSource::DemoLabel, pal));
    QVERIFY2(view_->lengthInfoText().contains(QString::fromStdString(demos[0]->id)),
             qPrintable(view_->lengthInfoText()));
    QVERIFY(view_->lengthInfoText().contains(QStringLiteral("great/terrible")));

    // LM-BFF's limit on the demonstrations' sentences: each keeps 2 tokens, the rest is reported as cut.
    view_->setSentenceLimits(0, 2);
    view_->updatePreviewNow();
    const int cut = demo0Tokens - 2 + int(raw(demos[1]->fields[0]).size()) - 2;
    QCOMPARE(int(view_->preview()->chips().size()), int(expected.size()) - cut);
    QCOMPARE(int(view_->cutPreview()->chips().size()), cut);
    for (const auto& c : view_->cutPreview()->chips()) QCOMPARE(c.source, TokenSource::Truncated);
    QVERIFY2(view_->statusText().contains(QStringLiteral("sentence limits shorten")),
             qPrintable(view_->statusText()));
    view_->setSentenceLimits(0, 0);

    // Too long: the demonstrations are shortened first, the query keeps every token and its mask.
    view_->setMaxLength(int(expected.size()) - 4);
    view_->updatePreviewNow();
    QCOMPARE(int(view_->cutPreview()->chips().size()), 4);
    QCOMPARE(view_->preview()->tokenTexts().mid(0, queryTokens + 6), expected.mid(0, queryTokens + 6));
    view_->setMaxLength(128);

    // An LM-BFF template with demonstrations pasted into the editor: the view offers the conversion.
    type(QStringLiteral(
        "*cls**sent_0*_it_was*mask*.*sep+**sent_1*_it_was*label_0*.*sep+**sent_2*_it_was*label_1*.*sep+*"));
    QVERIFY(view_->convertButton()->isVisibleTo(view_));
    view_->convertButton()->click();
    QCOMPARE(view_->editor()->toPlainText(),
             QStringLiteral("{text_a} it was [MASK]. [DEMOS]{text_a} it was [LABEL].[/DEMOS]"));
    QVERIFY(!view_->convertButton()->isVisibleTo(view_));
    QVERIFY2(view_->statusText().contains(QStringLiteral("token type")), qPrintable(view_->statusText()));
    int converted = 0;
    for (const auto& c : view_->preview()->chips()) converted += c.source == TokenSource::DemoLabel;
    QCOMPARE(converted, 2);

    // A demonstration block without its label word is an error located in the editor.
    type(QStringLiteral("{s} it was [MASK] . [DEMOS]{s} it was .[/DEMOS]"));
    QVERIFY2(view_->statusText().contains(QStringLiteral("no [LABEL] slot")),
             qPrintable(view_->statusText()));
    QVERIFY(view_->preview()->chips().isEmpty());
  }

  void cleanupTestCase() { delete view_; }
};

QTEST_MAIN(TestUiTemplate)
#include "test_ui_template.moc"
