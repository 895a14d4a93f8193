#pragma once
// Pieces the Compare view's pages share (the templates × verbalizers grid, knowledge probing, multiple
// choice, multi-label): the thin progress bar under the Run/Cancel row, and the templates box read as one
// template per non-empty line.
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QString>
#include <QStringList>

namespace pwb::ui {

// A text-less progress bar 10 px high, in permille (progressTo() of progress_relay.h feeds it).
inline QProgressBar* makeThinProgressBar(QWidget* parent, const QString& objectName = {}) {
  auto* bar = new QProgressBar(parent);
  if (!objectName.isEmpty()) bar->setObjectName(objectName);
  bar->setRange(0, 1000);
  bar->setValue(0);
  bar->setTextVisible(false);
  bar->setMaximumHeight(10);
  return bar;
}

// The box's lines, trimmed, without the empty ones.
inline QStringList nonEmptyLines(const QPlainTextEdit* box) {
  QStringList out;
  for (const QString& line : box->toPlainText().split('\n'))
    if (!line.trimmed().isEmpty()) out << line.trimmed();
  return out;
}

}  // namespace pwb::ui
