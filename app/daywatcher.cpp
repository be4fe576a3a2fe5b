#include "daywatcher.h"

#include <QTimeZone>

#include <algorithm>
#include <chrono>

namespace doorstep::app {

namespace {

// "Today" for the rules is London's date, as everywhere else in the app and on the server, not
// the device's own zone (a tablet set to another zone must not see a flag turn red at its midnight).
const QTimeZone &london()
{
    static const QTimeZone zone("Europe/London");
    return zone;
}

} // namespace

QDate londonDate(const QDateTime &at)
{
    return at.toTimeZone(london()).date();
}

DayWatcher::DayWatcher(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setSingleShot(true);
    // Coarse timers may fire a little early; check() then finds the same day and aims again.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DayWatcher::check);
    m_today = londonDate(m_clock());
    arm();
}

qint64 DayWatcher::msecsToNextDay(const QDateTime &now)
{
    const QDateTime midnight(londonDate(now).addDays(1), QTime(0, 0), london());
    return now.msecsTo(midnight);
}

void DayWatcher::check()
{
    const QDate today = londonDate(m_clock());
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
