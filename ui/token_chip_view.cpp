#include "token_chip_view.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace pwb::ui {

static constexpr int kGapX = 4, kGapY = 6, kPadX = 7, kMargin = 4;

TokenChipView::TokenChipView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("tokenChips"));
  QSizePolicy sp(QSizePolicy::Preferred, QSizePolicy::Preferred);
  sp.setHeightForWidth(true);
  setSizePolicy(sp);
  setMouseTracking(true);
}

void TokenChipView::setChips(const QVector<TokenChip>& chips) {
  chips_ = chips;
  rectsWidth_ = -1;
  updateGeometry();
  update();
}

QStringList TokenChipView::tokenTexts() const {
  QStringList out;
  for (const auto& c : chips_) out << c.text;
  return out;
}

void TokenChipView::setShowSegments(bool show) {
  showSegments_ = show;
  rectsWidth_ = -1;
  updateGeometry();
  update();
}

int TokenChipView::chipHeight() const {
  const QFontMetrics fm(font());
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.75);
  return fm.height() + 8 + QFontMetrics(small).height();
}

QVector<QRect> TokenChipView::layoutChips(int width) const {
  if (width == rectsWidth_) return rects_;
  const QFontMetrics fm(font());
  const int h = chipHeight();
  QVector<QRect> rects;
  rects.reserve(chips_.size());
  int x = kMargin, y = kMargin;
  for (const auto& c : chips_) {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.75);
    const int w =
        std::max(
            fm.horizontalAdvance(c.text),
            QFontMetrics(small).horizontalAdvance(QStringLiteral("%1·%2").arg(rects.size()).arg(c.segment))) +
        2 * kPadX;
    if (x > kMargin && x + w > width - kMargin) {
      x = kMargin;
      y += h + kGapY;
    }
    rects.push_back(QRect(x, y, w, h));
    x += w + kGapX;
  }
  rects_ = rects;
  rectsWidth_ = width;
  return rects;
}

int TokenChipView::heightForWidth(int width) const {
  const auto rects = layoutChips(width);
  if (rects.isEmpty()) return chipHeight() + 2 * kMargin;
  return rects.back().bottom() + 1 + kMargin;
}

QSize TokenChipView::sizeHint() const {
  return QSize(480, heightForWidth(480));
}
QSize TokenChipView::minimumSizeHint() const {
  return QSize(120, chipHeight() + 2 * kMargin);
}

void TokenChipView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const auto rects = layoutChips(width());
  const QPalette pal = palette();
  const QFontMetrics fm(font());
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.75);
  for (int i = 0; i < chips_.size(); ++i) {
    const auto& c = chips_[i];
    const QRect r = rects[i];
    const QRect chip(r.x(), r.y(), r.width(), fm.height() + 6);
    QPainterPath path;
    path.addRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
    p.fillPath(path, tokenChipColor(c.source, pal));
    if (c.source == TokenSource::Mask || c.source == TokenSource::Truncated) {
      p.setPen(QPen(tokenTextColor(c.source, pal), 1.2,
                    c.source == TokenSource::Truncated ? Qt::DashLine : Qt::SolidLine));
      p.drawPath(path);
    }
    p.setPen(tokenTextColor(c.source, pal));
    QFont f = font();
    if (c.source == TokenSource::Mask) f.setBold(true);
    f.setStrikeOut(c.source == TokenSource::Truncated);
    p.setFont(f);
    p.drawText(chip, Qt::AlignCenter, c.text);
    p.setFont(small);
    p.setPen(pal.color(QPalette::PlaceholderText));
    const QString below = showSegments_ ? QStringLiteral("%1·%2").arg(i).arg(c.segment) : QString::number(i);
    p.drawText(QRect(r.x(), chip.bottom() + 1, r.width(), r.height() - chip.height()),
               Qt::AlignHCenter | Qt::AlignTop, below);
  }
}

bool TokenChipView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const auto rects = layoutChips(width());
    for (int i = 0; i < rects.size(); ++i) {
      if (!rects[i].contains(help->pos())) continue;
      const auto& c = chips_[i];
      QString tip = tr("<b>%1</b><br>position %2, segment %3, %4")
                        .arg(c.text.toHtmlEscaped())
                        .arg(i)
                        .arg(c.segment)
                        .arg(tokenSourceName(c.source));
      if (c.id >= 0) tip += tr("<br>vocabulary id %1").arg(c.id);
      if (!c.detail.isEmpty()) tip += QStringLiteral("<br>") + c.detail.toHtmlEscaped();
      QToolTip::showText(help->globalPos(), tip, this, rects[i]);
      return true;
    }
    QToolTip::hideText();
    e->ignore();
    return true;
  }
  return QWidget::event(e);
}

void TokenChipView::changeEvent(QEvent* e) {
  if (e->type() == QEvent::FontChange) rectsWidth_ = -1;
  QWidget::changeEvent(e);
}

}  // namespace pwb::ui
