// The project's small wrapper over the SQLCipher C API: open a file, key it with a raw key,
// run SQL, prepare statements. Never QtSql here: the client must not load a second SQLite
// (architecture.md, "One SQLite per process").
//
// Thread: one thread, the one that opened it (the store's). The connection has no mutex of its own
// (SQLITE_OPEN_NOMUTEX), so use from another thread stops the process rather than corrupt the
// file (checked wherever SQL is run or compiled). Ownership: owns the sqlite3 connection;
// statements it prepares must be destroyed before it.
#pragma once

#include "app/store/sqlitestatement.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace doorstep::store {

class SecureBytes;

class SqliteDatabase
{
public:
    enum class OpenMode { Existing, Create };

    static Result<std::unique_ptr<SqliteDatabase>> open(const QString &path, OpenMode mode);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    // SQLCipher's raw-key form, PRAGMA key = "x'<64 hex>'"; the hex text lives in secure memory
    // and is wiped before this returns. Must come before anything else reads the file.
    Result<void> setRawKey(const SecureBytes &key);

    // Runs one or more statements that return no rows (or whose rows are not wanted).
    Result<void> exec(const QString &sql);
    Result<SqliteStatement> prepare(const QString &sql);
    // The same, from a cache kept for the connection's life: statements run once per record
    // (per pulled change, per save) are compiled once. The lease resets the statement when it
    // is destroyed; a second lease of the same SQL while the first is alive gets a fresh one.
    Result<SqliteStatement> prepareCached(const QString &sql);
    // The first column of the first row, for PRAGMA and count(*) queries.
    Result<qint64> queryInteger(const QString &sql);

    // Commits only append to the write-ahead log; the owner copies it into the file when nobody
    // is waiting (checkpoint()). SQLite's automatic checkpoint runs inside whichever commit takes
    // the log past 1,000 pages, which makes that one save several times slower than the others
    // (the slowest 1% of saves). A log past hardLimitPages is still checkpointed by the commit
    // that crosses it, so an owner that never asks cannot let it grow without bound.
    void checkpointOnRequest(int hardLimitPages);
    // Pages in the log not yet copied into the file, as of the last commit or checkpoint.
    int uncheckpointedPages() const { return m_uncheckpointedPages; }
    // Copies the log into the file (PASSIVE: it never waits for a reader).
    Result<void> checkpoint();

    // Counts the rows inserted, updated or deleted in these tables from now on, rolled-back ones
    // included (a count that moves needlessly only costs a cache a reload): whatever was read from
    // them is current while rowsWrittenToWatched() stands still. Tables WITHOUT ROWID are not
    // seen (SQLite's update hook skips them).
    void watchWritesTo(QList<QByteArray> tables);
    quint64 rowsWrittenToWatched() const { return m_rowsWrittenToWatched; }

    qint64 lastInsertRowId() const;
    int changes() const; // rows changed by the last INSERT/UPDATE/DELETE
    bool inTransaction() const;

private:
    explicit SqliteDatabase(sqlite3 *db)
        : m_db(db)
    {}
    void checkThread() const;
    Result<void> execUtf8(const char *sql);
    Result<sqlite3_stmt *> compile(const QString &sql);

    struct CachedStatement
    {
        sqlite3_stmt *statement = nullptr;
        bool leased = false;
    };

    static int onWalCommit(void *self, sqlite3 *db, const char *schema, int pages);
    static void onRowWritten(void *self, int operation, const char *schema, const char *table,
                             long long rowId);

    sqlite3 *m_db = nullptr;
    const std::thread::id m_owner = std::this_thread::get_id();
    int m_hardLimitPages = 0;
    int m_uncheckpointedPages = 0;
    QList<QByteArray> m_watchedTables;
    quint64 m_rowsWrittenToWatched = 0;
    QHash<QString, CachedStatement *> m_cache; // owned; entries live as long as the connection
};

} // namespace doorstep::store
