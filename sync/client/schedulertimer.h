// A one-shot timer as SyncScheduler needs it, behind an interface so that tests drive time by
// hand (ManualTimer in the tests) instead of waiting. The default wraps a QTimer.
//
// Thread: the thread of its owner. Ownership: owned by the SyncScheduler (its QObject parent).
#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace doorstep::sync {

class SchedulerTimer : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // (Re)starts: one timeout after `millis`.
    virtual void start(int millis) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;

Q_SIGNALS:
    void timeout();
};

class QtSchedulerTimer : public SchedulerTimer
{
    Q_OBJECT
public:
    explicit QtSchedulerTimer(QObject *parent = nullptr)
        : SchedulerTimer(parent)
    {
        m_timer.setSingleShot(true);
        // Minutes-long waits on a tablet: coarse is enough and lets the system batch wake-ups.
        m_timer.setTimerType(Qt::CoarseTimer);
        connect(&m_timer, &QTimer::timeout, this, &SchedulerTimer::timeout);
    }
    void start(int millis) override { m_timer.start(millis); }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }

private:
    QTimer m_timer;
};

// Makes the scheduler's timers; the parent is the scheduler.
using SchedulerTimerFactory = std::function<SchedulerTimer *(QObject *parent)>;

} // namespace doorstep::sync
