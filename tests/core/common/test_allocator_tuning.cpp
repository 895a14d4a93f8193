// keepFreedMemoryForReuse (core/common/allocator_tuning.h): a block of a training step's size is served from
// the heap and stays in the process after it is freed, where glibc's default maps it afresh (and gives it
// back) so that the next step's block faults in and zeroes every page again. Read from mallinfo2, not timed.
#include <QtTest>
#include <cstddef>  // __GLIBC__
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/allocator_tuning.h"

// Under a sanitizer malloc is the sanitizer's: glibc's settings and mallinfo2 do not apply.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PWB_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PWB_SANITIZED_MALLOC 1
#endif
#endif

class TestAllocatorTuning : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void freedBlocksStayInTheProcess() {
#if !defined(__GLIBC__) || defined(PWB_SANITIZED_MALLOC)
    QSKIP("glibc's own malloc only");
#else
    // glibc's default (this process has not called the setting yet): a 24 MiB block, the demo model's
    // word-embedding gradient, is mapped on its own (its dynamic mmap threshold starts at 128 KiB).
    const size_t before = mallinfo2().hblkhd;
    void* first = std::malloc(size_t(24) << 20);
    QVERIFY(first != nullptr);
    QVERIFY2(mallinfo2().hblkhd >= before + (size_t(24) << 20), "the default did not map the block");
    std::free(first);

    pwb::common::keepFreedMemoryForReuse();
    // Two of 30 MiB: each over the 24 MiB the default's dynamic threshold has now reached and under the 32
    // MiB set here; together over the 48 MiB at which the default would trim the heap again.
    const size_t mapped = mallinfo2().hblkhd;
    const size_t bytes = size_t(30) << 20;
    auto* a = static_cast<char*>(std::malloc(bytes));
    auto* b = static_cast<char*>(std::malloc(bytes));
    QVERIFY(a != nullptr && b != nullptr);
    std::memset(a, 1, bytes);
    std::memset(b, 1, bytes);
    QCOMPARE(mallinfo2().hblkhd, mapped);  // from the heap, not mappings of their own
    std::free(b);
    std::free(a);
    // Freed, they stay in the heap for the next step (the trim threshold is 256 MiB).
    QVERIFY2(mallinfo2().fordblks >= 2 * bytes,
             qPrintable(QString("free heap bytes after the blocks: %1").arg(mallinfo2().fordblks)));
#endif
  }
};

QTEST_GUILESS_MAIN(TestAllocatorTuning)
#include "test_allocator_tuning.moc"
