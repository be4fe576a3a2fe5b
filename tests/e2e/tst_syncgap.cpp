// A sequence gap end to end: the server is restored from a copy older than changes it had
// acknowledged; the device's next push is answered with a gap, the device requeues from the
// number the server expects and sends again, and nothing is lost. SQLite only: the restore is a
// copy of the server's database file.
#include "tests/support/syncdevice.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::ServerProcess;
using doorstep::test::SyncDevice;

namespace {

// Copies the server's database files (server.db and any -wal/-shm) from one folder to another,
// removing those of `to` first.
bool copyDatabase(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QStringList names{u"server.db"_s, u"server.db-wal"_s, u"server.db-shm"_s};
    for (const QString &name : names)
        QFile::remove(QDir(to).filePath(name));
    for (const QString &name : names) {
        const QString source = QDir(from).filePath(name);
        if (QFile::exists(source) && !QFile::copy(source, QDir(to).filePath(name)))
            return false;
    }
    return true;
}

} // namespace

class TestSyncGap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void serverRestoredFromAnOlderCopyGetsTheLostChangesAgain()
    {
        QTemporaryDir backup;
        test::TwoDevices setup;
        ServerProcess &server = setup.server;
        QVERIFY2(server.databaseUrl().isEmpty(), "this test restores a SQLite file");
        QVERIFY2(setup.start(), qPrintable(setup.error));
        const quint16 port = server.port();
        SyncDevice &device = setup.first;
        SyncDevice &reader = setup.second;

        const QString familyId = setup.addFamily();
        const QString first = device.store().saveChild(test::testChild(familyId, u"Test Baby One"_s)).value();
        QVERIFY(device.sync().ok); // changes 1 and 2

        QCOMPARE(server.stop(), 0);
        QVERIFY(copyDatabase(server.dataDir(), backup.path()));
        QVERIFY(server.start(port));
        const QString second =
            device.store().saveChild(test::testChild(familyId, u"Test Baby Two"_s)).value();
        QVERIFY(device.sync().ok); // change 3, acknowledged, then lost with the restore

        QCOMPARE(server.stop(), 0);
        QVERIFY(copyDatabase(backup.path(), server.dataDir()));
        QVERIFY(server.start(port));
        const QString third =
            device.store().saveChild(test::testChild(familyId, u"Test Baby Three"_s)).value();
        const auto run = device.sync();
        QVERIFY2(run.ok, qPrintable(run.errorCode + u' ' + run.message));
        QCOMPARE(run.pushed, 2); // change 3 again, then 4
        QCOMPARE(device.store().pendingCount(), 0);

        const auto pulled = reader.sync();
        QVERIFY(pulled.ok);
        QCOMPARE(pulled.pulled, 4);
        QSet<QString> held;
        for (const Child &child : reader.store().caseload().children)
            held.insert(child.id);
        QCOMPARE(held, (QSet<QString>{first, second, third}));
    }
};

QTEST_GUILESS_MAIN(TestSyncGap)
#include "tst_syncgap.moc"
