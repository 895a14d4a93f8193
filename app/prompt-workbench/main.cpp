// prompt-workbench: the desktop GUI. Everything lives in ui/ (pwb_ui) so that tests build the same window.
#include "ui/translation_loader.h"
#include "ui/workbench.h"

int main(int argc, char** argv) {
  // Chinese or English, chosen when the QApplication is constructed, before any tr() text is built.
  pwb::ui::installTranslationsAtStartup();
  return pwb::ui::runWorkbench(argc, argv);
}
