// Field-by-field merge end to end: two devices of one health visitor hold the same child, both
// edit it offline (different fields, and the same field), both sync through the real server
// process, and both converge on the same record with the losing value kept as a conflict on each
// device and on the server (`doorstep-server admin conflicts`). Runs on SQLite and, under
// scripts/with-postgres, on PostgreSQL.
#include "tests/support/syncok.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::SyncDevice;

namespace {} // namespace

class TestSyncConflicts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void offlineEditsOfOneChildConvergeWithTheConflictKept()
    {
        test::TwoDevices setup;
        QVERIFY2(setup.start(), qPrintable(setup.error));
        SyncDevice &tablet = setup.first;
        SyncDevice &phone = setup.second;
        const QString familyId = setup.addFamily();
        QVERIFY(!familyId.isEmpty());
        const QString childId =
            tablet.store().saveChild(test::testChild(familyId, u"Test Baby One"_s)).value();
        SYNC_OK(tablet);
        SYNC_OK(phone);
        QCOMPARE(phone.store().child(childId).value().name, u"Test Baby One"_s);

        // Offline: the tablet renames the child and corrects the date of birth; the phone
        // renames the child too and adds the NHS number. Neither has seen the other's edit.
        Child onTablet = tablet.store().child(childId).value();
        onTablet.name = u"Test Baby Tablet"_s;
        onTablet.dateOfBirth = QDate(2026, 10, 30);
        QVERIFY(tablet.store().saveChild(onTablet).ok());
        Child onPhone = phone.store().child(childId).value();
        onPhone.name = u"Test Baby Phone"_s;
        onPhone.nhsNumber = u"9434765919"_s;
        QVERIFY(phone.store().saveChild(onPhone).ok());
        // The later clock time wins the name (the device id breaks a tie of the same millisecond).
        const QString tabletHlc = tablet.store().pendingChanges(10).constLast().hlc;
        const QString phoneHlc = phone.store().pendingChanges(10).constLast().hlc;
        const bool phoneWins = phoneHlc > tabletHlc;
        SyncDevice &winner = phoneWins ? phone : tablet;
        SyncDevice &loser = phoneWins ? tablet : phone;
        const QString winningName = phoneWins ? onPhone.name : onTablet.name;
        const QString losingName = phoneWins ? onTablet.name : onPhone.name;

        SYNC_OK(tablet);
        SYNC_OK(phone);
        SYNC_OK(tablet);

        // Both hold the same record: the later name, the tablet's date, the phone's number.
        for (SyncDevice *device : {&tablet, &phone}) {
            const Child merged = device->store().child(childId).value();
            QCOMPARE(merged.name, winningName);
            QCOMPARE(merged.dateOfBirth, QDate(2026, 10, 30));
            QCOMPARE(merged.nhsNumber, u"9434765919"_s);

            // The other name lost and is kept, beside the winner, on both devices.
            const QList<store::Conflict> conflicts = device->store().conflicts();
            QCOMPARE(conflicts.size(), 1);
            QCOMPARE(device->store().conflictCount(), 1);
            const store::Conflict &conflict = conflicts.first();
            QCOMPARE(conflict.entity, Entity::Child);
            QCOMPARE(conflict.entityId, childId);
            QCOMPARE(conflict.familyId, familyId);
            QCOMPARE(conflict.field, u"name"_s);
            QCOMPARE(conflict.losingValue.toString(), losingName);
            QCOMPARE(conflict.losingDeviceId, loser.store().deviceId());
            QCOMPARE(conflict.losingHlc, phoneWins ? tabletHlc : phoneHlc);
            QCOMPARE(conflict.winningValue.toString(), winningName);
            QCOMPARE(conflict.winningDeviceId, winner.store().deviceId());
            QCOMPARE(conflict.winningHlc, phoneWins ? phoneHlc : tabletHlc);
            QVERIFY(conflict.losingHlc < conflict.winningHlc);
        }

        // The server kept the same conflict.
        const auto listed = setup.server.admin({u"conflicts"_s});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray onServer = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(onServer.size(), 1);
        const QJsonObject kept = onServer.first().toObject();
        QCOMPARE(kept.value(u"entityId"_s).toString(), childId);
        QCOMPARE(kept.value(u"field"_s).toString(), u"name"_s);
        QCOMPARE(kept.value(u"losing"_s)[u"value"_s].toString(), losingName);
        QCOMPARE(kept.value(u"losing"_s)[u"deviceId"_s].toString(), loser.store().deviceId());
        QCOMPARE(kept.value(u"winning"_s)[u"value"_s].toString(), winningName);
        QCOMPARE(kept.value(u"winning"_s)[u"deviceId"_s].toString(), winner.store().deviceId());
        QCOMPARE(kept.value(u"losing"_s)[u"hlc"_s].toString(), tablet.store().conflicts().first().losingHlc);

        // Reviewing it on a device takes it off that device's list, and only that one.
        const qint64 id = tablet.store().conflicts().first().id;
        QVERIFY(tablet.store().markConflictReviewed(id).ok());
        QCOMPARE(tablet.store().conflictCount(), 0);
        QCOMPARE(tablet.store().conflicts(true).size(), 1);
        QVERIFY(tablet.store().conflicts(true).first().reviewedAt.isValid());
        QCOMPARE(phone.store().conflictCount(), 1);
        QCOMPARE(tablet.store().markConflictReviewed(id + 100).error().code, store::Store::NotFound);

        // A later edit made after seeing the winner replaces it without a new conflict.
        Child again = tablet.store().child(childId).value();
        again.name = u"Test Baby Settled"_s;
        QVERIFY(tablet.store().saveChild(again).ok());
        SYNC_OK(tablet);
        SYNC_OK(phone);
        QCOMPARE(phone.store().child(childId).value().name, u"Test Baby Settled"_s);
        QCOMPARE(phone.store().conflictCount(), 1);
        QCOMPARE(QJsonDocument::fromJson(setup.server.admin({u"conflicts"_s}).out).array().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSyncConflicts)
#include "tst_syncconflicts.moc"
