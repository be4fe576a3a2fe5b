// The app's services without QML: the session's states from "not enrolled" to unlocked and back,
// with the store worker on its own thread, a real store in a temporary folder and a pinned clock.
#include "app/appservices.h"
#include "app/caseloadmodel.h"
#include "app/sessioncontroller.h"
#include "app/store/store.h"
#include "app/syncstatus.h"
#include "app/visiteditor.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using doorstep::app::AppServices;
using doorstep::app::SessionController;
using doorstep::app::SyncStatus;
using doorstep::store::Store;

namespace {

const QByteArray TestPin = "482916";

Store::Clock pinnedClock()
{
    const QDateTime at(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Europe/London"));
    return [at = at.toUTC()] {
        return at;
    };
}

// A store with one newborn, 12 days old, with no visit.
void makeStore(const QString &profileDir)
{
    auto created = Store::create(profileDir, TestPin, pinnedClock());
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
    Store &store = *created.value();
    doorstep::store::DeviceIdentity identity;
    identity.userId = u"test-user-1"_s;
    identity.userName = u"Test Practitioner"_s;
    identity.role = doorstep::Role::Midwife;
    identity.teamId = u"test-team-1"_s;
    QVERIFY(store.setIdentity(identity).ok());
    doorstep::Family family;
    family.teamId = identity.teamId;
    family.practitionerId = identity.userId;
    family.label = u"Test Family A"_s;
    auto familyId = store.saveFamily(family);
    QVERIFY(familyId.ok());
    doorstep::Child child;
    child.familyId = familyId.value();
    child.name = u"Test Baby One"_s;
    child.dateOfBirth = QDate(2026, 11, 13);
    QVERIFY(store.saveChild(child).ok());
}

} // namespace

class TestAppServices : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void notEnrolledUntilAStoreExists()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        AppServices services(profileDir, pinnedClock());
        SessionController *session = services.session();
        QCOMPARE(session->state(), SessionController::NotEnrolled);
        QVERIFY(session->enrolCommand().contains(profileDir));
        QVERIFY(session->enrolCommand().contains(u"enrol"_s));

        session->unlock(QString::fromLatin1(TestPin));
        QCOMPARE(session->state(), SessionController::NotEnrolled);

        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        session->checkEnrolment();
        QCOMPARE(session->state(), SessionController::Locked);
    }

    void unlockShowsCaseloadAndLockForgetsIt()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        AppServices services(profileDir, pinnedClock());
        SessionController *session = services.session();
        QCOMPARE(session->state(), SessionController::Locked);
        QCOMPARE(services.syncStatus()->state(), SyncStatus::Locked);

        session->unlock({});
        QCOMPARE(session->state(), SessionController::Locked);
        QVERIFY(!session->errorString().isEmpty());

        session->unlock(u"135792"_s);
        QCOMPARE(session->state(), SessionController::Unlocking);
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionController::Locked, 20000);
        QVERIFY(!session->errorString().isEmpty());
        QCOMPARE(services.caseload()->count(), 0);

        session->unlock(QString::fromLatin1(TestPin));
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionController::Unlocked, 20000);
        QVERIFY(session->errorString().isEmpty());
        QCOMPARE(session->userName(), u"Test Practitioner"_s);
        QCOMPARE(session->roleText(), u"Midwife"_s);
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
        QCOMPARE(services.caseload()->count(), 1);
        const QModelIndex first = services.caseload()->index(0);
        QCOMPARE(first.data(doorstep::app::CaseloadModel::FlagSeverityRole).toString(), u"amber"_s);
        QTRY_COMPARE(services.syncStatus()->state(), SyncStatus::Offline);
        QVERIFY(services.syncStatus()->pendingCount() > 0);
        QVERIFY(!services.syncStatus()->canSync());

        services.visitEditor()->open(first.data(doorstep::app::CaseloadModel::ChildIdRole).toString());
        QVERIFY(services.visitEditor()->isActive());
        session->lock();
        QCOMPARE(session->state(), SessionController::Locked);
        QCOMPARE(services.caseload()->count(), 0);
        QVERIFY(!services.visitEditor()->isActive());
        QCOMPARE(services.syncStatus()->state(), SyncStatus::Locked);
    }

    void visitEditorOffersNoDidNotAttendForAChildAndMapsFields()
    {
        QTemporaryDir dir;
        AppServices services(dir.filePath(u"profile"_s), pinnedClock());
        const auto *outcomes = services.visitEditor()->outcomes();
        QVERIFY(outcomes->contains(u"was_not_brought"_s));
        QVERIFY(!outcomes->contains(u"did_not_attend"_s));
        QCOMPARE(outcomes->textFor(u"was_not_brought"_s), u"Was not brought"_s);
        QCOMPARE(services.visitEditor()->contactTypes()->count(), 4);

        using doorstep::app::VisitEditor;
        QCOMPARE(VisitEditor::formField(u"outcome"_s), u"outcome"_s);
        QCOMPARE(VisitEditor::formField(u"children"_s), u"seen"_s);
        QCOMPARE(VisitEditor::formField(u"words"_s), u"views"_s);
        QCOMPARE(VisitEditor::formField(u"contact_type"_s), u"contactType"_s);
        QCOMPARE(VisitEditor::formField(u"practitionerId"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestAppServices)
#include "tst_appservices.moc"
