// Tells when the date in Europe/London changes while the app is open, so ages, "days overdue" and
// the flags that hang on "today" are computed again at midnight. A single-shot timer aimed just
// past the next London midnight, checked again when the app comes back to the foreground (timers do not
// run while a device sleeps). Built and owned by AppServices; GUI thread.
#pragma once

#include <QDate>
#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>

namespace doorstep::app {

// The date in Europe/London at `at`: "today" for every rule, list and default date in the app, as
// on the server, whatever zone the device is set to.
QDate londonDate(const QDateTime &at);

class DayWatcher : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>; // UTC now; injectable for tests

    explicit DayWatcher(Clock clock, QObject *parent = nullptr);

    QDate today() const { return m_today; }
    // Milliseconds from `now` to the next midnight in London (DST days are 23 or 25 hours long).
    static qint64 msecsToNextDay(const QDateTime &now);

    // Emits dayChanged() if London's date is not the one last seen, and aims the timer again.
    void check();

Q_SIGNALS:
    void dayChanged(const QDate &today);

private:
    void arm();

    Clock m_clock;
    QTimer m_timer;
    QDate m_today;
};

} // namespace doorstep::app
