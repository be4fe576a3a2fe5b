// Kill the store's process in the middle of writing, many times: on reopen every save that was
// acknowledged is there, the file is sound, and every record still has its outbox change and
// its audit entry (they were written in the same transaction). And a store used from the wrong
// thread stops its process before it writes.
#include "storefixtures.h"

#include "app/store/sqlitedatabase.h"
#include "app/store/storetesting.h"

#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;

class TestCrashSafety : public QObject
{
    Q_OBJECT

private:
    static qint64 count(SqliteDatabase &db, const QString &sql)
    {
        const Result<qint64> n = db.queryInteger(sql);
        return n ? n.value() : -1;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void acknowledgedSavesSurviveSigkill()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("profile"));
        {
            auto created = Store::create(profile, fixtures::pin);
            QVERIFY(created.ok());
        }
        QSet<QString> acknowledged;
        constexpr int rounds = 20;
        for (int round = 0; round < rounds; ++round) {
            QProcess writer;
            writer.setProgram(QStringLiteral(CRASHWRITER_PATH));
            writer.setArguments({profile});
            writer.start();
            QVERIFY(writer.waitForStarted());
            // Kill after a different number of acknowledged saves each round, so the kill lands
            // at different points of a transaction.
            const int killAfter = 1 + (round * 7) % 23;
            QByteArray output;
            while (output.count('\n') < killAfter) {
                if (writer.bytesAvailable() == 0 && !writer.waitForReadyRead(30'000))
                    QFAIL(qPrintable(QStringLiteral("the writer stopped writing: %1")
                                         .arg(QString::fromUtf8(writer.readAllStandardError()))));
                output += writer.readAllStandardOutput();
            }
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished(10'000));
            output += writer.readAllStandardOutput();
            // Only whole lines: a line cut short was not yet printed when the process died.
            const QList<QByteArray> lines = output.split('\n');
            for (qsizetype i = 0; i + 1 < lines.size(); ++i)
                acknowledged.insert(QString::fromLatin1(lines.at(i)));
        }
        QVERIFY(acknowledged.size() >= rounds);

        auto opened = Store::open(profile, fixtures::pin);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        const Caseload caseload = opened.value()->caseload();
        QSet<QString> stored;
        for (const Family &family : caseload.families)
            stored.insert(family.id);
        for (const QString &id : std::as_const(acknowledged))
            QVERIFY2(stored.contains(id),
                     qPrintable(QStringLiteral("acknowledged family %1 is missing").arg(id)));

        SqliteDatabase &db = StoreTesting::database(*opened.value());
        Result<SqliteStatement> check = db.prepare(QStringLiteral("PRAGMA integrity_check"));
        QVERIFY(check.ok());
        QVERIFY(check.value().step().ok());
        QCOMPARE(check.value().text(0), QStringLiteral("ok"));
        const qint64 families = count(db, QStringLiteral("SELECT count(*) FROM families"));
        QCOMPARE(families, qint64(stored.size()));
        // Every record has its change and its audit entry, and nothing else was left behind.
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM outbox")), families);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM families f WHERE EXISTS "
                                          "(SELECT 1 FROM outbox o WHERE o.entity_id = f.id)")),
                 families);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM audit")), families);
        QCOMPARE(opened.value()->pendingCount(), int(families));
        // The store still takes writes after all that.
        QVERIFY(opened.value()->saveFamily(fixtures::family()).ok());
    }

    // The store's connection has no mutex of its own (sqlitedatabase.h): a save from a thread
    // other than the one that opened the store stops the process before it writes anything.
    void useFromAnotherThreadStopsBeforeWriting()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("profile"));
        {
            auto created = Store::create(profile, fixtures::pin);
            QVERIFY(created.ok());
        }
        QProcess writer;
        writer.start(QStringLiteral(CRASHWRITER_PATH), {profile, QStringLiteral("--from-another-thread")});
        QVERIFY(writer.waitForFinished(30'000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        QCOMPARE(writer.readAllStandardOutput(), QByteArray());
        QVERIFY(
            writer.readAllStandardError().contains("used from a thread other than the one that opened it"));

        auto opened = Store::open(profile, fixtures::pin);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        QVERIFY(opened.value()->caseload().families.isEmpty());
        QCOMPARE(opened.value()->pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
