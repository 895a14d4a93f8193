#pragma once
// The layout the Train and Search views share: the view split left/right; on the left a form that scrolls
// (group boxes stacked in formLayout) so nothing is clipped on small screens, with the view's buttons added
// below it to leftLayout, always in view. The caller fills the form, sets formHost as the scroll area's
// widget, and adds its right pane to `split`.
class QScrollArea;
class QSplitter;
class QVBoxLayout;
class QWidget;

namespace pwb::ui {

struct FormPane {
  QSplitter* split = nullptr;
  QWidget* leftPane = nullptr;
  QVBoxLayout* leftLayout = nullptr;
  QScrollArea* scroll = nullptr;
  QWidget* formHost = nullptr;  // parent for the form's group boxes
  QVBoxLayout* formLayout = nullptr;
};

// Builds the layout on `view` (which gets an outer layout with the standard margins).
FormPane makeFormPane(QWidget* view);

}  // namespace pwb::ui
