// The server's connections on SQLite, or on a fresh PostgreSQL database when
// DOORSTEP_TEST_DATABASE is set (scripts/with-postgres): a connection that was closed is opened
// again with the same settings as a new one, so that no thread goes on with SQLite's defaults
// (foreign keys not enforced, a 2 MiB page cache) after its connection was reopened.
#include "sync/server/database.h"
#include "tests/support/serverprocess.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace doorstep::server;

class TestDatabase : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_database;

    // The settings Database gives each connection, as the connection reports them.
    static QStringList settingsOf(QSqlDatabase &db, Database::Engine engine)
    {
        const QStringList reads = engine == Database::Engine::Sqlite
                                      ? QStringList{u"PRAGMA foreign_keys"_s, u"PRAGMA synchronous"_s,
                                                    u"PRAGMA cache_size"_s, u"PRAGMA journal_mode"_s}
                                      : QStringList{u"SHOW client_min_messages"_s};
        QStringList values;
        for (const QString &sql : reads) {
            QSqlQuery query(db);
            values.append(query.exec(sql) && query.next() ? query.value(0).toString() : u"(not read)"_s);
        }
        return values;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString url = doorstep::test::freshTestDatabaseUrl();
        QCOMPARE(url.isEmpty(), qEnvironmentVariableIsEmpty("DOORSTEP_TEST_DATABASE"));
        m_database = Database::fromUrl(url, m_dir->path()).value();
        QVERIFY(m_database->migrate().ok());
    }

    void cleanup()
    {
        Database::releaseThreadConnections();
        m_database.reset();
        m_dir.reset();
    }

    void reopenedConnectionHasTheSettingsOfANewOne()
    {
        const Database::Engine engine = m_database->engine();
        auto first = m_database->connection();
        QVERIFY(first.ok());
        QSqlDatabase db = first.value();
        const QStringList fresh = settingsOf(db, engine);
        const QStringList expected = engine == Database::Engine::Sqlite
                                         ? QStringList{u"1"_s, u"2"_s, u"-16384"_s, u"wal"_s}
                                         : QStringList{u"warning"_s};
        QCOMPARE(fresh, expected);

        db.close();
        auto again = m_database->connection();
        QVERIFY(again.ok());
        QSqlDatabase reopened = again.value();
        QVERIFY(reopened.isOpen());
        QCOMPARE(reopened.connectionName(), db.connectionName()); // the thread's one connection
        QCOMPARE(settingsOf(reopened, engine), expected);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
