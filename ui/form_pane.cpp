#include "form_pane.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include <QWidget>

namespace pwb::ui {

FormPane makeFormPane(QWidget* view) {
  FormPane p;
  auto* outer = new QHBoxLayout(view);
  outer->setContentsMargins(16, 12, 16, 12);
  p.split = new QSplitter(Qt::Horizontal, view);
  outer->addWidget(p.split);
  p.leftPane = new QWidget(p.split);
  p.leftLayout = new QVBoxLayout(p.leftPane);
  p.leftLayout->setContentsMargins(0, 0, 0, 0);
  p.scroll = new QScrollArea(p.leftPane);
  p.scroll->setWidgetResizable(true);
  p.scroll->setFrameShape(QFrame::NoFrame);
  p.scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  p.formHost = new QWidget(p.scroll);
  p.formLayout = new QVBoxLayout(p.formHost);
  p.formLayout->setContentsMargins(0, 0, 8, 0);  // room for the vertical scroll bar
  return p;
}

}  // namespace pwb::ui
