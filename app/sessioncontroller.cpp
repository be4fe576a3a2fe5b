#include "sessioncontroller.h"

#include "app/qmlsingleton.h"
#include "core/vocabulary.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace doorstep::app {

SessionController::SessionController(StoreWorker *worker, QString profileDir, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_profileDir(std::move(profileDir))
{
    connect(m_worker, &StoreWorker::unlockFinished, this, &SessionController::onUnlockFinished);
    checkEnrolment();
}

SessionController *SessionController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void SessionController::setInstance(SessionController *instance)
{
    s_instance = instance;
}

QString SessionController::enrolCommand() const
{
    return u"doorstep-cli --profile %1 enrol --server SERVER-ADDRESS --code ENROLMENT-CODE"_s.arg(
        QDir::toNativeSeparators(m_profileDir));
}

QString SessionController::roleText() const
{
    return m_session.userId.isEmpty() ? QString() : label(m_session.role);
}

void SessionController::unlock(const QString &pin)
{
    if (m_state != Locked)
        return;
    if (pin.isEmpty()) {
        setErrorString(tr("Enter your PIN."));
        return;
    }
    setErrorString({});
    setState(Unlocking);
    m_worker->requestUnlock(pin.toUtf8());
}

void SessionController::lock()
{
    if (m_state != Unlocked && m_state != Unlocking)
        return;
    // The screen forgets the caseload at once; the worker wipes the key on its own thread.
    m_session = {};
    Q_EMIT sessionChanged();
    setErrorString({});
    setState(Locked);
    m_worker->requestLock();
}

void SessionController::checkEnrolment()
{
    if (m_state != NotEnrolled)
        return;
    // A file check, not a database open: cheap enough for the GUI thread.
    if (store::Store::exists(m_profileDir))
        setState(Locked);
}

void SessionController::onUnlockFinished(bool ok, const QString &errorCode, const QString &message,
                                         const SessionInfo &session)
{
    if (m_state != Unlocking) {
        // Locked again while the key was being derived: close what was opened.
        if (ok)
            m_worker->requestLock();
        return;
    }
    if (!ok) {
        setState(errorCode == store::Store::NoProfile ? NotEnrolled : Locked);
        setErrorString(message);
        return;
    }
    m_session = session;
    Q_EMIT sessionChanged();
    setState(Unlocked);
}

void SessionController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void SessionController::setErrorString(const QString &message)
{
    if (m_errorString == message)
        return;
    m_errorString = message;
    Q_EMIT errorStringChanged();
}

} // namespace doorstep::app
