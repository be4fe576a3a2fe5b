#include "database.h"

#include "schema.h"
#include "sqlquery.h"
#include "statementcache.h"
#include "writeturn.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

// The connections a thread opened; removed from QtSql's registry when the thread ends, so a
// later thread at the same address never inherits them.
struct ThreadConnections
{
    QStringList names;
    // Per connection name; emptied before the connections close (queries must not outlive them).
    std::unordered_map<QString, std::unique_ptr<StatementCache>> statements;
    ~ThreadConnections()
    {
        statements.clear();
        for (const QString &name : std::as_const(names)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }
};

QThreadStorage<ThreadConnections *> &threadConnections()
{
    static QThreadStorage<ThreadConnections *> storage;
    return storage;
}

} // namespace

Result<Database> Database::fromUrl(const QString &url, const QString &dataDir)
{
    Database database;
    if (url.isEmpty()) {
        database.m_engine = Engine::Sqlite;
        database.m_sqlitePath = QDir(dataDir).absoluteFilePath(u"server.db"_s);
        return database;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != "postgresql"_L1 && parsed.scheme() != "postgres"_L1)) {
        return makeError(u"invalid"_s,
                         u"The database must be given as postgresql://user@/dbname?host=/socket/dir."_s,
                         u"database"_s);
    }
    database.m_engine = Engine::Postgres;
    database.m_userName = parsed.userName();
    database.m_password = parsed.password();
    database.m_host = parsed.host();
    database.m_port = parsed.port();
    database.m_databaseName = parsed.path().mid(1);
    const QUrlQuery query(parsed);
    if (query.hasQueryItem(u"host"_s))
        database.m_host = query.queryItemValue(u"host"_s, QUrl::FullyDecoded);
    if (query.hasQueryItem(u"port"_s))
        database.m_port = query.queryItemValue(u"port"_s).toInt();
    if (database.m_databaseName.isEmpty()) {
        return makeError(u"invalid"_s, u"The database URL names no database (…/dbname)."_s, u"database"_s);
    }
    return database;
}

void Database::releaseThreadConnections()
{
    if (threadConnections().hasLocalData())
        threadConnections().setLocalData(nullptr);
}

StatementCache *Database::statementCache(const QSqlDatabase &db)
{
    if (!threadConnections().hasLocalData())
        return nullptr;
    ThreadConnections *connections = threadConnections().localData();
    const QString name = db.connectionName();
    if (!connections->names.contains(name))
        return nullptr; // not one this thread opened through a Database
    std::unique_ptr<StatementCache> &cache = connections->statements[name];
    if (!cache)
        cache = std::make_unique<StatementCache>();
    return cache.get();
}

QString Database::describe() const
{
    if (m_engine == Engine::Sqlite)
        return u"SQLite %1"_s.arg(m_sqlitePath);
    return u"PostgreSQL %1"_s.arg(m_databaseName);
}

Result<QSqlDatabase> Database::connection() const
{
    // Named by thread and by database, so two Databases in one process never share one.
    const QByteArray identity = QCryptographicHash::hash(
        (describe() + m_host + QString::number(m_port) + m_userName).toUtf8(), QCryptographicHash::Sha1);
    const QString name = u"doorstep-%1-%2"_s.arg(QString::fromLatin1(identity.toHex().left(12)))
                             .arg(quintptr(QThread::currentThread()), 0, 16);

    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        // Reopened: statements prepared on the closed connection are gone.
        if (StatementCache *cache = statementCache(db))
            cache->clear();
        if (!db.open())
            return storageError(u"opening %1"_s.arg(describe()), db.lastError().text());
        if (auto ready = setUp(db); !ready)
            return ready.error();
        return db;
    }

    if (!threadConnections().hasLocalData())
        threadConnections().setLocalData(new ThreadConnections);
    threadConnections().localData()->names.append(name);

    QSqlDatabase db;
    if (m_engine == Engine::Sqlite) {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_sqlitePath);
        // Admin commands and the server share the file: wait for a writer instead of failing.
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=15000"_s);
    } else {
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setDatabaseName(m_databaseName);
        if (!m_host.isEmpty())
            db.setHostName(m_host);
        if (m_port > 0)
            db.setPort(m_port);
        if (!m_userName.isEmpty())
            db.setUserName(m_userName);
        if (!m_password.isEmpty())
            db.setPassword(m_password);
    }
    if (!db.isValid())
        return storageError(u"loading the Qt SQL driver for %1"_s.arg(describe()));
    if (!db.open())
        return storageError(u"opening %1"_s.arg(describe()), db.lastError().text());

    if (auto ready = setUp(db); !ready)
        return ready.error();
    return db;
}

Result<void> Database::setUp(QSqlDatabase &db) const
{
    if (m_engine == Engine::Postgres) {
        // "relation already exists, skipping" on every start is noise, not news.
        QSqlQuery query(db);
        query.exec(u"SET client_min_messages TO WARNING"_s);
    }
    if (m_engine == Engine::Sqlite) {
        // FULL: a commit is on disk before the answer goes out. Under NORMAL a WAL commit is not
        // synced, and a power cut could lose a push the device has been told was taken (it then
        // marks the changes sent and never sends them again). PostgreSQL's commits are durable
        // by default.
        // A cache of up to 16 MiB a connection (SQLite's default is 2 MiB): a push looks up and
        // inserts its change ids in indexes that outgrow 2 MiB at some 30k changes, and from there
        // each look-up read its page from the file again (push 100k 5.9k -> 8.4k changes/s).
        // Ids made in time order keep those look-ups at the ends of the indexes, so 16 MiB does
        // as well as 64 did, and the server's 64 connections (httpapi.cpp) hold 1 GiB at most.
        for (const QString &pragma : {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = FULL"_s,
                                      u"PRAGMA foreign_keys = ON"_s, u"PRAGMA cache_size = -16384"_s}) {
            QSqlQuery query(db);
            if (!query.exec(pragma))
                return storageError(u"setting up %1"_s.arg(describe()), query.lastError().text());
        }
    }
    return {};
}

Result<void> Database::migrate() const
{
    auto connected = connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    if (auto begun = begin(db); !begun)
        return begun.error();
    if (m_engine == Engine::Postgres) {
        // Several server processes may start at once against one PostgreSQL.
        if (auto locked = runQuery(db, u"SELECT pg_advisory_xact_lock(7351)"_s, {}, u"creating tables"_s);
            !locked) {
            rollback(db);
            return locked.error();
        }
    }
    QStringList statements = m_engine == Engine::Sqlite ? sqliteSchema() : postgresSchema();
    for (const QString &statement : std::as_const(statements)) {
        if (auto done = runQuery(db, statement, {}, u"creating tables"_s); !done) {
            rollback(db);
            return done.error();
        }
    }
    if (m_engine == Engine::Sqlite) {
        std::optional<Error> failed;
        statements = sqliteMigrations([&](const QString &table, const QString &column) {
            auto has = runQuery(db, sqliteColumnQuery(), {table, column}, u"upgrading tables"_s);
            if (!has) {
                failed = has.error();
                return true; // stop here: nothing is added
            }
            return has.value().next();
        });
        if (failed) {
            rollback(db);
            return *failed;
        }
    } else {
        statements = postgresMigrations();
    }
    for (const QString &statement : std::as_const(statements)) {
        if (auto done = runQuery(db, statement, {}, u"creating tables"_s); !done) {
            rollback(db);
            return done.error();
        }
    }
    return commit(db);
}

Result<void> Database::begin(QSqlDatabase &db) const
{
    // SQLite: wait for this process's write turn (first come, first served), then take the write
    // lock at BEGIN (other processes: up to the busy timeout) instead of failing later when a
    // read lock cannot be upgraded. The turn is held to COMMIT or ROLLBACK.
    const bool sqlite = m_engine == Engine::Sqlite;
    if (sqlite)
        WriteTurn::acquire();
    const QString sql = sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
    if (auto done = runQuery(db, sql, {}, u"starting a transaction"_s); !done) {
        if (sqlite)
            WriteTurn::release();
        return done.error();
    }
    return {};
}

Result<void> Database::beginWrite(QSqlDatabase &db) const
{
    if (auto begun = begin(db); !begun)
        return begun.error();
    if (m_engine == Engine::Postgres) {
        auto locked = runQuery(db, u"UPDATE change_sequence SET last_seq = last_seq WHERE id = 1"_s, {},
                               u"locking the change log"_s);
        if (!locked) {
            rollback(db);
            return locked.error();
        }
    }
    return {};
}

Result<void> Database::commit(QSqlDatabase &db) const
{
    if (auto done = runQuery(db, u"COMMIT"_s, {}, u"committing"_s); !done) {
        rollback(db);
        return done.error();
    }
    if (m_engine == Engine::Sqlite)
        WriteTurn::release();
    return {};
}

void Database::rollback(QSqlDatabase &db) const
{
    QSqlQuery query(db);
    query.exec(u"ROLLBACK"_s);
    if (m_engine == Engine::Sqlite)
        WriteTurn::release();
}

} // namespace doorstep::server
