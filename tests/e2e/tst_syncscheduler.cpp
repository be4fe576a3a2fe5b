// SyncScheduler: debounced runs after saves, the periodic run, back-off with jitter, and the
// reachability probe against the real doorstep-server process (stopped, then started again on
// the same port). Time is driven by hand through ManualTimer: no waiting on the clock.
#include "sync/client/syncscheduler.h"
#include "tests/support/serverprocess.h"

#include <QNetworkInformation>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::sync::SchedulerTimer;
using doorstep::sync::SyncScheduler;
using doorstep::test::ServerProcess;

namespace {

// A timer that fires only when the test says so, and remembers what it was asked to wait.
class ManualTimer : public SchedulerTimer
{
public:
    using SchedulerTimer::SchedulerTimer;
    void start(int millis) override
    {
        interval = millis;
        active = true;
    }
    void stop() override { active = false; }
    bool isActive() const override { return active; }
    // Fires as the real timer would when its time came; false when it was not running.
    bool fire()
    {
        if (!active)
            return false;
        active = false;
        Q_EMIT timeout();
        return true;
    }
    int interval = -1;
    bool active = false;
};

} // namespace

class TestSyncScheduler : public QObject
{
    Q_OBJECT

private:
    SyncScheduler::Policy m_policy{1'000, 60'000, 4'000, 32'000};
    QList<ManualTimer *> m_timers; // debounce, then next
    int m_runs = 0;

    std::unique_ptr<SyncScheduler> makeScheduler()
    {
        m_timers.clear();
        m_runs = 0;
        auto scheduler = std::make_unique<SyncScheduler>(m_policy, [this](QObject *parent) {
            auto *timer = new ManualTimer(parent);
            m_timers.append(timer);
            return timer;
        });
        scheduler->setRunFunction([this] { ++m_runs; });
        scheduler->setRandom([] { return 0.5; });
        return scheduler;
    }
    ManualTimer *debounce() const { return m_timers.at(0); }
    ManualTimer *next() const { return m_timers.at(1); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void backOffDoublesToTheCeilingWithJitter()
    {
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 1, 0.0), 2'000);
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 1, 1.0), 4'000);
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 2, 0.5), 6'000);
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 3, 0.0), 8'000);
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 4, 1.0), 32'000);
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 5, 0.0), 16'000); // capped: 32 s, jittered
        QCOMPARE(SyncScheduler::retryDelayMillis(m_policy, 60, 1.0), 32'000);
    }

    void savesAreDebouncedAndTheTimerComesBack()
    {
        auto scheduler = makeScheduler();
        QSignalSpy started(scheduler.get(), &SyncScheduler::runStarted);
        scheduler->start();
        QCOMPARE(m_runs, 1); // a first run at once
        scheduler->runFinished(true, {});
        QVERIFY(next()->isActive());
        QCOMPARE(next()->interval, m_policy.periodMillis);

        // A burst of saves: one run, after the last of them.
        scheduler->noteSaved();
        scheduler->noteSaved();
        scheduler->noteSaved();
        QCOMPARE(m_runs, 1);
        QCOMPARE(debounce()->interval, m_policy.debounceMillis);
        QVERIFY(debounce()->fire());
        QCOMPARE(m_runs, 2);
        QVERIFY(!next()->isActive()); // no periodic run while one is going

        // A save during a run: another run right after it.
        scheduler->noteSaved();
        QVERIFY(debounce()->fire());
        QCOMPARE(m_runs, 2);
        scheduler->runFinished(true, {});
        QCOMPARE(m_runs, 3);
        scheduler->runFinished(true, {});
        QCOMPARE(next()->interval, m_policy.periodMillis);
        QVERIFY(next()->fire()); // the periodic run
        QCOMPARE(m_runs, 4);
        QCOMPARE(started.size(), 4);

        scheduler->runFinished(true, {});
        scheduler->stop();
        scheduler->noteSaved();
        QVERIFY(!debounce()->isActive());
        QVERIFY(!next()->isActive());
    }

    void failuresBackOffAndRetry()
    {
        auto scheduler = makeScheduler();
        QSignalSpy retries(scheduler.get(), &SyncScheduler::retryScheduled);
        scheduler->start();
        scheduler->runFinished(false, u"storage"_s); // the server's database failed
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.last().at(0).toInt(), 3'000);
        QCOMPARE(next()->interval, 3'000);
        // Saves while backing off wait for the retry.
        scheduler->noteSaved();
        QVERIFY(!debounce()->isActive());
        QVERIFY(next()->fire());
        QCOMPARE(m_runs, 2);
        scheduler->runFinished(false, u"storage"_s);
        QCOMPARE(next()->interval, 6'000);
        QCOMPARE(scheduler->failures(), 2);
        // The person asks: now, whatever the back-off; success clears it.
        scheduler->syncNow();
        QCOMPARE(m_runs, 3);
        scheduler->runFinished(true, {});
        QCOMPARE(scheduler->failures(), 0);
        QCOMPARE(next()->interval, m_policy.periodMillis);
    }

    void revokedHaltsScheduling()
    {
        auto scheduler = makeScheduler();
        QSignalSpy halted(scheduler.get(), &SyncScheduler::halted);
        scheduler->start();
        scheduler->runFinished(false, u"revoked"_s);
        QCOMPARE(halted.size(), 1);
        QCOMPARE(halted.first().first().toString(), u"revoked"_s);
        QVERIFY(!scheduler->isStarted());
        QVERIFY(!next()->isActive());
        scheduler->noteSaved();
        scheduler->syncNow();
        QCOMPARE(m_runs, 1);
    }

    void offlineProbesTheServerUntilItAnswers()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const quint16 port = server.port();
        const QUrl url = server.baseUrl();
        QCOMPARE(server.stop(), 0);

        auto scheduler = makeScheduler();
        scheduler->setServerUrl(url);
        QSignalSpy probes(scheduler.get(), &SyncScheduler::probeStarted);
        QSignalSpy retries(scheduler.get(), &SyncScheduler::retryScheduled);
        scheduler->start();
        scheduler->runFinished(false, u"offline"_s);
        QCOMPARE(retries.size(), 1);

        // The retry is a probe, not a run; the server is still down: back off further.
        QVERIFY(next()->fire());
        QCOMPARE(probes.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(retries.size(), 2, 30'000);
        QCOMPARE(m_runs, 1);
        QCOMPARE(next()->interval, 6'000);

        // The server is back on the same address: the next probe answers and a run starts.
        QVERIFY2(server.start(port), qPrintable(server.error()));
        QVERIFY(next()->fire());
        QTRY_COMPARE_WITH_TIMEOUT(m_runs, 2, 30'000);
        QCOMPARE(probes.size(), 2);
        scheduler->runFinished(true, {});
        QCOMPARE(scheduler->failures(), 0);
        QCOMPARE(next()->interval, m_policy.periodMillis);
    }

    void connectivityRegainedSyncsAtOnce()
    {
        auto scheduler = makeScheduler();
        scheduler->start();
        scheduler->runFinished(false, u"offline"_s);
        QCOMPARE(scheduler->failures(), 1);
        scheduler->connectivityRegained();
        QCOMPARE(m_runs, 2);
        QCOMPARE(scheduler->failures(), 0);
        // Where no backend loads (containers), this says so and probes stand in.
        const bool watching = scheduler->watchConnectivity();
        QCOMPARE(watching, QNetworkInformation::instance() != nullptr);
    }
};

QTEST_GUILESS_MAIN(TestSyncScheduler)
#include "tst_syncscheduler.moc"
