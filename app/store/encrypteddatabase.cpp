#include "encrypteddatabase.h"

#include "store.h"

#include <QFile>
#include <QFileInfo>

namespace doorstep::store {

namespace {

const QString reEnrol = QStringLiteral("Re-enrol the device to download the caseload again; changes "
                                       "not yet synced from this device cannot be recovered.");

Error truncated()
{
    return makeError(Store::Truncated,
                     QStringLiteral("The store file is incomplete (it has been cut short), so it "
                                    "cannot be opened. %1")
                         .arg(reEnrol));
}

Error wrongKey()
{
    return makeError(Store::WrongKey,
                     QStringLiteral("The key on this device does not belong to its store file, so "
                                    "the store cannot be opened. %1")
                         .arg(reEnrol));
}

Error damaged()
{
    return makeError(Store::Corrupt,
                     QStringLiteral("The store file is damaged, so it cannot be opened. %1").arg(reEnrol));
}

bool isKnownSalt(const QByteArray &salt)
{
    return salt.size() == KeyVault::databaseSaltBytes && salt.count('\0') != salt.size();
}

Result<void> configure(SqliteDatabase &db, const KeyVault &vault)
{
    if (Result<void> keyed = db.setRawKey(vault.key()); !keyed)
        return keyed;
    // Not stored in the file: every connection must say it, before the first read.
    if (Result<void> paged = db.exec(QStringLiteral("PRAGMA cipher_page_size = %1").arg(cipherPageSize));
        !paged) {
        return paged;
    }
    // The first read: SQLCipher checks the key and page 1's MAC here.
    if (const Result<qint64> read = db.queryInteger(QStringLiteral("SELECT count(*) FROM sqlite_master"));
        !read) {
        return read.error();
    }
    return configureConnection(db);
}

} // namespace

Result<void> configureConnection(SqliteDatabase &db)
{
    Result<SqliteStatement> journal = db.prepare(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!journal)
        return journal.error();
    const Result<bool> row = journal.value().step();
    if (!row)
        return row.error();
    if (!row.value() || journal.value().text(0).compare(u"wal", Qt::CaseInsensitive) != 0) {
        return makeError(Store::Io, QStringLiteral("The store could not switch to write-ahead logging "
                                                   "on this file system."));
    }
    // A 32 MiB page cache (the default is 2 MiB): every page read from the file is decrypted and
    // its MAC checked, and every page spilled mid-transaction encrypted, so a bulk pull into a
    // large caseload must not evict and re-read the same index pages over and over (measured in
    // bench/: 10k pulled changes 3.1 s with 8 MiB, 1.8 s with 32 MiB).
    db.checkpointOnRequest(Store::checkpointHardLimitPages);
    return db.exec(QStringLiteral("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                                  "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;"));
}

QByteArray readDatabaseSalt(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray salt = file.read(KeyVault::databaseSaltBytes);
    return salt.size() == KeyVault::databaseSaltBytes ? salt : QByteArray();
}

Result<std::unique_ptr<SqliteDatabase>> openEncryptedDatabase(const QString &path, const KeyVault &vault,
                                                              SqliteDatabase::OpenMode mode)
{
    const bool existing = mode == SqliteDatabase::OpenMode::Existing;
    bool saltMatches = false;
    if (existing) {
        const QFileInfo file(path);
        if (!file.exists())
            return makeError(Store::Corrupt, QStringLiteral("The store file is missing. %1").arg(reEnrol));
        // SQLite writes whole pages; a WAL may legitimately hold every page of a young file.
        const bool walHasPages = QFileInfo(path + QStringLiteral("-wal")).size() > 0;
        if (file.size() % cipherPageSize != 0 || (file.size() == 0 && !walHasPages))
            return truncated();
        if (isKnownSalt(vault.databaseSalt()) && file.size() > 0) {
            if (readDatabaseSalt(path) != vault.databaseSalt())
                return wrongKey();
            saltMatches = true;
        }
    }

    Result<std::unique_ptr<SqliteDatabase>> opened = SqliteDatabase::open(path, mode);
    if (!opened)
        return opened;
    if (Result<void> configured = configure(*opened.value(), vault); !configured) {
        // With the salt checked, "not a database" can only mean the file's pages are damaged.
        if (saltMatches && configured.error().code == Store::Corrupt)
            return damaged();
        return configured.error();
    }
    return opened;
}

} // namespace doorstep::store
