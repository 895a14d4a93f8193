#include "token_colors.h"

#include <QCoreApplication>

#include "theme.h"

namespace pwb::ui {

QString tokenSourceName(TokenSource s) {
  switch (s) {
    case TokenSource::Literal:
      return QCoreApplication::translate("TokenSource", "template text");
    case TokenSource::Field:
      return QCoreApplication::translate("TokenSource", "data field");
    case TokenSource::Mask:
      return QCoreApplication::translate("TokenSource", "mask");
    case TokenSource::Soft:
      return QCoreApplication::translate("TokenSource", "soft token");
    case TokenSource::Pseudo:
      return QCoreApplication::translate("TokenSource", "pseudo token");
    case TokenSource::Special:
      return QCoreApplication::translate("TokenSource", "special token");
    case TokenSource::Truncated:
      return QCoreApplication::translate("TokenSource", "cut by truncation");
    case TokenSource::Demo:
      return QCoreApplication::translate("TokenSource", "demonstration");
    case TokenSource::DemoLabel:
      return QCoreApplication::translate("TokenSource", "demonstration label");
  }
  return {};
}

static QColor hue(TokenSource s) {
  switch (s) {
    case TokenSource::Literal:
      return QColor(0x8a, 0x94, 0xa6);
    case TokenSource::Field:
      return QColor(0x3b, 0x82, 0xf6);
    case TokenSource::Mask:
      return QColor(0xf5, 0x9e, 0x0b);
    case TokenSource::Soft:
      return QColor(0x8b, 0x5c, 0xf6);
    case TokenSource::Pseudo:
      return QColor(0xd9, 0x46, 0xef);
    case TokenSource::Special:
      return QColor(0x10, 0xb9, 0x81);
    case TokenSource::Truncated:
      return QColor(0xef, 0x44, 0x44);
    case TokenSource::Demo:  // cyan: apart from the query's blue fields and the green special tokens
      return QColor(0x06, 0xb6, 0xd4);
    case TokenSource::DemoLabel:  // lime: the answer shown, apart from the query's amber mask
      return QColor(0x84, 0xcc, 0x16);
  }
  return Qt::gray;
}

QColor tokenChipColor(TokenSource s, const QPalette& palette) {
  return blend(palette.color(QPalette::Base), hue(s), isDark(palette) ? 0.38 : 0.22);
}

QColor tokenTextColor(TokenSource s, const QPalette& palette) {
  const QColor text = palette.color(QPalette::Text);
  return isDark(palette) ? blend(text, hue(s), 0.25) : blend(text, hue(s), 0.45).darker(115);
}

}  // namespace pwb::ui
