// One prepared SQLite statement: bind by position (1-based, as SQLite counts), step, read
// columns (0-based). Finalized on destruction, or, when leased from the database's statement
// cache (SqliteDatabase::prepareCached), reset and handed back instead.
//
// Thread: the thread of the SqliteDatabase that prepared it. Ownership: owns the sqlite3_stmt
// (or, for a lease, borrows it from the cache); must not outlive its database.
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace doorstep::store {

class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement)
        : m_db(db)
        , m_statement(statement)
    {}
    // A lease on a cached statement: `leased` is the cache's in-use mark, cleared on release.
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, bool *leased)
        : m_db(db)
        , m_statement(statement)
        , m_leased(leased)
    {}
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // A null QString is bound as '' (text columns hold '' rather than NULL for "not given").
    SqliteStatement &bindText(int index, const QString &value);
    // UTF-8 text as it is, for payloads already serialised (saves a round trip through QString).
    SqliteStatement &bindUtf8(int index, const QByteArray &value);
    SqliteStatement &bindBlob(int index, const QByteArray &value);
    SqliteStatement &bindInt(int index, qint64 value);
    SqliteStatement &bindNull(int index);

    // true: a row is ready to read; false: done. A failed bind is reported here.
    Result<bool> step();
    // Steps to the end, for statements that return no rows.
    Result<void> run();
    // Steps through every row, handing each to `onRow(const SqliteStatement &)`; stops at the
    // first error, which it returns.
    template<typename OnRow> Result<void> forEachRow(OnRow &&onRow)
    {
        for (;;) {
            const Result<bool> row = step();
            if (!row)
                return row.error();
            if (!row.value())
                return {};
            onRow(std::as_const(*this));
        }
    }
    // Ready to step again with new bindings.
    void reset();

    bool isNull(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    // The column's UTF-8 bytes without a copy: valid until the next step, reset or release.
    QByteArray rawUtf8(int column) const;
    qint64 integer(int column) const;

private:
    void noteBind(int resultCode);
    void release();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindError = 0;
    bool *m_leased = nullptr;
};

} // namespace doorstep::store
