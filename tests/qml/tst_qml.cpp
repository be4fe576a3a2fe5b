// Qt Quick Test for the app's pages. For each tst_*.qml file the setup builds a real encrypted
// store in a temporary folder (one health visitor's caseload with synthetic children), then the
// real AppServices over it with "today" pinned to 25 Nov 2026, as main() would.
#include "app/appservices.h"
#include "app/store/store.h"
#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using doorstep::store::Store;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

namespace {

const QByteArray TestPin = "482916";

// Today is 25 Nov 2026 in London; time still passes from 10:00 so back-off and ordering work.
Store::Clock pinnedClock()
{
    const QDateTime start(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Europe/London"));
    QElapsedTimer elapsed;
    elapsed.start();
    return [start = start.toUTC(), elapsed] {
        return start.addMSecs(elapsed.elapsed());
    };
}

template<typename T> T mustSucceed(doorstep::Result<T> result, const char *what)
{
    if (!result)
        qFatal("fixture: %s failed: %s %s", what, qPrintable(result.error().code),
               qPrintable(result.error().message));
    return std::move(result).value();
}

void mustSucceed(doorstep::Result<void> result, const char *what)
{
    if (!result)
        qFatal("fixture: %s failed: %s %s", what, qPrintable(result.error().code),
               qPrintable(result.error().message));
}

// A loopback port free a moment ago: connections to it are refused.
quint16 unusedLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("fixture: no free loopback port");
    return probe.serverPort();
}

// A health visitor's caseload: a newborn 12 days old with no visit yet (amber: the new birth
// visit is due on days 10 to 14), a newborn 20 days old with none (red), an older child, and an
// older child whose family has a history (see below).
void makeFixtureStore(const QString &profileDir, const Store::Clock &clock)
{
    auto store = mustSucceed(Store::create(profileDir, TestPin, clock), "create store");
    doorstep::store::DeviceIdentity identity;
    identity.deviceId = store->deviceId();
    identity.userId = u"test-user-1"_s;
    identity.userName = u"Test Practitioner"_s;
    // DOORSTEP_TEST_ROLE=supervisor: the same records on a supervisor's device (the team's).
    identity.role = qEnvironmentVariable("DOORSTEP_TEST_ROLE") == u"supervisor"_s
                        ? doorstep::Role::Supervisor
                        : doorstep::Role::HealthVisitor;
    identity.teamId = u"test-team-1"_s;
    // DOORSTEP_TEST_SERVER=unreachable: a server is set up but cannot be reached (a loopback port
    // nobody listens on), so "Sync now" starts runs that end offline at once.
    if (qEnvironmentVariable("DOORSTEP_TEST_SERVER") == u"unreachable"_s)
        identity.serverUrl = u"http://127.0.0.1:%1"_s.arg(unusedLoopbackPort());
    mustSucceed(store->setIdentity(identity), "set identity");

    const QDate today(2026, 11, 25);
    doorstep::Family familyA;
    familyA.teamId = identity.teamId;
    familyA.practitionerId = identity.userId;
    familyA.label = u"Test Family A"_s;
    familyA.postcode = u"ZZ99 1AA"_s;
    familyA.id = mustSucceed(store->saveFamily(familyA), "save family A");

    doorstep::Family familyB = familyA;
    familyB.id.clear();
    familyB.label = u"Test Family B"_s;
    familyB.postcode = u"ZZ99 2BB"_s;
    familyB.id = mustSucceed(store->saveFamily(familyB), "save family B");

    const auto addChild = [&](const QString &familyId, const QString &name, const QDate &born) {
        doorstep::Child child;
        child.familyId = familyId;
        child.name = name;
        child.dateOfBirth = born;
        mustSucceed(store->saveChild(child), "save child");
    };
    addChild(familyA.id, u"Test Baby One"_s, today.addDays(-12));
    addChild(familyB.id, u"Test Baby Two"_s, today.addDays(-20));
    addChild(familyB.id, u"Test Child Three"_s, QDate(2023, 3, 2));

    // A family with a history and nothing flagged: moved into the area, in care proceedings with
    // the mother offered an advocate, a carer with needs of their own, a visit with the child's
    // views, an alert and an amendment.
    doorstep::Family familyC = familyA;
    familyC.id.clear();
    familyC.label = u"Test Family C"_s;
    familyC.postcode = u"ZZ99 3CC"_s;
    familyC.movedInOn = QDate(2026, 9, 1);
    familyC.movedFrom = u"Test Town"_s;
    familyC.careProceedingsStartedOn = QDate(2026, 10, 1);
    familyC.carerHasCareAndSupportNeeds = true;
    familyC.carersSocialWorker = u"Test Social Worker"_s;
    familyC.id = mustSucceed(store->saveFamily(familyC), "save family C");
    doorstep::FamilyMember mother;
    mother.familyId = familyC.id;
    mother.name = u"Test Parent C"_s;
    mother.relationship = u"Mother"_s;
    mother.id = mustSucceed(store->saveFamilyMember(mother), "save member");
    doorstep::Child four;
    four.familyId = familyC.id;
    four.name = u"Test Child Four"_s;
    four.dateOfBirth = QDate(2022, 6, 10);
    four.id = mustSucceed(store->saveChild(four), "save child four");

    doorstep::AdvocateOffer offer;
    offer.familyId = familyC.id;
    offer.memberId = mother.id;
    offer.offeredOn = QDate(2026, 10, 3);
    offer.offeredBy = u"Test Practitioner"_s;
    offer.service = u"Test Advocacy Service"_s;
    offer.response = doorstep::AdvocateResponse::Accepted;
    mustSucceed(store->recordAdvocateOffer(offer), "record offer");

    const QTimeZone london("Europe/London");
    doorstep::Visit visit;
    visit.familyId = familyC.id;
    visit.practitionerId = identity.userId;
    visit.practitionerRole = identity.role;
    visit.occurredAt = QDateTime(QDate(2026, 11, 20), QTime(10, 0), london).toUTC();
    visit.contactType = doorstep::ContactType::FaceToFaceHome;
    visit.outcome = doorstep::Outcome::Completed;
    visit.children = {doorstep::VisitChild{four.id, true, true}};
    visit.present = u"Mother"_s;
    visit.observations = u"Test observation: home warm and tidy."_s;
    visit.signedOffAt = visit.occurredAt;
    visit.id = mustSucceed(store->recordVisit(visit), "record visit");
    doorstep::ChildViews views;
    views.visitId = visit.id;
    views.childId = four.id;
    views.words = u"Test words: likes the park."_s;
    views.recordedAt = visit.occurredAt;
    mustSucceed(store->recordChildViews(views), "record views");

    doorstep::Alert alert;
    alert.familyId = familyC.id;
    alert.childId = four.id;
    alert.category = u"Test category"_s;
    alert.whatHappened = u"Test: a synthetic event made up for the test fixture on 10 Nov."_s;
    alert.whoIsAtRisk = u"Test Child Four"_s;
    alert.riskFrom = u"Test Adult X"_s;
    alert.source = u"Test source"_s;
    alert.raisedOn = QDate(2026, 11, 10);
    alert.requiredAction = u"Test: ask the child how things are at every visit."_s;
    alert.reviewOn = QDate(2026, 12, 10);
    mustSucceed(store->saveAlert(alert), "save alert");

    // A change the server refused: the alert went out and came back with the server's reason, as
    // a sync run would leave it (Store::markRejected is what the sync engine calls). It stays on
    // the device until corrected and sent again.
    QString alertChangeId;
    for (const doorstep::Change &change : store->pendingChanges(1000)) {
        if (change.entity == doorstep::Entity::Alert)
            alertChangeId = change.changeId;
    }
    if (alertChangeId.isEmpty())
        qFatal("fixture: the alert made no change to send");
    mustSucceed(store->markRejected(
                    alertChangeId, u"validation_failed"_s,
                    u"The review date must be no more than 28 days after the date the alert was raised: "
                    "choose an earlier review date, or say why it has to wait."_s),
                "refuse the alert");

    doorstep::Amendment amendment;
    amendment.targetKind = u"visit"_s;
    amendment.targetId = visit.id;
    amendment.authorId = identity.userId;
    amendment.madeAt = QDateTime(QDate(2026, 11, 21), QTime(9, 0), london).toUTC();
    amendment.reason = u"Test reason: the wrong person was listed as present."_s;
    amendment.correction = u"Present: mother and grandmother"_s;
    mustSucceed(store->recordAmendment(amendment), "record amendment");

    // A sync conflict to review: family C's early help status was set here and, without seeing
    // that, set otherwise a little later on another device; the later value won the merge.
    QString createdHlc;
    for (const doorstep::Change &change : store->pendingChanges(1000)) {
        if (change.entityId == familyC.id)
            createdHlc = change.hlc;
    }
    familyC.earlyHelpStatus = u"Open"_s;
    mustSucceed(store->saveFamily(familyC), "edit family C");
    doorstep::Family theirs = familyC;
    theirs.earlyHelpStatus = u"Closed"_s;
    doorstep::Change remote;
    remote.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    remote.deviceId = u"test-device-b"_s;
    remote.deviceSeq = 1;
    remote.entity = doorstep::Entity::Family;
    remote.entityId = familyC.id;
    remote.familyId = familyC.id;
    remote.hlc = doorstep::HlcTimestamp{clock().addSecs(60).toMSecsSinceEpoch(), 0, remote.deviceId}.encode();
    remote.payload = doorstep::toJson(theirs);
    mustSucceed(store->applyPulled({remote}, u"1"_s, std::nullopt,
                                   {{remote.changeId, QJsonObject{{u"earlyHelpStatus"_s, createdHlc}}}}),
                "pull a concurrent edit");
    if (store->conflictCount() != 1)
        qFatal("fixture: the concurrent edit made no conflict");
}

} // namespace

// What the tests' waitForRendering() calls (DoorstepTestCase.qml): waits until the window has
// drawn a frame asked for now. Qt 6.4's own waits on a QSignalSpy of frameSwapped(), which the
// threaded render loop emits on its render thread: that thread can still be appending to the
// spy's list while the test's thread destroys it (under AddressSanitizer, a double free in
// large_text.qml; in a plain build, a CI run aborted on "malloc_consolidate(): unaligned fastbin
// chunk"). Here the render thread only sets a flag that outlives the wait.
class FrameWaiter : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE bool waitForFrame(QQuickItem *item, int timeoutMs)
    {
        QQuickWindow *window = item ? item->window() : nullptr;
        if (!window)
            return false;
        auto swapped = std::make_shared<std::atomic<bool>>(false);
        const QMetaObject::Connection connection = connect(
            window, &QQuickWindow::frameSwapped, window, [swapped] { swapped->store(true); },
            Qt::DirectConnection);
        window->update();
        const bool drawn = QTest::qWaitFor([&swapped] { return swapped->load(); }, timeoutMs);
        disconnect(connection);
        return drawn;
    }
};

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(u"Material"_s);
        // The QML tests save screenshots by bare file name; they land here.
        QDir().mkpath(QStringLiteral(DOORSTEP_SCREENSHOT_DIR));
        QDir::setCurrent(QStringLiteral(DOORSTEP_SCREENSHOT_DIR));
        qmlRegisterSingletonInstance("DoorstepTest", 1, 0, "Frames", &m_frames);
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Qt 6.4 puts module resources at qrc:/<URI>/ but does not search qrc:/ by itself.
        engine->addImportPath(u"qrc:/"_s);

        m_services.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            qFatal("fixture: no temporary folder");
        const QString profileDir = m_dir->filePath(u"profile"_s);
        const Store::Clock clock = pinnedClock();
        makeFixtureStore(profileDir, clock);
        m_services = std::make_unique<doorstep::app::AppServices>(profileDir, clock);
        // The engine holds the singletons until it is gone; only then may they go.
        connect(engine, &QObject::destroyed, this, [this] { m_services.reset(); });
    }

    void cleanupTestCase()
    {
        m_services.reset();
        m_dir.reset();
    }

private:
    FrameWaiter m_frames;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<doorstep::app::AppServices> m_services;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)

#include "tst_qml.moc"
