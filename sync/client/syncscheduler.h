// When to sync: shortly after a save (debounced, so a burst of edits makes one run), on a timer,
// at once when connectivity returns, and after a failure again later with exponential back-off
// and jitter. Connectivity comes from QNetworkInformation where a backend loads; where none does
// (containers, some desktops), a failed run for want of network is followed by probes of the
// server's /v1/health, backing off the same way, and a sync as soon as one answers.
//
// It starts runs and is told how they ended; it does not sync itself. attach() wires it to a
// SyncClient; tests drive it with their own run function and hand-driven timers.
//
// Thread: the thread of the SyncClient it drives (the store worker in the app), with an event
// loop. Ownership: owns its timers and probe; a SyncClient given to attach() is borrowed.
#pragma once

#include "healthprobe.h"
#include "schedulertimer.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace doorstep::sync {

class SyncClient;

// The waits SyncScheduler keeps.
struct SyncSchedulePolicy
{
    int debounceMillis = 3'000;      // after the last of a burst of saves
    int periodMillis = 15 * 60'000;  // after a successful run
    int firstRetryMillis = 5'000;    // after the first failure; doubles with each one more
    int maxRetryMillis = 5 * 60'000; // the back-off's ceiling
};

class SyncScheduler : public QObject
{
    Q_OBJECT
public:
    using Policy = SyncSchedulePolicy;

    // `timers` makes the timers (QtSchedulerTimer when empty).
    explicit SyncScheduler(Policy policy = {}, const SchedulerTimerFactory &timers = {},
                           QObject *parent = nullptr);

    // Runs client->sync() and learns the outcome from its syncFinished signal.
    void attach(SyncClient *client);
    // Or any run: `startRun` starts one, and runFinished() must be called when it ends.
    void setRunFunction(std::function<void()> startRun) { m_startRun = std::move(startRun); }
    // Where the reachability probe goes (the enrolled server); no probing while empty.
    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    // For tests: a source of uniform numbers in [0, 1) for the jitter.
    void setRandom(std::function<double()> random) { m_random = std::move(random); }
    // Tries QNetworkInformation; false when no backend loads (then probes stand in).
    bool watchConnectivity();

    // Starts scheduling: a first run now, then as described above.
    void start();
    // No more runs until start(); a run in progress finishes.
    void stop();

    // The wait before retry number `failures` (1 for the first): firstRetry·2^(failures−1),
    // capped at maxRetry, then drawn uniformly from its upper half ("equal jitter") so that
    // devices that failed together do not all come back at the same moment.
    static int retryDelayMillis(const Policy &policy, int failures, double random);

    int failures() const { return m_failures; }
    bool isRunning() const { return m_running; }
    bool isStarted() const { return m_started; }

public Q_SLOTS:
    // Something was saved on the device: sync after the debounce, unless backing off (the retry
    // already scheduled will carry it).
    void noteSaved();
    // The person asked: sync now, whatever the back-off.
    void syncNow();
    // The network is back: forget the back-off and sync now.
    void connectivityRegained();
    // How the run ended; `errorCode` as SyncClient's ("offline", "revoked", …).
    void runFinished(bool ok, const QString &errorCode);

Q_SIGNALS:
    void runStarted();
    // After a failure: the next try (a probe when offline) in `delayMillis`.
    void retryScheduled(int delayMillis, int failures);
    void probeStarted();
    // Scheduling stopped because retrying cannot help (revoked, certificate mismatch, not
    // enrolled); `errorCode` says which.
    void halted(const QString &errorCode);

private:
    void requestRun();
    void onNextTimer();
    void onProbeFinished(bool reachable);
    void scheduleRetry();

    Policy m_policy;
    SchedulerTimer *m_debounce = nullptr;
    SchedulerTimer *m_next = nullptr; // the periodic run, or the next retry or probe
    HealthProbe *m_probe = nullptr;
    std::function<void()> m_startRun;
    std::function<double()> m_random;
    QUrl m_serverUrl;
    int m_failures = 0;
    bool m_started = false;
    bool m_running = false;
    bool m_runAgain = false;  // asked for while a run was going
    bool m_probeNext = false; // the last failure was for want of network
};

} // namespace doorstep::sync
