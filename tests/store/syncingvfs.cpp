#include "syncingvfs.h"

#include <sqlite3.h>

#include <atomic>

namespace doorstep::store::test {

namespace {

std::atomic<int> syncCount{0};
sqlite3_vfs *realVfs = nullptr;
sqlite3_vfs countingVfs;

// Our file is the real VFS's file behind a pointer to our methods.
struct CountedFile
{
    sqlite3_file base;
    sqlite3_file *real; // just after this struct, in the same allocation
};

sqlite3_file *realOf(sqlite3_file *file)
{
    return reinterpret_cast<CountedFile *>(file)->real;
}

int countedSync(sqlite3_file *file, int flags)
{
    ++syncCount;
    return realOf(file)->pMethods->xSync(realOf(file), flags);
}

// Every other method goes straight to the real file's.
const sqlite3_io_methods countedMethods = {
    3,
    [](sqlite3_file *f) {
        const int rc = realOf(f)->pMethods->xClose(realOf(f));
        f->pMethods = nullptr;
        return rc;
    },
    [](sqlite3_file *f, void *buf, int n, sqlite3_int64 at) {
        return realOf(f)->pMethods->xRead(realOf(f), buf, n, at);
    },
    [](sqlite3_file *f, const void *buf, int n, sqlite3_int64 at) {
        return realOf(f)->pMethods->xWrite(realOf(f), buf, n, at);
    },
    [](sqlite3_file *f, sqlite3_int64 size) { return realOf(f)->pMethods->xTruncate(realOf(f), size); },
    countedSync,
    [](sqlite3_file *f, sqlite3_int64 *size) { return realOf(f)->pMethods->xFileSize(realOf(f), size); },
    [](sqlite3_file *f, int lock) { return realOf(f)->pMethods->xLock(realOf(f), lock); },
    [](sqlite3_file *f, int lock) { return realOf(f)->pMethods->xUnlock(realOf(f), lock); },
    [](sqlite3_file *f, int *out) { return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out); },
    [](sqlite3_file *f, int op, void *arg) { return realOf(f)->pMethods->xFileControl(realOf(f), op, arg); },
    [](sqlite3_file *f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); },
    [](sqlite3_file *f) { return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f)); },
    [](sqlite3_file *f, int page, int size, int extend, void volatile **out) {
        return realOf(f)->pMethods->xShmMap(realOf(f), page, size, extend, out);
    },
    [](sqlite3_file *f, int offset, int n, int flags) {
        return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
    },
    [](sqlite3_file *f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); },
    [](sqlite3_file *f, int deleteFlag) { return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag); },
    [](sqlite3_file *f, sqlite3_int64 at, int n, void **out) {
        return realOf(f)->pMethods->xFetch(realOf(f), at, n, out);
    },
    [](sqlite3_file *f, sqlite3_int64 at, void *page) {
        return realOf(f)->pMethods->xUnfetch(realOf(f), at, page);
    },
};

int countedOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags)
{
    auto *counted = reinterpret_cast<CountedFile *>(file);
    counted->real = reinterpret_cast<sqlite3_file *>(counted + 1);
    const int rc = realVfs->xOpen(realVfs, name, counted->real, flags, outFlags);
    // SQLite closes a file whose methods are set even when the open failed.
    counted->base.pMethods = counted->real->pMethods ? &countedMethods : nullptr;
    return rc;
}

} // namespace

bool SyncingVfs::install()
{
    realVfs = sqlite3_vfs_find(nullptr);
    if (!realVfs)
        return false;
    // The real VFS's own entries (and its pAppData, which they read) serve everything but opening.
    countingVfs = *realVfs;
    countingVfs.zName = "doorstep-syncing";
    countingVfs.szOsFile = int(sizeof(CountedFile)) + realVfs->szOsFile;
    countingVfs.xOpen = countedOpen;
    countingVfs.pNext = nullptr;
    return sqlite3_vfs_register(&countingVfs, 1) == SQLITE_OK;
}

int SyncingVfs::syncs()
{
    return syncCount.load();
}

} // namespace doorstep::store::test
