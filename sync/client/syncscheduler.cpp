#include "syncscheduler.h"

#include "syncclient.h"

#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QRandomGenerator>

#include <algorithm>

Q_LOGGING_CATEGORY(lcScheduler, "doorstep.sync.scheduler")

namespace doorstep::sync {

namespace {

bool retryCannotHelp(const QString &code)
{
    return code == QLatin1String("revoked") || code == QLatin1String("certificate_mismatch") ||
           code == QLatin1String("not_enrolled");
}

} // namespace

SyncScheduler::SyncScheduler(Policy policy, const SchedulerTimerFactory &timers, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
    , m_probe(new HealthProbe(this))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    const SchedulerTimerFactory make =
        timers ? timers : SchedulerTimerFactory([](QObject *p) { return new QtSchedulerTimer(p); });
    m_debounce = make(this);
    m_next = make(this);
    connect(m_debounce, &SchedulerTimer::timeout, this, &SyncScheduler::requestRun);
    connect(m_next, &SchedulerTimer::timeout, this, &SyncScheduler::onNextTimer);
    connect(m_probe, &HealthProbe::finished, this, &SyncScheduler::onProbeFinished);
}

void SyncScheduler::attach(SyncClient *client)
{
    m_startRun = [client] {
        client->sync();
    };
    connect(client, &SyncClient::syncFinished, this,
            [this](bool ok, const QString &code) { runFinished(ok, code); });
}

bool SyncScheduler::watchConnectivity()
{
    if (!QNetworkInformation::instance() &&
        !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcScheduler) << "no connectivity backend; probing the server after failures instead";
        return false;
    }
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online)
                    connectivityRegained();
            });
    return true;
}

int SyncScheduler::retryDelayMillis(const Policy &policy, int failures, double random)
{
    qint64 delay = policy.firstRetryMillis;
    for (int i = 1; i < failures && delay < policy.maxRetryMillis; ++i)
        delay *= 2;
    delay = std::min<qint64>(delay, policy.maxRetryMillis);
    const double unit = std::clamp(random, 0.0, 1.0);
    return int(delay / 2 + qint64(double(delay - delay / 2) * unit));
}

void SyncScheduler::start()
{
    m_started = true;
    m_failures = 0;
    m_probeNext = false;
    requestRun();
}

void SyncScheduler::stop()
{
    m_started = false;
    m_runAgain = false;
    m_debounce->stop();
    m_next->stop();
}

void SyncScheduler::noteSaved()
{
    if (!m_started || m_failures > 0)
        return;
    m_debounce->start(m_policy.debounceMillis);
}

void SyncScheduler::syncNow()
{
    if (!m_started)
        return;
    requestRun();
}

void SyncScheduler::connectivityRegained()
{
    if (!m_started)
        return;
    m_failures = 0;
    m_probeNext = false;
    requestRun();
}

void SyncScheduler::requestRun()
{
    if (!m_started || !m_startRun)
        return;
    m_debounce->stop();
    if (m_running) {
        m_runAgain = true;
        return;
    }
    m_next->stop();
    m_running = true;
    Q_EMIT runStarted();
    m_startRun();
}

void SyncScheduler::runFinished(bool ok, const QString &errorCode)
{
    if (!m_running)
        return; // a run the scheduler did not start (the app's own), already counted by its owner
    m_running = false;
    if (!m_started)
        return;
    if (ok) {
        m_failures = 0;
        m_probeNext = false;
        if (m_runAgain) {
            m_runAgain = false;
            requestRun();
            return;
        }
        m_next->start(m_policy.periodMillis);
        return;
    }
    m_runAgain = false;
    if (retryCannotHelp(errorCode)) {
        stop();
        Q_EMIT halted(errorCode);
        return;
    }
    m_probeNext = errorCode == QLatin1String("offline") && m_serverUrl.isValid();
    scheduleRetry();
}

void SyncScheduler::scheduleRetry()
{
    ++m_failures;
    const int delay = retryDelayMillis(m_policy, m_failures, m_random());
    m_next->start(delay);
    Q_EMIT retryScheduled(delay, m_failures);
}

void SyncScheduler::onNextTimer()
{
    if (!m_started)
        return;
    if (m_probeNext) {
        Q_EMIT probeStarted();
        m_probe->probe(m_serverUrl);
        return;
    }
    requestRun();
}

void SyncScheduler::onProbeFinished(bool reachable)
{
    if (!m_started)
        return;
    if (reachable) {
        m_probeNext = false;
        requestRun();
        return;
    }
    scheduleRetry();
}

} // namespace doorstep::sync
