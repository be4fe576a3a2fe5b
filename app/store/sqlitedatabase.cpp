#include "sqlitedatabase.h"

#include "securebytes.h"
#include "sqliteerror.h"

#include <sodium.h>
#include <sqlite3.h>

#include <cstring>
#include <mutex>

namespace doorstep::store {

namespace {
constexpr int busyTimeoutMs = 5000;

// SQLite's count of the memory it holds takes a process-wide mutex at every allocation: some
// 300 a pulled change. Nothing here reads that count. Only possible before SQLite starts in the
// process, which is at the first store opened (later, SQLite refuses it and keeps counting).
void skipMemoryStatistics()
{
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
} // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString &path, OpenMode mode)
{
    skipMemoryStatistics();
    sqlite3 *db = nullptr;
    // No mutex of the connection's own: a store is used by one thread (checkThread()). SQLite
    // would otherwise lock and unlock one around every call into it.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == OpenMode::Create)
        flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString message =
            db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return sqliteError(rc, message);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busyTimeoutMs);
    return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(db));
}

SqliteDatabase::~SqliteDatabase()
{
    for (CachedStatement *entry : std::as_const(m_cache)) {
        sqlite3_finalize(entry->statement);
        delete entry;
    }
    m_cache.clear();
    sqlite3_close_v2(m_db);
}

Result<void> SqliteDatabase::setRawKey(const SecureBytes &key)
{
    static constexpr char prefix[] = "PRAGMA key = \"x'";
    static constexpr char suffix[] = "'\";";
    const std::size_t hexChars = key.size() * 2;
    SecureBytes sql(sizeof(prefix) - 1 + hexChars + sizeof(suffix)); // suffix's NUL ends the text
    if (key.isNull() || sql.isNull())
        return sqliteError(SQLITE_NOMEM, {});
    auto *out = reinterpret_cast<char *>(sql.data());
    std::memcpy(out, prefix, sizeof(prefix) - 1);
    // sodium_bin2hex writes a terminating NUL, which the suffix then overwrites.
    sodium_bin2hex(out + sizeof(prefix) - 1, hexChars + 1, key.data(), key.size());
    std::memcpy(out + sizeof(prefix) - 1 + hexChars, suffix, sizeof(suffix));
    return execUtf8(out);
}

void SqliteDatabase::checkThread() const
{
    if (std::this_thread::get_id() != m_owner)
        qFatal("The store's database connection was used from a thread other than the one that opened it");
}

Result<void> SqliteDatabase::execUtf8(const char *sql)
{
    checkThread();
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(rc, QString::fromUtf8(sqlite3_errmsg(m_db)));
    return {};
}

Result<void> SqliteDatabase::exec(const QString &sql)
{
    return execUtf8(sql.toUtf8().constData());
}

Result<sqlite3_stmt *> SqliteDatabase::compile(const QString &sql)
{
    checkThread();
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return sqliteError(rc, QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    return statement;
}

Result<SqliteStatement> SqliteDatabase::prepare(const QString &sql)
{
    const Result<sqlite3_stmt *> statement = compile(sql);
    if (!statement)
        return statement.error();
    return SqliteStatement(m_db, statement.value());
}

Result<SqliteStatement> SqliteDatabase::prepareCached(const QString &sql)
{
    checkThread();
    CachedStatement *cached = m_cache.value(sql);
    if (!cached) {
        const Result<sqlite3_stmt *> compiled = compile(sql);
        if (!compiled)
            return compiled.error();
        cached = new CachedStatement{compiled.value(), false};
        m_cache.insert(sql, cached);
    }
    CachedStatement &entry = *cached;
    if (entry.leased)
        return prepare(sql);
    entry.leased = true;
    return SqliteStatement(m_db, entry.statement, &entry.leased);
}

Result<qint64> SqliteDatabase::queryInteger(const QString &sql)
{
    Result<SqliteStatement> statement = prepare(sql);
    if (!statement)
        return statement.error();
    const Result<bool> row = statement.value().step();
    if (!row)
        return row.error();
    return row.value() ? statement.value().integer(0) : 0;
}

void SqliteDatabase::checkpointOnRequest(int hardLimitPages)
{
    m_hardLimitPages = hardLimitPages;
    sqlite3_wal_hook(m_db, &SqliteDatabase::onWalCommit, this); // replaces the automatic checkpoint
}

int SqliteDatabase::onWalCommit(void *self, sqlite3 *, const char *, int pages)
{
    auto *database = static_cast<SqliteDatabase *>(self);
    database->m_uncheckpointedPages = pages;
    // The commit is in the log already; a checkpoint that fails here is retried at the next one.
    if (pages >= database->m_hardLimitPages)
        (void)database->checkpoint();
    return SQLITE_OK;
}

void SqliteDatabase::watchWritesTo(QList<QByteArray> tables)
{
    m_watchedTables = std::move(tables);
    sqlite3_update_hook(m_db, &SqliteDatabase::onRowWritten, this);
}

void SqliteDatabase::onRowWritten(void *self, int, const char *, const char *table, long long)
{
    auto *database = static_cast<SqliteDatabase *>(self);
    const QByteArrayView written(table);
    for (const QByteArray &watched : std::as_const(database->m_watchedTables)) {
        if (watched == written) {
            ++database->m_rowsWrittenToWatched;
            return;
        }
    }
}

Result<void> SqliteDatabase::checkpoint()
{
    checkThread();
    int logPages = 0;
    int copiedPages = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(m_db, "main", SQLITE_CHECKPOINT_PASSIVE, &logPages, &copiedPages);
    if (rc != SQLITE_OK)
        return sqliteError(rc, QString::fromUtf8(sqlite3_errmsg(m_db)));
    m_uncheckpointedPages = logPages - copiedPages;
    return {};
}

qint64 SqliteDatabase::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int SqliteDatabase::changes() const
{
    return sqlite3_changes(m_db);
}

bool SqliteDatabase::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

} // namespace doorstep::store
