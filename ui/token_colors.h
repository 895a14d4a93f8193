#pragma once
// Where a token of a rendered prompt came from, and the chip colours for each source, derived from the
// palette (light and dark).
#include <QColor>
#include <QPalette>
#include <QString>

namespace pwb::ui {

// Demo: a demonstration's text (its fields and the block's template text); DemoLabel: its label word.
enum class TokenSource { Literal, Field, Mask, Soft, Pseudo, Special, Truncated, Demo, DemoLabel };

QString tokenSourceName(TokenSource s);  // translated: "template text", "data field", ...
QColor tokenChipColor(TokenSource s, const QPalette& palette);
QColor tokenTextColor(TokenSource s, const QPalette& palette);

}  // namespace pwb::ui
