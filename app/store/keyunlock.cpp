#include "keyunlock.h"

#include "profilefiles.h"
#include "store.h"
#include "unlockattempts.h"

#include <QLoggingCategory>

namespace doorstep::store {

namespace {

Q_LOGGING_CATEGORY(lcUnlock, "doorstep.store.unlock")

QString seconds(qint64 count)
{
    return count == 1 ? QStringLiteral("1 second") : QStringLiteral("%1 seconds").arg(count);
}

QString attempts(int count)
{
    return count == 1 ? QStringLiteral("1 wrong attempt") : QStringLiteral("%1 wrong attempts").arg(count);
}

} // namespace

Result<KeyVault> unlockKey(const QString &profileDir, const platform::KeyRest &keyRest, const QByteArray &pin,
                           const QDateTime &now)
{
    UnlockAttempts tries(profile::attemptsFile(profileDir));
    if (const qint64 wait = tries.secondsToWait(now); wait > 0) {
        return makeError(Store::BackingOff,
                         QStringLiteral("Too many wrong PINs (%1 so far). Wait %2 before trying again.")
                             .arg(tries.failures())
                             .arg(seconds(wait)),
                         QStringLiteral("pin"));
    }
    const std::optional<QByteArray> wrapped = keyRest.load();
    if (!wrapped) {
        return makeError(Store::Io, QStringLiteral("The key file on this device could not be read. "
                                                   "Check that the profile folder belongs to this user."));
    }
    Result<KeyVault> vault = KeyVault::unwrap(*wrapped, pin);
    if (vault.ok()) {
        if (!tries.reset())
            qCWarning(lcUnlock, "Could not clear the wrong-PIN count");
        return vault;
    }
    if (vault.error().code != Store::WrongPin)
        return vault;

    if (!tries.recordFailure(now))
        qCWarning(lcUnlock, "Could not record a wrong PIN; the back-off may not survive a restart");
    const qint64 wait = UnlockAttempts::waitAfter(tries.failures());
    const QString then = wait > 0 ? QStringLiteral("wait %1 before trying again.").arg(seconds(wait))
                                  : QStringLiteral("after %1, each further attempt has to wait longer.")
                                        .arg(UnlockAttempts::freeAttempts);
    return makeError(
        Store::WrongPin,
        QStringLiteral("That PIN is not right. %1 so far; %2").arg(attempts(tries.failures()), then),
        QStringLiteral("pin"));
}

} // namespace doorstep::store
