// Template editor: editing the text updates the preview tokens (the same pieces the tokenizer gives for
// the rendered text), a broken template shows its error at the parser's line:column, truncation shows what
// is cut.
#include <QPlainTextEdit>
#include <QtTest>

#include "common/error.h"
#include "data/dataset.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"
#include "ui/example_picker.h"
#include "ui/template_highlighter.h"
#include "ui/template_view.h"
#include "ui/token_chip_view.h"
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

  void cleanupTestCase() { delete view_; }
};

QTEST_MAIN(TestUiTemplate)
#include "test_ui_template.moc"
