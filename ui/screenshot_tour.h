#pragma once
// `prompt-workbench --screenshots DIR`: builds a fresh demo project in DIR, walks through every view doing
// what a newcomer would (preview a template, ask the mask, evaluate the grid, train two methods, group
// the runs), and saves one PNG per view (QWidget::grab, so it also works offscreen). Used by
// packaging/screenshots.sh for the README's pictures.
#include <QString>

namespace pwb::ui {

class MainWindow;

// Returns 0 when every screenshot was written; messages go to stderr.
int runScreenshotTour(MainWindow* window, const QString& outDir, int trainSteps = 60);

}  // namespace pwb::ui
