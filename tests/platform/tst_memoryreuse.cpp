// keepFreedMemoryForReuse(): a block of megabytes freed and allocated again is served from memory
// the process kept, so writing it again takes no page faults; with glibc's defaults it is mapped
// afresh and every one of its pages faults (4,096 for the 16 MiB here). Counted with getrusage,
// not timed.
#include "platform/memoryreuse.h"

#include <QTest>

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>

namespace {

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

// Allocates `size` bytes, writes every page, frees them. The empty asm keeps the compiler from
// dropping the allocation as unused.
void writeAndFree(size_t size)
{
    char *block = static_cast<char *>(std::malloc(size));
    QVERIFY(block);
    std::memset(block, 1, size);
    asm volatile("" : : "r"(block) : "memory");
    std::free(block);
}

} // namespace

class TestMemoryReuse : public QObject
{
    Q_OBJECT

private slots:
    void aFreedBlockIsReusedWithoutPageFaults()
    {
        doorstep::platform::keepFreedMemoryForReuse();
        constexpr size_t size = 16 * 1024 * 1024;
        writeAndFree(size); // the first time, the heap grows: its pages fault once
        const long before = minorFaults();
        writeAndFree(size);
        const long faults = minorFaults() - before;
        // 4,096 pages; a few faults of anything else the process touches are allowed.
        QVERIFY2(faults < 64, qPrintable(QStringLiteral("%1 page faults").arg(faults)));
    }
};

QTEST_GUILESS_MAIN(TestMemoryReuse)
#include "tst_memoryreuse.moc"
