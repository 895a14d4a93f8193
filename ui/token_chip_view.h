#pragma once
// The rendered prompt as the model will see it: one rounded chip per token piece, coloured by where the
// piece came from (template text, data field, mask, soft/pseudo token, special token, or cut by
// truncation), with its position and segment id underneath. Wraps like text; tooltips give the details.
#include <QVector>
#include <QWidget>

#include "token_colors.h"

namespace pwb::ui {

struct TokenChip {
  QString text;  // the token piece as the vocabulary spells it (##ing, Ġgreat, [MASK])
  TokenSource source = TokenSource::Literal;
  int segment = 0;  // token type id
  qint64 id = -1;   // vocabulary id (-1 for soft/pseudo vectors)
  QString detail;   // extra tooltip line (e.g. the field name, the characters it covers)
};

class TokenChipView : public QWidget {
  Q_OBJECT
 public:
  explicit TokenChipView(QWidget* parent = nullptr);

  void setChips(const QVector<TokenChip>& chips);
  const QVector<TokenChip>& chips() const { return chips_; }
  QStringList tokenTexts() const;
  void setShowSegments(bool show);

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QVector<QRect> layoutChips(int width) const;
  int chipHeight() const;

  QVector<TokenChip> chips_;
  mutable QVector<QRect> rects_;
  mutable int rectsWidth_ = -1;
  bool showSegments_ = true;
};

}  // namespace pwb::ui
