#pragma once
// PWB_VECTOR_CLONES marks a hot loop that GCC also builds for AVX2 (x86-64-v3) and AVX-512 (x86-64-v4); the
// loader picks the clone the CPU runs (target_clones), so the binary still runs on any x86-64 while the
// loop gets the CPU's widest vectors. Elsewhere (other compilers, other CPUs) it is nothing.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PWB_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PWB_VECTOR_CLONES
#endif
