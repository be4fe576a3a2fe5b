#include "daywatcher.h"

#include <algorithm>
#include <chrono>

namespace doorstep::app {

DayWatcher::DayWatcher(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setSingleShot(true);
    // Coarse timers may fire a little early; check() then finds the same day and aims again.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DayWatcher::check);
    m_today = m_clock().toLocalTime().date();
    arm();
}

qint64 DayWatcher::msecsToNextDay(const QDateTime &now)
{
    const QDateTime local = now.toLocalTime();
    const QDateTime midnight(local.date().addDays(1), QTime(0, 0), Qt::LocalTime);
    return local.msecsTo(midnight);
}

void DayWatcher::check()
{
    const QDate today = m_clock().toLocalTime().date();
    if (today != m_today) {
        m_today = today;
        Q_EMIT dayChanged(today);
    }
    arm();
}

void DayWatcher::arm()
{
    // A second past midnight, so the clock reads the new day when the timer fires.
    const qint64 ms = std::max<qint64>(msecsToNextDay(m_clock()), 0) + 1000;
    m_timer.start(std::chrono::milliseconds(ms));
}

} // namespace doorstep::app
