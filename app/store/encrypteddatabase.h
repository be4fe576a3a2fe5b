// Opens the store's SQLCipher file with the raw data key and the pragmas every connection
// needs (page size, WAL, synchronous FULL, temp store in memory, foreign keys), then reads once
// so a wrong key or a damaged file is found here rather than at the first query. Tells a
// truncated file, a key for another database (by the database salt kept in the key blob) and
// a damaged file apart.
//
// Thread: the store's thread.
#pragma once

#include "app/store/keyvault.h"
#include "app/store/sqlitedatabase.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace doorstep::store {

inline constexpr int cipherPageSize = 4096;

Result<std::unique_ptr<SqliteDatabase>> openEncryptedDatabase(const QString &path, const KeyVault &vault,
                                                              SqliteDatabase::OpenMode mode);

// The pragmas every connection needs after it is keyed: WAL, synchronous FULL, temp store in
// memory, foreign keys, the page cache. Exposed for the benchmark's plain (unkeyed) baseline.
Result<void> configureConnection(SqliteDatabase &db);

// The first 16 bytes of a SQLCipher file (its salt, not secret); empty if the file is shorter.
QByteArray readDatabaseSalt(const QString &path);

} // namespace doorstep::store
