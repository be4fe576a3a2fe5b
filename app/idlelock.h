// Locks the session after a spell without user input (the "lock timeout" setting, 5 minutes by
// default), so a tablet put down in a living room does not stay open. Watches input events as an
// application event filter; knows nothing of the store: AppServices starts it on unlock, stops
// it on lock and locks the session on idle(). A QML singleton built by AppServices; GUI thread.
// The setting is kept in a small plain file (nothing secret in it) that this class owns.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class IdleLock : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int timeoutMinutes READ timeoutMinutes WRITE setTimeoutMinutes NOTIFY timeoutMinutesChanged)
public:
    using Clock = std::function<QDateTime()>; // UTC now; injectable for tests

    static constexpr int defaultTimeoutMinutes = 5;
    static constexpr int minTimeoutMinutes = 1;
    static constexpr int maxTimeoutMinutes = 60;

    // settingsPath: the file holding the timeout (missing: the default). clock: empty for the
    // system clock.
    IdleLock(QString settingsPath, Clock clock, QObject *parent = nullptr);

    static IdleLock *create(QQmlEngine *, QJSEngine *);
    static void setInstance(IdleLock *instance);

    int timeoutMinutes() const { return m_timeoutMinutes; }
    // Clamped to 1..60 minutes and saved.
    void setTimeoutMinutes(int minutes);

    bool isRunning() const { return m_running; }
    // Starts counting idle time from now (on unlock); stop() forgets it (on lock).
    void start();
    void stop();
    // Input seen now: the idle time starts again.
    void noteActivity();
    // Emits idle() when running and the timeout has passed since the last input. The timer calls
    // it; so do tests after moving the clock, and the app when it returns from the background.
    void check();

    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void timeoutMinutesChanged();
    void idle();

private:
    void arm();

    QString m_settingsPath;
    Clock m_clock;
    QTimer m_timer;
    int m_timeoutMinutes = defaultTimeoutMinutes;
    bool m_running = false;
    QDateTime m_lastActivity;
    static inline IdleLock *s_instance = nullptr;
};

} // namespace doorstep::app
