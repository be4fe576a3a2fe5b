// The app's services without QML: the session's states from "not enrolled" to unlocked and back,
// with the store worker on its own thread, a real store in a temporary folder and a pinned clock.
#include "app/appservices.h"
#include "app/caseloadmodel.h"
#include "app/childrecordcontroller.h"
#include "app/daywatcher.h"
#include "app/idlelock.h"
#include "app/sessioncontroller.h"
#include "app/store/store.h"
#include "app/storeworker.h"
#include "app/syncstatus.h"
#include "app/visiteditor.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

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

// A loopback port free a moment ago: connections to it are refused.
quint16 unusedLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// A store with one newborn, 12 days old, with no visit; serverUrl: where it syncs (none: nowhere).
void makeStore(const QString &profileDir, const QString &serverUrl = {})
{
    auto created = Store::create(profileDir, TestPin, pinnedClock());
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
    Store &store = *created.value();
    doorstep::store::DeviceIdentity identity;
    identity.userId = u"test-user-1"_s;
    identity.userName = u"Test Practitioner"_s;
    identity.role = doorstep::Role::Midwife;
    identity.teamId = u"test-team-1"_s;
    identity.serverUrl = serverUrl;
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

// A clock the test moves by hand; starts at 10:00 on 25 Nov 2026 in London.
struct ManualClock
{
    std::shared_ptr<QDateTime> now = std::make_shared<QDateTime>(
        QDateTime(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Europe/London")).toUTC());
    Store::Clock clock() const
    {
        return [now = now] {
            return *now;
        };
    }
    void advanceSecs(qint64 secs) { *now = now->addSecs(secs); }
};

bool unlockWith(SessionController *session, const QByteArray &pin)
{
    session->unlock(QString::fromLatin1(pin));
    return QTest::qWaitFor([session] { return session->state() != SessionController::Unlocking; }, 20000);
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

    // A sync that finds no server pulls nothing, so the rows stay as they are: an offline device
    // retrying on its timer does not read the caseload and rebuild every row on each try.
    void aSyncThatFindsNoServerKeepsTheRows()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        const quint16 port = unusedLoopbackPort();
        QVERIFY(port != 0);
        makeStore(profileDir, u"http://127.0.0.1:%1"_s.arg(port));
        if (QTest::currentTestFailed())
            return;
        AppServices services(profileDir, pinnedClock());
        // Direct: counted on the worker's thread as each is sent, before the snapshot that follows.
        QSignalSpy loaded(services.worker(), &doorstep::app::StoreWorker::caseloadLoaded);
        QVERIFY(unlockWith(services.session(), TestPin));
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
        // The first run starts at unlock and ends offline with the reason in the snapshot.
        QTRY_VERIFY_WITH_TIMEOUT(!services.syncStatus()->errorString().isEmpty(), 20000);
        QCOMPARE(services.syncStatus()->state(), SyncStatus::Offline);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(services.caseload()->count(), 1);
        QVERIFY(services.syncStatus()->pendingCount() > 0);
    }

    void idleTimeoutLocksTheSession()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        ManualClock clock;
        AppServices services(profileDir, clock.clock());
        SessionController *session = services.session();
        QVERIFY(!services.idleLock()->isRunning());
        QVERIFY(unlockWith(session, TestPin));
        QCOMPARE(session->state(), SessionController::Unlocked);
        QVERIFY(services.idleLock()->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);

        clock.advanceSecs(4 * 60);
        services.idleLock()->check();
        QCOMPARE(session->state(), SessionController::Unlocked);
        clock.advanceSecs(60);
        services.idleLock()->check();
        QCOMPARE(session->state(), SessionController::Locked);
        QCOMPARE(services.caseload()->count(), 0);
        QVERIFY(!services.idleLock()->isRunning());
    }

    void midnightRefreshesTheCaseload()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        ManualClock clock;
        AppServices services(profileDir, clock.clock());
        QVERIFY(unlockWith(services.session(), TestPin));
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
        const QModelIndex first = services.caseload()->index(0);
        QCOMPARE(first.data(doorstep::app::CaseloadModel::AgeTextRole).toString(), u"12 days old"_s);
        QCOMPARE(first.data(doorstep::app::CaseloadModel::FlagSeverityRole).toString(), u"amber"_s);

        // 00:00:01 on 28 Nov: 15 days old, and the new birth visit is now overdue (red).
        clock.advanceSecs(2 * 86400 + 14 * 3600 + 1);
        services.dayWatcher()->check();
        QTRY_COMPARE(services.caseload()->index(0).data(doorstep::app::CaseloadModel::AgeTextRole).toString(),
                     u"15 days old"_s);
        QCOMPARE(
            services.caseload()->index(0).data(doorstep::app::CaseloadModel::FlagSeverityRole).toString(),
            u"red"_s);
    }

    void backoffCountsDownAndSurvivesRestart()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        ManualClock clock;
        {
            AppServices services(profileDir, clock.clock());
            SessionController *session = services.session();
            QCOMPARE(session->retryInSeconds(), 0);
            QVERIFY(session->retryText().isEmpty());
            // Two wrong PINs cost nothing; the third starts a 1-second wait, the fourth 2 seconds.
            for (int i = 0; i < 2; ++i) {
                QVERIFY(unlockWith(session, "135792"));
                QCOMPARE(session->retryInSeconds(), 0);
            }
            QSignalSpy retry(session, &SessionController::retryChanged);
            QVERIFY(unlockWith(session, "135792"));
            QCOMPARE(session->state(), SessionController::Locked);
            QCOMPARE(session->retryInSeconds(), 1);
            QCOMPARE(session->retryText(), u"You can try again in 1 second."_s);
            QCOMPARE(retry.count(), 1);

            // The right PIN is not even tried while the wait runs: it would count as a failure.
            session->unlock(QString::fromLatin1(TestPin));
            QCOMPARE(session->state(), SessionController::Locked);
            QCOMPARE(session->errorString(), u"Too many wrong PINs."_s);

            clock.advanceSecs(1);
            QTRY_COMPARE(session->retryInSeconds(), 0);
            QVERIFY(session->retryText().isEmpty());
            QVERIFY(unlockWith(session, "135792"));
            QCOMPARE(session->retryInSeconds(), 2);
            QCOMPARE(session->retryText(), u"You can try again in 2 seconds."_s);
            clock.advanceSecs(1);
            QTRY_COMPARE(session->retryInSeconds(), 1);
        }
        // A restart does not reset the wait.
        AppServices restarted(profileDir, clock.clock());
        SessionController *session = restarted.session();
        QTRY_COMPARE(session->retryInSeconds(), 1);
        clock.advanceSecs(1);
        QTRY_COMPARE(session->retryInSeconds(), 0);
        QVERIFY(session->retryText().isEmpty());
        QVERIFY(unlockWith(session, TestPin));
        QCOMPARE(session->state(), SessionController::Unlocked);
    }

    void durationInWords()
    {
        QCOMPARE(SessionController::durationText(1), u"1 second"_s);
        QCOMPARE(SessionController::durationText(59), u"59 seconds"_s);
        QCOMPARE(SessionController::durationText(60), u"1 minute"_s);
        QCOMPARE(SessionController::durationText(64), u"1 minute 4 seconds"_s);
        QCOMPARE(SessionController::durationText(3600), u"60 minutes"_s);
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

    void visitDraftSurvivesTheAppClosingAndGoesOnSignOff()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        QString childId;
        {
            AppServices services(profileDir, pinnedClock());
            QVERIFY(unlockWith(services.session(), TestPin));
            QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
            childId =
                services.caseload()->index(0).data(doorstep::app::CaseloadModel::ChildIdRole).toString();
            doorstep::app::VisitEditor *editor = services.visitEditor();
            editor->open(childId);
            editor->setContactType(u"face_to_face_home"_s);
            editor->setSeen(true);
            // Saved by the debounce on its own...
            QVERIFY(editor->isDraftSavePending());
            QTRY_VERIFY(!editor->isDraftSavePending());
            // ...and the last change, the app closed before the debounce ran out, on the way out.
            editor->setObservations(u"Test draft: typed before the app closed."_s);
            QVERIFY(editor->isDraftSavePending());
        }
        {
            AppServices services(profileDir, pinnedClock());
            doorstep::app::VisitEditor *editor = services.visitEditor();
            QVERIFY(!editor->isActive());
            QVERIFY(unlockWith(services.session(), TestPin));
            QTRY_VERIFY_WITH_TIMEOUT(editor->isActive(), 20000);
            QCOMPARE(editor->childId(), childId);
            QCOMPARE(editor->childName(), u"Test Baby One"_s);
            QCOMPARE(editor->contactType(), u"face_to_face_home"_s);
            QVERIFY(editor->seen());
            QCOMPARE(editor->observations(), u"Test draft: typed before the app closed."_s);
            QTRY_VERIFY(services.childRecord()->isActive());
            QCOMPARE(services.childRecord()->childId(), childId);

            // Edited after the restore and left to the debounce, then signed off.
            QSignalSpy saved(editor, &doorstep::app::VisitEditor::saved);
            editor->setOutcome(u"completed"_s);
            editor->setPresentation(u"Test: settled, feeding well."_s);
            editor->save();
            QVERIFY(saved.wait(20000));
            QVERIFY(!editor->isActive());
        }
        AppServices services(profileDir, pinnedClock());
        QSignalSpy loaded(services.worker(), &doorstep::app::StoreWorker::draftLoaded);
        QVERIFY(unlockWith(services.session(), TestPin));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        QCOMPARE(loaded.first().at(1).toBool(), false); // signing off discarded the draft
        QVERIFY(!services.visitEditor()->isActive());
    }

    void cancelledVisitLeavesNoDraft()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        {
            AppServices services(profileDir, pinnedClock());
            QVERIFY(unlockWith(services.session(), TestPin));
            QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
            doorstep::app::VisitEditor *editor = services.visitEditor();
            editor->open(
                services.caseload()->index(0).data(doorstep::app::CaseloadModel::ChildIdRole).toString());
            editor->setObservations(u"Test: typed, then cancelled."_s);
            editor->flushDraft();
            editor->close();
        }
        AppServices services(profileDir, pinnedClock());
        QSignalSpy loaded(services.worker(), &doorstep::app::StoreWorker::draftLoaded);
        QVERIFY(unlockWith(services.session(), TestPin));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        QCOMPARE(loaded.first().at(1).toBool(), false);
        QVERIFY(!services.visitEditor()->isActive());
    }

    // A refused change about the household (here the family's own details) opens the page of a
    // child of that family, where the family is shown and corrected.
    void aRefusedHouseholdChangeOpensAChildOfTheFamily()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        QString childId;
        {
            auto opened = Store::open(profileDir, TestPin, pinnedClock());
            QVERIFY(opened.ok());
            QString familyChange;
            for (const doorstep::store::OutboxEntry &entry : opened.value()->outbox()) {
                if (entry.change.entity == doorstep::Entity::Family)
                    familyChange = entry.change.changeId;
                else if (entry.change.entity == doorstep::Entity::Child)
                    childId = entry.change.entityId;
            }
            QVERIFY(!familyChange.isEmpty() && !childId.isEmpty());
            QVERIFY(opened.value()
                        ->markRejected(familyChange, u"forbidden"_s, u"Test reason: not your team."_s)
                        .ok());
        }
        AppServices services(profileDir, pinnedClock());
        QVERIFY(unlockWith(services.session(), TestPin));
        SyncStatus *status = services.syncStatus();
        QTRY_COMPARE_WITH_TIMEOUT(status->rejectedCount(), 1, 20000);
        const QModelIndex row = status->rejected()->index(0);
        QCOMPARE(row.data(doorstep::app::RejectedChangesModel::WhatRole).toString(), u"A family's details"_s);
        QCOMPARE(row.data(doorstep::app::RejectedChangesModel::ChildIdRole).toString(), childId);
    }

    // "Open" on a refused change asks for the child's page whatever is on show: the child already
    // open stays as it is, not reloaded (its page would lose its place and flicker).
    void openingTheChildAlreadyOpenKeepsItsRecord()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        AppServices services(profileDir, pinnedClock());
        QVERIFY(unlockWith(services.session(), TestPin));
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
        const QString childId =
            services.caseload()->index(0).data(doorstep::app::CaseloadModel::ChildIdRole).toString();
        doorstep::app::ChildRecordController *record = services.childRecord();
        record->open(childId);
        QTRY_VERIFY_WITH_TIMEOUT(!record->isLoading(), 20000);
        QCOMPARE(record->name(), u"Test Baby One"_s);

        QSignalSpy active(record, &doorstep::app::ChildRecordController::activeChanged);
        QSignalSpy changed(record, &doorstep::app::ChildRecordController::changed);
        QSignalSpy opened(record, &doorstep::app::ChildRecordController::opened);
        record->open(childId);
        QVERIFY(!record->isLoading());
        QCOMPARE(record->childId(), childId);
        QCOMPARE(record->name(), u"Test Baby One"_s);
        QCOMPARE(active.count(), 0);
        QCOMPARE(changed.count(), 0);
        // Still said, so that what covers the child's page gets out of its way.
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(0).toString(), childId);
    }

    void rejectedChangesShowWithTheServersReason()
    {
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(u"profile"_s);
        makeStore(profileDir);
        if (QTest::currentTestFailed())
            return;
        QString refusedChild;
        {
            auto opened = Store::open(profileDir, TestPin, pinnedClock());
            QVERIFY(opened.ok());
            const QList<doorstep::store::OutboxEntry> outbox = opened.value()->outbox();
            QVERIFY(outbox.size() >= 2);
            QStringList acknowledged;
            for (qsizetype i = 0; i + 1 < outbox.size(); ++i)
                acknowledged.append(outbox.at(i).change.changeId);
            QVERIFY(opened.value()->markAcknowledged(acknowledged).ok());
            QVERIFY(opened.value()
                        ->markRejected(outbox.last().change.changeId, u"invalid"_s,
                                       u"Test reason: the date of birth is after the visit."_s)
                        .ok());
            refusedChild = outbox.last().change.entityId;
        }
        AppServices services(profileDir, pinnedClock());
        QVERIFY(unlockWith(services.session(), TestPin));
        SyncStatus *status = services.syncStatus();
        QTRY_COMPARE_WITH_TIMEOUT(status->rejectedCount(), 1, 20000);
        QCOMPARE(status->pendingCount(), 0);
        QCOMPARE(status->rejectedText(), u"The server refused 1 change"_s);
        const QModelIndex row = status->rejected()->index(0);
        QCOMPARE(row.data(doorstep::app::RejectedChangesModel::ReasonRole).toString(),
                 u"Test reason: the date of birth is after the visit."_s);
        QCOMPARE(row.data(doorstep::app::RejectedChangesModel::WhatRole).toString(), u"A child's details"_s);
        QCOMPARE(row.data(doorstep::app::RejectedChangesModel::ChildIdRole).toString(), refusedChild);
        QVERIFY(status->state() != SyncStatus::AllSent);

        // Resent after correction: pending again (no server here, so it waits to be sent).
        const QString changeId = row.data(doorstep::app::RejectedChangesModel::ChangeIdRole).toString();
        QSignalSpy resent(status, &SyncStatus::resendFinished);
        status->resend(changeId);
        QTRY_COMPARE_WITH_TIMEOUT(resent.count(), 1, 20000);
        QCOMPARE(resent.first().at(0).toString(), changeId);
        QCOMPARE(resent.first().at(1).toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(status->rejectedCount(), 0, 20000);
        QCOMPARE(status->pendingCount(), 1);
        QCOMPARE(status->state(), SyncStatus::Offline);

        // A change that is not (or no longer) refused: said so, nothing changes.
        status->resend(changeId);
        QTRY_COMPARE_WITH_TIMEOUT(resent.count(), 2, 20000);
        QCOMPARE(resent.last().at(1).toBool(), false);
        QVERIFY(!resent.last().at(2).toString().isEmpty());
        QCOMPARE(status->pendingCount(), 1);
    }

    void allSentOnlyWhenTheOutboxIsEmpty()
    {
        QTemporaryDir dir;
        AppServices services(dir.filePath(u"profile"_s), pinnedClock());
        SyncStatus *status = services.syncStatus();
        doorstep::app::SyncSnapshot snapshot;
        snapshot.open = true;
        snapshot.hasServer = true;
        snapshot.rejected = {
            {u"c1"_s, u"e1"_s, u"test-child-1"_s, u"A visit"_s, u"Test reason"_s, u"invalid"_s}};
        Q_EMIT services.worker()->syncSnapshotChanged(snapshot);
        QCOMPARE(status->state(), SyncStatus::Rejected);
        QCOMPARE(status->stateText(), u"The server refused 1 change"_s);
        snapshot.pendingCount = 2;
        Q_EMIT services.worker()->syncSnapshotChanged(snapshot);
        QCOMPARE(status->state(), SyncStatus::Pending);
        QVERIFY(status->detailText().contains(u"refused"_s));
        snapshot.pendingCount = 0;
        snapshot.rejected.clear();
        Q_EMIT services.worker()->syncSnapshotChanged(snapshot);
        QCOMPARE(status->state(), SyncStatus::AllSent);
        QCOMPARE(status->rejected()->count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAppServices)
#include "tst_appservices.moc"
