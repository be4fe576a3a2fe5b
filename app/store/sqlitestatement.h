// One prepared SQLite statement: bind by position (1-based, as SQLite counts), step, read
// columns (0-based). Finalized on destruction.
//
// Thread: the thread of the SqliteDatabase that prepared it. Ownership: owns the sqlite3_stmt;
// must not outlive its database.
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

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
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // A null QString is bound as '' (text columns hold '' rather than NULL for "not given").
    SqliteStatement &bindText(int index, const QString &value);
    SqliteStatement &bindBlob(int index, const QByteArray &value);
    SqliteStatement &bindInt(int index, qint64 value);
    SqliteStatement &bindNull(int index);

    // true: a row is ready to read; false: done. A failed bind is reported here.
    Result<bool> step();
    // Steps to the end, for statements that return no rows.
    Result<void> run();
    // Ready to step again with new bindings.
    void reset();

    bool isNull(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    qint64 integer(int column) const;

private:
    void noteBind(int resultCode);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindError = 0;
};

} // namespace doorstep::store
