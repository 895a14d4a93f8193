// Keeps the memory of freed tensors in the process between training steps.
#pragma once

namespace pwb::common {

// glibc's malloc serves a block over its mmap threshold (dynamic, starting at 128 KiB) with a fresh mmap and
// gives the top of its heap back to the kernel once more than the trim threshold is free there. A training
// step allocates and frees the same large tensors every step (activations, a word embedding's dense
// gradient: 24 MiB on the demo model), so each step paid a page fault and the kernel's zeroing for every
// page of them again: 10 % of a prompt-based fine-tuning step on the demo model (bench_train --profile,
// issue 20). This sets the mmap threshold to glibc's maximum (32 MiB: larger blocks are still mapped) and the
// trim threshold to 256 MiB, so up to that much freed memory stays in the process for the next step.
// Does nothing without glibc. Call it first in main().
void keepFreedMemoryForReuse();

}  // namespace pwb::common
