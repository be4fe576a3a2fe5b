// Maps SQLite/SQLCipher result codes to the store's errors (Store::Corrupt, DiskFull, Io, ...),
// with a sentence a person can act on. SQLite's own message is appended only where it names a
// table or constraint; it never carries record values.
//
// Thread: pure function, any thread.
#pragma once

#include "core/result.h"

#include <QString>

namespace doorstep::store {

Error sqliteError(int resultCode, const QString &sqliteMessage);

} // namespace doorstep::store
