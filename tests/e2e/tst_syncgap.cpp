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

Child childOf(const QString &familyId, const QString &name)
{
    Child child;
    child.familyId = familyId;
    child.name = name;
    child.dateOfBirth = QDate(2026, 11, 1);
    return child;
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
        ServerProcess server;
        QVERIFY2(server.databaseUrl().isEmpty(), "this test restores a SQLite file");
        const QString team = test::addTeam(server, u"Test Team"_s);
        const QString visitor = test::addUser(server, u"Test Visitor"_s, u"health_visitor"_s, team);
        QVERIFY2(server.start(), qPrintable(server.error()));
        const quint16 port = server.port();
        SyncDevice device, reader;
        for (SyncDevice *d : {&device, &reader}) {
            QVERIFY2(d->create(), qPrintable(d->error()));
            QVERIFY2(d->enrol(server, test::enrolmentCode(server, visitor)), qPrintable(d->error()));
        }

        Family family;
        family.teamId = team;
        family.practitionerId = visitor;
        family.label = u"Test Family One"_s;
        family.postcode = u"ZZ99 9ZZ"_s;
        const QString familyId = device.store().saveFamily(family).value();
        const QString first = device.store().saveChild(childOf(familyId, u"Test Baby One"_s)).value();
        QVERIFY(device.sync().ok); // changes 1 and 2

        QCOMPARE(server.stop(), 0);
        QVERIFY(copyDatabase(server.dataDir(), backup.path()));
        QVERIFY(server.start(port));
        const QString second = device.store().saveChild(childOf(familyId, u"Test Baby Two"_s)).value();
        QVERIFY(device.sync().ok); // change 3, acknowledged, then lost with the restore

        QCOMPARE(server.stop(), 0);
        QVERIFY(copyDatabase(backup.path(), server.dataDir()));
        QVERIFY(server.start(port));
        const QString third = device.store().saveChild(childOf(familyId, u"Test Baby Three"_s)).value();
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
