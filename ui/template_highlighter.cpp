#include "template_highlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>
#include <QTextDocument>

#include "theme.h"
#include "token_colors.h"

namespace pwb::ui {

TemplateHighlighter::TemplateHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {
  updateColours();
}

void TemplateHighlighter::updateColours() {
  const QPalette pal = QGuiApplication::palette();
  auto make = [&](TokenSource s, bool bold) {
    QTextCharFormat f;
    f.setForeground(tokenTextColor(s, pal));
    f.setBackground(tokenChipColor(s, pal));
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
  };
  field_ = make(TokenSource::Field, false);
  mask_ = make(TokenSource::Mask, true);
  soft_ = make(TokenSource::Soft, false);
  pseudo_ = make(TokenSource::Pseudo, false);
  special_ = make(TokenSource::Special, false);
  demo_ = make(TokenSource::Demo, true);
  demoLabel_ = make(TokenSource::DemoLabel, true);
  escape_ = QTextCharFormat();
  escape_.setForeground(pal.color(QPalette::PlaceholderText));
  rehighlight();
}

void TemplateHighlighter::setError(int line, int column, const QString& message) {
  if (line == errorLine_ && column == errorColumn_ && message == errorMessage_) return;
  const int oldLine = errorLine_;
  errorLine_ = line;
  errorColumn_ = column;
  errorMessage_ = message;
  if (oldLine > 0) rehighlightBlock(document()->findBlockByNumber(oldLine - 1));
  if (line > 0 && line != oldLine) rehighlightBlock(document()->findBlockByNumber(line - 1));
}

void TemplateHighlighter::highlightBlock(const QString& text) {
  // Order matters: escapes first so that "\[" is not read as the start of a bracket token.
  static const QRegularExpression token(
      QStringLiteral(
          R"((\\.)|(\{[^{}\n]*\}?)|(\[MASK\]|<mask>)|(\[SOFT(?:\*\d+|:[^\]\n]*)?\])|(\[P(?:\*\d+)?\])|(\[(?:SEP|CLS)\])|(\[/?DEMOS(?::(?:\\.|[^\]\n\\])*)?\])|(\[LABEL\]))"),
      QRegularExpression::CaseInsensitiveOption);
  auto it = token.globalMatch(text);
  while (it.hasNext()) {
    const auto m = it.next();
    const QTextCharFormat* f = nullptr;
    if (m.capturedLength(1))
      f = &escape_;
    else if (m.capturedLength(2))
      f = &field_;
    else if (m.capturedLength(3))
      f = &mask_;
    else if (m.capturedLength(4))
      f = &soft_;
    else if (m.capturedLength(5))
      f = &pseudo_;
    else if (m.capturedLength(6))
      f = &special_;
    else if (m.capturedLength(7))
      f = &demo_;
    else if (m.capturedLength(8))
      f = &demoLabel_;
    if (f) setFormat(int(m.capturedStart()), int(m.capturedLength()), *f);
  }
  if (errorLine_ > 0 && currentBlock().blockNumber() == errorLine_ - 1) {
    // The parser counts columns in code points; QString indexes UTF-16 units: convert.
    int index = 0;
    for (int cp = 1; cp < errorColumn_ && index < text.size(); ++cp)
      index += (text[index].isHighSurrogate() && index + 1 < text.size()) ? 2 : 1;
    // Underline from the error to the end of the word (at least one character, or a marker at the end).
    int end = index;
    while (end < text.size() && !text[end].isSpace()) ++end;
    if (end == index) end = std::min<int>(int(text.size()), index + 1);
    if (index >= text.size()) index = std::max(0, int(text.size()) - 1), end = int(text.size());
    for (int i = index; i < end; ++i) {
      QTextCharFormat f = format(i);
      f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
      f.setUnderlineColor(QColor(0xe0, 0x3c, 0x3c));
      f.setToolTip(errorMessage_);
      setFormat(i, 1, f);
    }
  }
}

}  // namespace pwb::ui
