// prompt-workbench: the desktop GUI. Everything lives in ui/ (pwb_ui) so that tests build the same window.
#include "common/allocator_tuning.h"
#include "common/blas_tuning.h"
#include "ui/translation_loader.h"
#include "ui/workbench.h"

int main(int argc, char** argv) {
  pwb::common::restartWithTunedBlasIfNeeded();  // before any torch work: 6-8x faster fp32 GEMM
  pwb::common::keepFreedMemoryForReuse();       // no page faults for each step's tensors again
  // Chinese or English, chosen when the QApplication is constructed, before any tr() text is built.
  pwb::ui::installTranslationsAtStartup();
  return pwb::ui::runWorkbench(argc, argv);
}
