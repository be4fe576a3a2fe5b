#include "idlelock.h"

#include "app/qmlsingleton.h"

#include <QEvent>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

const QString TimeoutKey = u"lock/idleTimeoutMinutes"_s;

bool isUserInput(QEvent::Type type)
{
    switch (type) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
    case QEvent::TabletMove:
    case QEvent::InputMethod:
        return true;
    default:
        return false;
    }
}

} // namespace

IdleLock::IdleLock(QString settingsPath, Clock clock, QObject *parent)
    : QObject(parent)
    , m_settingsPath(std::move(settingsPath))
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleLock::check);
    const QSettings settings(m_settingsPath, QSettings::IniFormat);
    bool ok = false;
    const int saved = settings.value(TimeoutKey).toInt(&ok);
    if (ok)
        m_timeoutMinutes = std::clamp(saved, minTimeoutMinutes, maxTimeoutMinutes);
}

IdleLock *IdleLock::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void IdleLock::setInstance(IdleLock *instance)
{
    s_instance = instance;
}

void IdleLock::setTimeoutMinutes(int minutes)
{
    minutes = std::clamp(minutes, minTimeoutMinutes, maxTimeoutMinutes);
    if (minutes == m_timeoutMinutes)
        return;
    m_timeoutMinutes = minutes;
    QSettings settings(m_settingsPath, QSettings::IniFormat);
    settings.setValue(TimeoutKey, minutes);
    Q_EMIT timeoutMinutesChanged();
    if (m_running)
        arm();
}

void IdleLock::start()
{
    m_running = true;
    noteActivity();
    arm();
}

void IdleLock::stop()
{
    m_running = false;
    m_timer.stop();
}

void IdleLock::noteActivity()
{
    // Only the time is noted: restarting a timer on every mouse move would cost more than it
    // saves. The timer, when it fires, re-arms for whatever time is left.
    m_lastActivity = m_clock();
}

void IdleLock::check()
{
    if (!m_running)
        return;
    const QDateTime now = m_clock();
    // A clock set back must not keep the session open for ever: count from the new time.
    if (now < m_lastActivity)
        m_lastActivity = now;
    if (m_lastActivity.msecsTo(now) >= qint64(m_timeoutMinutes) * 60 * 1000) {
        stop();
        Q_EMIT idle();
        return;
    }
    arm();
}

void IdleLock::arm()
{
    const qint64 timeoutMs = qint64(m_timeoutMinutes) * 60 * 1000;
    const qint64 left = std::clamp<qint64>(timeoutMs - m_lastActivity.msecsTo(m_clock()), 0, timeoutMs);
    // A little late rather than early, so one firing usually finds the time up.
    m_timer.start(std::chrono::milliseconds(left + 250));
}

bool IdleLock::eventFilter(QObject *watched, QEvent *event)
{
    if (m_running && isUserInput(event->type()))
        noteActivity();
    return QObject::eventFilter(watched, event);
}

} // namespace doorstep::app
