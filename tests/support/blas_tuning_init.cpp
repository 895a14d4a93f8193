// Linked into every test and bench executable: restarts it with the right OpenBLAS kernels before main()
// runs (see core/common/blas_tuning.h). Executables' static initialisers run after the shared libraries'
// constructors, so OpenBLAS has already chosen (and reports) its kernel set here.
#include "common/blas_tuning.h"

namespace {
const bool kBlasTuned = (pwb::common::restartWithTunedBlasIfNeeded(), true);
}
