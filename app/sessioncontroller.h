// Whether the device is enrolled, locked or unlocked, and the unlock and lock commands. A QML
// singleton built by AppServices; GUI thread. The PIN goes to the store worker, which does the
// slow key derivation on its own thread; the answer comes back as a state change.
#pragma once

#include "app/storeworker.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class SessionController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(QString enrolCommand READ enrolCommand CONSTANT)
    Q_PROPERTY(QString userName READ userName NOTIFY sessionChanged)
    Q_PROPERTY(QString roleText READ roleText NOTIFY sessionChanged)
    Q_PROPERTY(bool supervisor READ isSupervisor NOTIFY sessionChanged)
    // The wrong-PIN back-off, counting down: seconds before another PIN may be tried (0: now),
    // and the same in words for the unlock page ("Try again in 1 minute 4 seconds.").
    Q_PROPERTY(int retryInSeconds READ retryInSeconds NOTIFY retryChanged)
    Q_PROPERTY(QString retryText READ retryText NOTIFY retryChanged)
    // The store is protected by a passphrase rather than digits: the unlock field takes any text.
    Q_PROPERTY(bool usesPassphrase READ usesPassphrase NOTIFY usesPassphraseChanged)
public:
    // Enrolling: the first-run form has made a store and is binding it to the server and fetching
    // the caseload; Unlocked follows when the first sync ends.
    enum State { NotEnrolled, Locked, Unlocking, Unlocked, Enrolling };
    Q_ENUM(State)

    using Clock = std::function<QDateTime()>; // UTC now; injectable for tests

    SessionController(StoreWorker *worker, QString profileDir, Clock clock, QObject *parent = nullptr);

    static SessionController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(SessionController *instance);

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    QString profileDir() const { return m_profileDir; }
    // The command that enrols this device's profile, for the page shown before enrolment.
    QString enrolCommand() const;
    QString userName() const { return m_session.userName; }
    QString roleText() const;
    SessionInfo session() const { return m_session; }
    bool isSupervisor() const { return !m_session.userId.isEmpty() && m_session.role == Role::Supervisor; }
    int retryInSeconds() const { return m_retryInSeconds; }
    QString retryText() const;
    // "1 minute 4 seconds", "12 seconds".
    static QString durationText(int seconds);

    Q_INVOKABLE void unlock(const QString &pin);
    Q_INVOKABLE void lock();
    // Looks again for a store in the profile folder (after enrolling from the command line).
    Q_INVOKABLE void checkEnrolment();

    // For EnrolmentController: NotEnrolled -> Enrolling, and back when enrolment fails.
    void beginEnrolment();
    void cancelEnrolment();
    bool usesPassphrase() const { return m_usesPassphrase; }
    // Remembered beside the idle timeout (not secret: it says only which keyboard to show).
    void setUsesPassphrase(bool passphrase);
    // Whether a secret is a passphrase (anything but digits only).
    static bool isPassphrase(const QString &secret);

Q_SIGNALS:
    void stateChanged();
    void errorStringChanged();
    void sessionChanged();
    void retryChanged();
    void usesPassphraseChanged();

private:
    void onUnlockFinished(bool ok, const QString &errorCode, const QString &message,
                          const SessionInfo &session, qint64 retryInSeconds);
    void onWipeFinished(bool ok, const QString &code, const QString &message);
    void startBackoff(qint64 seconds);
    void updateRetry();
    void setState(State state);
    void setErrorString(const QString &message);

    StoreWorker *m_worker;
    QString m_profileDir;
    Clock m_clock;
    QTimer m_retryTimer; // ticks the countdown once a second while it runs
    QDateTime m_retryAt;
    int m_retryInSeconds = 0;
    State m_state = NotEnrolled;
    QString m_errorString;
    SessionInfo m_session;
    bool m_usesPassphrase = false;
    static inline SessionController *s_instance = nullptr;
};

} // namespace doorstep::app
