#include "common/allocator_tuning.h"

#include <cstddef>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pwb::common {

void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  // Both: setting the mmap threshold ends glibc's dynamic adjustment, which also raised the trim threshold.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

}  // namespace pwb::common
