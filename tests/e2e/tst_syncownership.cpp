// Who holds a family, end to end with the real server process. Revocation: a revoked device with
// unsent changes hands them in, is told it is revoked, and crypto-shreds its store with nothing
// lost. Reassignment: an administrator moves a family to another practitioner; the old device's
// unsent change to it still reaches the server, then the old device drops the family, and the new
// practitioner's device pulls its whole history. Runs on SQLite and, under
// scripts/with-postgres, on PostgreSQL.
#include "tests/support/syncdevice.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::ServerProcess;
using doorstep::test::SyncDevice;

namespace {

QSet<QString> childIds(store::Store &store)
{
    QSet<QString> ids;
    for (const Child &child : store.caseload().children)
        ids.insert(child.id);
    return ids;
}

} // namespace

class TestSyncOwnership : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void revokedDeviceHandsInItsChangesThenShreds()
    {
        test::TwoDevices setup;
        QVERIFY2(setup.start(), qPrintable(setup.error));
        ServerProcess &server = setup.server;
        SyncDevice &device = setup.first;
        SyncDevice &reader = setup.second;
        const QString familyId = setup.addFamily();
        QSet<QString> children{
            device.store().saveChild(test::testChild(familyId, u"Test Baby One"_s)).value()};
        QVERIFY(device.sync().ok);
        // Recorded offline, not sent yet.
        for (const QString &name : {u"Test Baby Two"_s, u"Test Baby Three"_s, u"Test Baby Four"_s})
            children.insert(device.store().saveChild(test::testChild(familyId, name)).value());
        QCOMPARE(device.store().pendingCount(), 3);

        QCOMPARE(server.admin({u"revoke"_s, u"--device"_s, device.store().deviceId()}).exitCode, 0);
        QSignalSpy revoked(&device.client(), &sync::SyncClient::deviceRevoked);
        const auto run = device.sync();
        QVERIFY(run.finished);
        QVERIFY(!run.ok);
        QCOMPARE(run.errorCode, u"revoked"_s);
        QCOMPARE(run.pushed, 3); // handed in first
        QCOMPARE(revoked.size(), 1);
        QCOMPARE(device.client().state(), sync::SyncClient::State::Revoked);
        QCOMPARE(device.store().pendingCount(), 0);

        // Nothing unsent is left, so the shred needs no force and destroys nothing unsent.
        const QString profile = device.store().profileDir();
        const auto shredded = device.shred(false);
        QVERIFY2(shredded.ok(), qPrintable(shredded.ok() ? QString() : shredded.error().message));
        QCOMPARE(shredded.value(), 0);
        QVERIFY(!store::Store::exists(profile));

        const auto pulled = reader.sync();
        QVERIFY(pulled.ok);
        QCOMPARE(childIds(reader.store()), children);
    }

    void reassignedFamilyMovesBetweenDevices()
    {
        ServerProcess server;
        const QString team = test::addTeam(server, u"Test Team"_s);
        const QString first = test::addUser(server, u"Test Visitor One"_s, u"health_visitor"_s, team);
        const QString second = test::addUser(server, u"Test Visitor Two"_s, u"health_visitor"_s, team);
        QVERIFY2(server.start(), qPrintable(server.error()));
        SyncDevice oldDevice, newDevice;
        QVERIFY(oldDevice.create() && newDevice.create());
        QVERIFY2(oldDevice.enrol(server, test::enrolmentCode(server, first)), qPrintable(oldDevice.error()));
        QVERIFY2(newDevice.enrol(server, test::enrolmentCode(server, second)), qPrintable(newDevice.error()));

        // The first visitor's family, with a child and a visit; a second family stays with them.
        const QString familyId = oldDevice.store().saveFamily(test::testFamily(first, team)).value();
        const QString childId =
            oldDevice.store().saveChild(test::testChild(familyId, u"Test Baby One"_s)).value();
        Visit visit;
        visit.familyId = familyId;
        visit.practitionerId = first;
        visit.practitionerRole = Role::HealthVisitor;
        visit.occurredAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
        visit.contactType = ContactType::FaceToFaceHome;
        visit.outcome = Outcome::Completed;
        visit.children = {VisitChild{childId, true, false}};
        visit.signedOffAt = visit.occurredAt.addSecs(1800);
        const auto visitId = oldDevice.store().recordVisit(visit);
        QVERIFY2(visitId.ok(), qPrintable(visitId.ok() ? QString() : visitId.error().message));
        const QString keptFamily = oldDevice.store().saveFamily(test::testFamily(first, team)).value();
        QVERIFY(oldDevice.sync().ok);
        QVERIFY(newDevice.sync().ok);
        QVERIFY(newDevice.store().caseload().families.isEmpty());

        // Offline, the old device corrects the child's name; then the family is reassigned.
        Child renamed = oldDevice.store().child(childId).value();
        renamed.name = u"Test Baby Renamed"_s;
        QVERIFY(oldDevice.store().saveChild(renamed).ok());
        const auto moved =
            server.admin({u"reassign"_s, u"--family"_s, familyId, u"--practitioner"_s, second});
        QVERIFY2(moved.exitCode == 0, moved.err.constData());

        // The old device hands in its change, then drops the family (and keeps the other).
        const auto oldRun = oldDevice.sync();
        QVERIFY2(oldRun.ok, qPrintable(oldRun.errorCode + u' ' + oldRun.message));
        QCOMPARE(oldRun.pushed, 1);
        QCOMPARE(oldRun.rejected, 0);
        QCOMPARE(oldDevice.store().pendingCount(), 0);
        QCOMPARE(oldDevice.store().child(childId).error().code, store::Store::NotFound);
        QCOMPARE(oldDevice.store().family(familyId).error().code, store::Store::NotFound);
        QCOMPARE(oldDevice.store().visit(visitId.value()).error().code, store::Store::NotFound);
        QVERIFY(oldDevice.store().family(keptFamily).ok());

        // The new device pulls the family's whole history, the late change included.
        const auto newRun = newDevice.sync();
        QVERIFY2(newRun.ok, qPrintable(newRun.errorCode + u' ' + newRun.message));
        QCOMPARE(newDevice.store().family(familyId).value().practitionerId, second);
        QCOMPARE(newDevice.store().child(childId).value().name, u"Test Baby Renamed"_s);
        QVERIFY(newDevice.store().visit(visitId.value()).ok());
        QCOMPARE(newDevice.store().family(keptFamily).error().code, store::Store::NotFound);

        // It is the new practitioner's to edit now; the old device's next pull changes nothing.
        Child again = newDevice.store().child(childId).value();
        again.name = u"Test Baby Settled"_s;
        QVERIFY(newDevice.store().saveChild(again).ok());
        const auto edited = newDevice.sync();
        QVERIFY(edited.ok);
        QCOMPARE(edited.rejected, 0);
        QVERIFY(oldDevice.sync().ok);
        QCOMPARE(oldDevice.store().child(childId).error().code, store::Store::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSyncOwnership)
#include "tst_syncownership.moc"
