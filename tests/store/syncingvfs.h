// Test helper: counts the syncs (fsync) SQLite asks of the files it opens. It wraps the default
// VFS and becomes the default itself, so a store opened after install() is counted with no
// change to the store. Process-wide; install once, before the first database is opened.
#pragma once

namespace doorstep::store::test {

class SyncingVfs
{
public:
    static bool install(); // false if SQLite has no default VFS to wrap
    static int syncs();    // since install(), over every file (database, log, ...)
};

} // namespace doorstep::store::test
