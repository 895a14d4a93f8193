// Makes sure OpenBLAS runs its AVX-512/AVX2 GEMM kernels on CPUs it does not recognise.
#pragma once

#include <string>

namespace pwb::common {

// The OpenBLAS core name chosen at load time ("SkylakeX", "Haswell", "Prescott", ...), or "" when the
// process does not use OpenBLAS.
std::string blasCoreName();

// Debian 12's OpenBLAS 0.3.21 identifies CPUs by model number; on CPUs newer than it knows (a virtualised
// Sapphire Rapids reporting "Intel(R) Xeon(R) Processor", for instance) it falls back to the generic
// "Prescott" kernels and fp32 GEMM runs 6-8x slower (31 instead of 180-250 GFLOP/s on 2 cores here).
// The kernel set is fixed when libopenblas loads, so the only cure is to restart the process with
// OPENBLAS_CORETYPE naming the best kernel set the CPU supports. Does nothing when OpenBLAS already picked
// an AVX2/AVX-512 set, when OPENBLAS_CORETYPE is set, when PWB_NO_BLAS_RESTART is set, or after one
// restart; returns normally if the restart is impossible. Call it first in main().
void restartWithTunedBlasIfNeeded();

}  // namespace pwb::common
