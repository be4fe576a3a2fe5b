#include "settingscontroller.h"

#include "app/idlelock.h"
#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/store/pinpolicy.h"
#include "app/store/store.h"
#include "app/storeworker.h"

#include <array>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

constexpr std::array LockTimeoutChoices{1, 2, 5, 10, 15, 30, 60};

QString minutesText(int minutes)
{
    return minutes == 1 ? SettingsController::tr("1 minute")
                        : SettingsController::tr("%1 minutes").arg(minutes);
}

QList<Option> lockTimeoutOptions(int current)
{
    QList<Option> options;
    bool hasCurrent = false;
    for (int minutes : LockTimeoutChoices) {
        // A timeout saved by an older version, not among today's choices, is still shown.
        if (!hasCurrent && current < minutes) {
            options.append({QString::number(current), minutesText(current)});
            hasCurrent = true;
        }
        hasCurrent = hasCurrent || minutes == current;
        options.append({QString::number(minutes), minutesText(minutes)});
    }
    return options;
}

} // namespace

SettingsController::SettingsController(StoreWorker *worker, SessionController *session, IdleLock *idleLock,
                                       QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
    , m_idleLock(idleLock)
    , m_lockTimeouts(new OptionModel(this))
{
    m_lockTimeouts->setOptions(lockTimeoutOptions(m_idleLock->timeoutMinutes()));
    connect(m_idleLock, &IdleLock::timeoutMinutesChanged, this, &SettingsController::lockTimeoutChanged);
    connect(m_worker, &StoreWorker::pinChangeFinished, this, &SettingsController::onPinChangeFinished);
    connect(m_worker, &StoreWorker::unsyncedCounted, this, &SettingsController::onUnsyncedCounted);
    connect(m_worker, &StoreWorker::wipeFinished, this, &SettingsController::onWipeFinished);
}

SettingsController *SettingsController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void SettingsController::setInstance(SettingsController *instance)
{
    s_instance = instance;
}

QString SettingsController::lockTimeout() const
{
    return QString::number(m_idleLock->timeoutMinutes());
}

void SettingsController::setLockTimeout(const QString &token)
{
    bool ok = false;
    const int minutes = token.toInt(&ok);
    if (ok && m_lockTimeouts->contains(token))
        m_idleLock->setTimeoutMinutes(minutes);
}

QString SettingsController::pinRulesText()
{
    return tr("At least 6 digits, or a passphrase of at least 8 characters that is not all digits. "
              "Not one a stranger would try first, such as 111111, 123456 or 121212.");
}

QString SettingsController::wipeWarningText() const
{
    if (m_unsyncedCount < 0)
        return {};
    const QString base = tr("Signing out wipes everything Doorstep holds on this device. You will need a "
                            "new enrolment code to use it again.");
    if (m_unsyncedCount == 0)
        return tr("%1 Every change made here has reached the server.").arg(base);
    const QString lost = m_unsyncedCount == 1 ? tr("1 change made on this device has not reached the server")
                                              : tr("%1 changes made on this device have not reached the "
                                                   "server")
                                                    .arg(m_unsyncedCount);
    if (m_wipeStage == WipeConfirmForce)
        return tr("%1 and will be lost for good. Sync first if you can. Wipe anyway?").arg(lost);
    return tr("%1 %2 and will be lost.").arg(base, lost);
}

void SettingsController::open()
{
    if (m_active)
        return;
    m_active = true;
    Q_EMIT activeChanged();
}

void SettingsController::close()
{
    // The worker may already be wiping: that cannot be called back, and its answer still lands.
    if (m_wipeStage != Wiping)
        resetWipe();
    resetPin();
    if (!m_active)
        return;
    m_active = false;
    Q_EMIT activeChanged();
}

void SettingsController::changePin(const QString &oldPin, const QString &newPin, const QString &confirmPin)
{
    if (m_changingPin)
        return;
    m_oldPinError.clear();
    m_newPinError.clear();
    m_confirmPinError.clear();
    m_pinStatusMessage.clear();
    if (oldPin.isEmpty())
        m_oldPinError = tr("Enter your current PIN.");
    if (newPin.isEmpty()) {
        m_newPinError = tr("Enter a new PIN.");
    } else if (const Result<void> strong = store::checkPinStrength(newPin.toUtf8()); !strong) {
        m_newPinError = strong.error().message;
    } else if (newPin == oldPin) {
        m_newPinError = tr("The new PIN is the same as the current one. Choose a different one.");
    }
    if (m_newPinError.isEmpty() && confirmPin != newPin)
        m_confirmPinError = tr("This does not match the new PIN. Type the new PIN again.");
    if (!m_oldPinError.isEmpty() || !m_newPinError.isEmpty() || !m_confirmPinError.isEmpty()) {
        Q_EMIT pinChanged();
        return;
    }
    m_changingPin = true;
    m_newPinIsPassphrase = SessionController::isPassphrase(newPin);
    Q_EMIT pinChanged();
    m_worker->requestChangePin(oldPin.toUtf8(), newPin.toUtf8());
}

void SettingsController::clearPinErrors()
{
    if (m_oldPinError.isEmpty() && m_newPinError.isEmpty() && m_confirmPinError.isEmpty() &&
        m_pinStatusMessage.isEmpty())
        return;
    m_oldPinError.clear();
    m_newPinError.clear();
    m_confirmPinError.clear();
    m_pinStatusMessage.clear();
    Q_EMIT pinChanged();
}

void SettingsController::onPinChangeFinished(bool ok, const QString &errorCode, const QString &message)
{
    if (!m_changingPin)
        return;
    m_changingPin = false;
    if (ok) {
        m_session->setUsesPassphrase(m_newPinIsPassphrase);
        m_pinStatusMessage = tr("PIN changed. Use the new one next time you unlock.");
        Q_EMIT pinChanged();
        Q_EMIT pinChangeSucceeded();
        return;
    }
    // Each refusal beside the field it is about; the back-off's wait is in the store's words.
    if (errorCode == store::Store::WeakPin)
        m_newPinError = message;
    else if (errorCode == store::Store::WrongPin || errorCode == store::Store::BackingOff)
        m_oldPinError = message;
    else
        m_pinStatusMessage = message;
    Q_EMIT pinChanged();
}

void SettingsController::beginWipe()
{
    if (m_wipeStage != WipeIdle)
        return;
    m_wipeErrorString.clear();
    m_unsyncedCount = -1;
    setWipeStage(WipeCounting);
    m_worker->requestUnsyncedCount();
}

void SettingsController::confirmWipe()
{
    switch (m_wipeStage) {
    case WipeConfirm:
        if (m_unsyncedCount > 0) {
            setWipeStage(WipeConfirmForce);
            return;
        }
        setWipeStage(Wiping);
        m_worker->requestWipe(false);
        return;
    case WipeConfirmForce:
        setWipeStage(Wiping);
        m_worker->requestWipe(true);
        return;
    default:
        return;
    }
}

void SettingsController::cancelWipe()
{
    if (m_wipeStage == Wiping)
        return;
    resetWipe();
}

void SettingsController::onUnsyncedCounted(int count)
{
    if (m_wipeStage != WipeCounting)
        return;
    if (count < 0) {
        m_wipeErrorString = tr("The device is locked. Unlock it to sign out and wipe it.");
        setWipeStage(WipeIdle);
        return;
    }
    m_unsyncedCount = count;
    setWipeStage(WipeConfirm);
}

void SettingsController::onWipeFinished(bool ok, const QString &errorCode, const QString &message,
                                        int unsynced)
{
    if (m_wipeStage != Wiping)
        return;
    if (ok) {
        resetWipe();
        resetPin();
        m_active = false;
        Q_EMIT activeChanged();
        Q_EMIT wiped(unsynced);
        return;
    }
    if (errorCode == store::Store::UnsyncedChanges) {
        // A change was saved (or pulled) between the count and the wipe: ask again, with the count.
        m_unsyncedCount = unsynced;
        setWipeStage(WipeConfirmForce);
        return;
    }
    m_wipeErrorString = message;
    setWipeStage(WipeIdle);
}

void SettingsController::setWipeStage(WipeStage stage)
{
    m_wipeStage = stage;
    Q_EMIT wipeChanged();
}

void SettingsController::resetPin()
{
    // m_changingPin stays: the worker's answer to a change under way still arrives.
    m_oldPinError.clear();
    m_newPinError.clear();
    m_confirmPinError.clear();
    m_pinStatusMessage.clear();
    Q_EMIT pinChanged();
}

void SettingsController::resetWipe()
{
    m_unsyncedCount = -1;
    m_wipeErrorString.clear();
    setWipeStage(WipeIdle);
}

} // namespace doorstep::app
