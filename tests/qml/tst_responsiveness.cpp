// The GUI thread stays responsive while the store worker does the slow work: Argon2id when the
// store is made and unlocked, and a large first pull after enrolment (over a thousand records
// from the real server). A zero-interval timer ticks on the GUI thread the whole time; each tick
// reads the worker thread's CPU clock. A tick that finds the worker's CPU time moved on since the
// tick before is one the GUI thread ran while the worker was working. Assertions are on those
// counts against the amount of work (pages pulled, keys derived), never on wall-clock time.
#include "app/appservices.h"
#include "app/caseloadmodel.h"
#include "app/enrolmentcontroller.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "sync/protocol/messages.h"
#include "tests/support/syncdevice.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <pthread.h>
#include <time.h>

using namespace Qt::StringLiterals;
using doorstep::app::AppServices;
using doorstep::app::SessionController;
namespace test = doorstep::test;

namespace {

constexpr int childCount = 1200;
const QString Pin = u"739154"_s;

// Counts GUI-thread ticks, and those during which the worker thread used CPU.
class TickCounter
{
public:
    explicit TickCounter(pthread_t worker)
    {
        pthread_getcpuclockid(worker, &m_clock);
        m_timer.setInterval(0);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }
    void start()
    {
        m_ticks = m_busyTicks = 0;
        m_start = m_last = workerCpuNs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    int ticks() const { return m_ticks; }
    int busyTicks() const { return m_busyTicks; }
    qint64 workerCpuNs() const
    {
        timespec ts{};
        clock_gettime(m_clock, &ts);
        return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    qint64 workerCpuUsedNs() const { return workerCpuNs() - m_start; }

private:
    void tick()
    {
        ++m_ticks;
        const qint64 now = workerCpuNs();
        if (now > m_last)
            ++m_busyTicks;
        m_last = now;
    }

    clockid_t m_clock{};
    QTimer m_timer;
    int m_ticks = 0;
    int m_busyTicks = 0;
    qint64 m_start = 0;
    qint64 m_last = 0;
};

} // namespace

class TestResponsiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void guiTicksWhileTheWorkerEnrolsPullsAndUnlocks()
    {
        QTemporaryDir dir;
        test::ServerProcess server(dir.filePath(u"server"_s));
        const QString team = test::addTeam(server, u"Test Team"_s);
        const QString visitor = test::addUser(server, u"Test Visitor"_s, u"health_visitor"_s, team);
        QVERIFY(!visitor.isEmpty());
        QVERIFY2(server.start(), qPrintable(server.error()));

        // Another device of the same practitioner puts a large caseload on the server.
        {
            test::SyncDevice other;
            QVERIFY2(other.create() && other.enrol(server, test::enrolmentCode(server, visitor)),
                     qPrintable(other.error()));
            doorstep::Family family;
            family.teamId = team;
            family.practitionerId = visitor;
            family.label = u"Test Family One"_s;
            family.postcode = u"ZZ99 9ZZ"_s;
            const auto familyId = other.store().saveFamily(family);
            QVERIFY(familyId.ok());
            for (int i = 0; i < childCount; ++i) {
                doorstep::Child child;
                child.familyId = familyId.value();
                child.name = u"Test Baby %1"_s.arg(i + 1);
                child.dateOfBirth = QDate(2026, 1, 1).addDays(i % 300);
                QVERIFY(other.store().saveChild(child).ok());
            }
            const test::SyncOutcome pushed = other.sync(120'000);
            QVERIFY2(pushed.ok, qPrintable(pushed.message));
            QCOMPARE(pushed.pushed, childCount + 1);
        }

        AppServices services(dir.filePath(u"app"_s));
        pthread_t workerThread{};
        QVERIFY(QMetaObject::invokeMethod(
            services.worker(), [] { return pthread_self(); }, Qt::BlockingQueuedConnection, &workerThread));
        TickCounter counter(workerThread);

        // Enrolment: Argon2id for the new store, then the first pull of every record.
        doorstep::app::EnrolmentController *enrolment = services.enrolment();
        enrolment->setServerAddress(server.url());
        enrolment->setCode(test::enrolmentCode(server, visitor));
        enrolment->setCertificateSha256(server.certificateSha256());
        counter.start();
        enrolment->enrol(Pin, Pin);
        QCOMPARE(services.session()->state(), SessionController::Enrolling); // returned at once
        QTRY_COMPARE_WITH_TIMEOUT(services.session()->state(), SessionController::Unlocked, 120'000);
        QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 60'000);
        counter.stop();
        QVERIFY2(enrolment->firstSyncMessage().isEmpty(), qPrintable(enrolment->firstSyncMessage()));
        QCOMPARE(services.caseload()->count(), childCount);
        const int pages = (childCount + 1 + doorstep::protocol::defaultPullLimit - 1) /
                          doorstep::protocol::defaultPullLimit;
        qInfo("enrol and pull: %d GUI ticks, %d while the worker used CPU, %lld ms of worker CPU, %d pages",
              counter.ticks(), counter.busyTicks(), counter.workerCpuUsedNs() / 1'000'000, pages);
        QVERIFY2(counter.workerCpuUsedNs() > 0, "the key derivation and the pull ran on the worker");
        // At least once per page pulled (and once for the key derivation), the GUI thread ran
        // while the worker was busy with that work.
        QVERIFY2(counter.busyTicks() >= pages + 1, qPrintable(u"%1 busy ticks"_s.arg(counter.busyTicks())));

        // Lock and unlock: Argon2id again, on the worker.
        services.session()->lock();
        QCOMPARE(services.session()->state(), SessionController::Locked);
        counter.start();
        services.session()->unlock(Pin);
        QCOMPARE(services.session()->state(), SessionController::Unlocking); // returned at once
        QTRY_COMPARE_WITH_TIMEOUT(services.session()->state(), SessionController::Unlocked, 60'000);
        counter.stop();
        qInfo("unlock: %d GUI ticks, %d while the worker used CPU, %lld ms of worker CPU", counter.ticks(),
              counter.busyTicks(), counter.workerCpuUsedNs() / 1'000'000);
        QVERIFY(counter.workerCpuUsedNs() > 0);
        QVERIFY2(counter.busyTicks() >= 1, "the GUI thread ran while the worker derived the key");
    }
};

QTEST_GUILESS_MAIN(TestResponsiveness)
#include "tst_responsiveness.moc"
