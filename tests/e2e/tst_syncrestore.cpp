// A device restored from an older backup of its own store: it has forgotten changes the server
// already holds (its own, made after the backup), its pull cursor and its change numbers are
// behind the server's. Nothing may be lost or applied twice: the forgotten records come back by
// pull, the changes made after the restore are taken although their numbers were used before,
// and a forgotten edit that a new edit overwrote is kept as a conflict. Runs on SQLite and, under
// the PostgreSQL label, on PostgreSQL.
#include "tests/support/syncok.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::SyncDevice;

namespace {

// Replaces every file of `to` by those of `from` (the store's folder is flat).
bool copyFiles(const QString &from, const QString &to)
{
    QDir target(to);
    if (!target.exists() && !QDir().mkpath(to))
        return false;
    for (const QString &name : target.entryList(QDir::Files | QDir::Hidden)) {
        if (!target.remove(name))
            return false;
    }
    const QDir source(from);
    for (const QString &name : source.entryList(QDir::Files | QDir::Hidden)) {
        if (!QFile::copy(source.filePath(name), target.filePath(name)))
            return false;
    }
    return true;
}

QSet<QString> childIds(SyncDevice &device)
{
    QSet<QString> ids;
    for (const Child &child : device.store().caseload().children)
        ids.insert(child.id);
    return ids;
}

bool rename(SyncDevice &device, const QString &childId, const QString &name)
{
    Result<Child> child = device.store().child(childId);
    if (!child)
        return false;
    child.value().name = name;
    return device.store().saveChild(child.value()).ok();
}

} // namespace

class TestSyncRestore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aDeviceRestoredFromAnOlderBackupLosesNothing()
    {
        test::TwoDevices setup;
        QVERIFY2(setup.start(), qPrintable(setup.error));
        SyncDevice &tablet = setup.first;
        SyncDevice &other = setup.second;

        const QString familyId = setup.addFamily();
        QVERIFY(!familyId.isEmpty());
        const QString first = tablet.store().saveChild(test::testChild(familyId, u"Test Baby One"_s)).value();
        SYNC_OK(tablet);

        // The backup, taken with the app stopped.
        QTemporaryDir backup;
        tablet.close();
        QVERIFY(copyFiles(tablet.storeDir(), backup.path()));
        QVERIFY2(tablet.reopen(), qPrintable(tablet.error()));

        // Work after the backup, synced: the server holds it; the restore will forget it.
        const QString forgotten =
            tablet.store().saveChild(test::testChild(familyId, u"Test Baby Two"_s)).value();
        QVERIFY(rename(tablet, first, u"Test Baby One Before Restore"_s));
        SYNC_OK(tablet);

        tablet.close();
        QVERIFY(copyFiles(backup.path(), tablet.storeDir()));
        QVERIFY2(tablet.reopen(), qPrintable(tablet.error()));
        QVERIFY(!childIds(tablet).contains(forgotten));
        QCOMPARE(tablet.store().child(first).value().name, u"Test Baby One"_s);

        // New work on the restored device: its change numbers were used by the forgotten changes.
        const QString afterRestore =
            tablet.store().saveChild(test::testChild(familyId, u"Test Baby Three"_s)).value();
        QVERIFY(rename(tablet, first, u"Test Baby One After Restore"_s));
        SYNC_OK(tablet);
        QCOMPARE(tablet.store().pendingCount(), 0);
        QCOMPARE(tablet.store().unsentCount(), 0);

        // Both devices hold every child once, with the newest name.
        SYNC_OK(other);
        const QSet<QString> all{first, forgotten, afterRestore};
        for (SyncDevice *device : {&tablet, &other}) {
            QCOMPARE(childIds(*device), all);
            QCOMPARE(device->store().caseload().children.size(), all.size());
            QCOMPARE(device->store().child(first).value().name, u"Test Baby One After Restore"_s);
        }

        // The forgotten name was overwritten by an edit that never saw it: a conflict, listed on
        // the server and on both devices (on the restored one too: it no longer knows it wrote it).
        const auto listed = setup.server.admin({u"conflicts"_s});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray onServer = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(onServer.size(), 1);
        QCOMPARE(onServer.first()[u"losing"_s][u"value"_s].toString(), u"Test Baby One Before Restore"_s);
        QCOMPARE(onServer.first()[u"winning"_s][u"value"_s].toString(), u"Test Baby One After Restore"_s);
        for (SyncDevice *device : {&tablet, &other}) {
            const QList<store::Conflict> conflicts = device->store().conflicts();
            QCOMPARE(conflicts.size(), 1);
            QCOMPARE(conflicts.first().field, u"name"_s);
            QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby One Before Restore"_s);
        }

        // And the restored device goes on numbering and syncing normally.
        QVERIFY(rename(tablet, afterRestore, u"Test Baby Three Renamed"_s));
        SYNC_OK(tablet);
        SYNC_OK(other);
        QCOMPARE(other.store().child(afterRestore).value().name, u"Test Baby Three Renamed"_s);
    }
};

QTEST_GUILESS_MAIN(TestSyncRestore)
#include "tst_syncrestore.moc"
