#include "sessioncontroller.h"

#include "app/qmlsingleton.h"
#include "core/vocabulary.h"

#include <QDir>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

const QString PassphraseKey = u"unlock/passphrase"_s;

QString settingsPath(const QString &profileDir)
{
    return profileDir + u"/app-settings.ini"_s;
}

} // namespace

SessionController::SessionController(StoreWorker *worker, QString profileDir, Clock clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_profileDir(std::move(profileDir))
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    m_retryTimer.setInterval(1000);
    connect(&m_retryTimer, &QTimer::timeout, this, &SessionController::updateRetry);
    connect(m_worker, &StoreWorker::unlockFinished, this, &SessionController::onUnlockFinished);
    connect(m_worker, &StoreWorker::backoffChecked, this, &SessionController::startBackoff);
    connect(
        m_worker, &StoreWorker::wipeFinished, this,
        [this](bool ok, const QString &code, const QString &message) { onWipeFinished(ok, code, message); });
    m_usesPassphrase =
        QSettings(settingsPath(m_profileDir), QSettings::IniFormat).value(PassphraseKey).toBool();
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
    if (m_retryInSeconds > 0) {
        // The store would refuse it anyway, and count it: wait for the countdown.
        setErrorString(tr("Too many wrong PINs."));
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
    if (store::Store::exists(m_profileDir)) {
        setState(Locked);
        // The back-off survives a restart: show what is left of it before anyone types.
        m_worker->requestBackoffCheck();
    }
}

void SessionController::beginEnrolment()
{
    if (m_state == NotEnrolled)
        setState(Enrolling);
}

void SessionController::cancelEnrolment()
{
    if (m_state == Enrolling)
        setState(NotEnrolled);
}

void SessionController::setUsesPassphrase(bool passphrase)
{
    QSettings(settingsPath(m_profileDir), QSettings::IniFormat).setValue(PassphraseKey, passphrase);
    if (passphrase == m_usesPassphrase)
        return;
    m_usesPassphrase = passphrase;
    Q_EMIT usesPassphraseChanged();
}

bool SessionController::isPassphrase(const QString &secret)
{
    return std::any_of(secret.cbegin(), secret.cend(), [](QChar c) { return c < u'0' || c > u'9'; });
}

QString SessionController::durationText(int seconds)
{
    const int minutes = seconds / 60;
    const int rest = seconds % 60;
    const QString secondsText = rest == 1 ? tr("1 second") : tr("%1 seconds").arg(rest);
    if (minutes == 0)
        return secondsText;
    const QString minutesText = minutes == 1 ? tr("1 minute") : tr("%1 minutes").arg(minutes);
    return rest == 0 ? minutesText : tr("%1 %2").arg(minutesText, secondsText);
}

QString SessionController::retryText() const
{
    if (m_retryInSeconds <= 0)
        return {};
    return tr("You can try again in %1.").arg(durationText(m_retryInSeconds));
}

void SessionController::startBackoff(qint64 seconds)
{
    if (seconds <= 0) {
        m_retryAt = {};
        updateRetry();
        return;
    }
    m_retryAt = m_clock().addSecs(seconds);
    updateRetry();
}

void SessionController::updateRetry()
{
    int left = 0;
    if (m_retryAt.isValid()) {
        // Whole seconds, rounded up, so the countdown never shows 0 while the store still waits.
        const qint64 ms = m_clock().msecsTo(m_retryAt);
        left = ms > 0 ? int((ms + 999) / 1000) : 0;
    }
    if (left > 0) {
        if (!m_retryTimer.isActive())
            m_retryTimer.start();
    } else {
        m_retryAt = {};
        m_retryTimer.stop();
    }
    if (left == m_retryInSeconds)
        return;
    const bool ended = left == 0;
    m_retryInSeconds = left;
    Q_EMIT retryChanged();
    // The refusal that started the back-off no longer applies once it has run out.
    if (ended && m_state == Locked && m_errorString == tr("Too many wrong PINs."))
        setErrorString({});
}

void SessionController::onUnlockFinished(bool ok, const QString &errorCode, const QString &message,
                                         const SessionInfo &session, qint64 retryInSeconds)
{
    if (m_state != Unlocking && m_state != Enrolling) {
        // Locked again while the key was being derived: close what was opened.
        if (ok)
            m_worker->requestLock();
        return;
    }
    if (!ok) {
        setState(errorCode == store::Store::NoProfile ? NotEnrolled : Locked);
        // The store's back-off message names a wait that is stale a second later; the page shows
        // the countdown beside this instead.
        setErrorString(errorCode == store::Store::BackingOff ? tr("Too many wrong PINs.") : message);
        startBackoff(retryInSeconds);
        return;
    }
    startBackoff(0);
    m_session = session;
    Q_EMIT sessionChanged();
    setState(Unlocked);
}

void SessionController::onWipeFinished(bool ok, const QString &code, const QString &message)
{
    if (!ok)
        return;
    // Signed out: the store is gone, so the device starts again from enrolment. A wipe the user
    // did not ask for (the device was revoked) says why on the enrolment page.
    m_session = {};
    Q_EMIT sessionChanged();
    setErrorString(code == QLatin1String("revoked") ? message : QString());
    startBackoff(0);
    setState(NotEnrolled);
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
