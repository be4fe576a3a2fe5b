// Where the server keeps its data: an SQLite file in the data directory (QSQLITE, WAL) or a
// PostgreSQL database (QPSQL), behind one QtSql interface and one set of portable queries.
//
// Thread: a Database is shared by all threads; each thread gets its own QtSql connection from
// connection(), named after the thread and closed when the thread ends. Ownership: the
// Database owns the connection settings; connections belong to their threads.
#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

namespace doorstep::server {

class StatementCache;

class Database
{
public:
    enum class Engine { Sqlite, Postgres };

    // `url` empty: SQLite at dataDir/server.db. Otherwise
    // postgresql://user[:password]@[host][:port]/dbname[?host=/socket/dir].
    static Result<Database> fromUrl(const QString &url, const QString &dataDir);

    Engine engine() const { return m_engine; }
    // The calling thread's connection, opened on first use.
    Result<QSqlDatabase> connection() const;
    // Creates the tables that are missing. Safe to run on every start and from several processes.
    Result<void> migrate() const;

    // A write transaction that takes the change-log lock first, so that writers apply one after
    // another and sequence numbers become visible in order (pull never skips a change that a
    // slower writer commits later).
    Result<void> beginWrite(QSqlDatabase &db) const;
    // A plain transaction for writes that do not touch the change log. On SQLite both begins
    // first wait for the process's write turn (writeturn.h), held until commit or rollback.
    Result<void> begin(QSqlDatabase &db) const;
    Result<void> commit(QSqlDatabase &db) const;
    void rollback(QSqlDatabase &db) const;

    // Closes the calling thread's connections now (the main thread calls it before exit; worker
    // threads release theirs when they end).
    static void releaseThreadConnections();

    // The calling thread's cache of prepared statements for `db`, one of its connections from
    // connection(); nullptr for a connection made elsewhere.
    static StatementCache *statementCache(const QSqlDatabase &db);

    // A short description without secrets, for error messages.
    QString describe() const;

private:
    // The settings each connection needs, on first opening and on reopening.
    Result<void> setUp(QSqlDatabase &db) const;

    Engine m_engine = Engine::Sqlite;
    QString m_sqlitePath;
    QString m_host;
    int m_port = -1;
    QString m_databaseName;
    QString m_userName;
    QString m_password;
};

} // namespace doorstep::server
